import Link from "next/link";
import { PublicPageFrame } from "@/components/shell/public-page-frame";
import { buttonClassName } from "@/components/ui/button";

export default function NotFound() {
  return (
    <PublicPageFrame>
      <h1 className="text-xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 text-sm text-muted-foreground">There is nothing at this address.</p>
      <Link href="/" className={`${buttonClassName("secondary")} mt-6 w-full`}>
        Go to the console
      </Link>
    </PublicPageFrame>
  );
}
