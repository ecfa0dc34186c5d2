import { Rocket } from "lucide-react";
import Link from "next/link";

/** The product mark; links home. */
export function Brand({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight">
      <span aria-hidden className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Rocket className="size-4" />
      </span>
      <span>Launchplane</span>
    </Link>
  );
}
