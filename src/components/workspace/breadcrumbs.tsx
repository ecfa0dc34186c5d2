import { ChevronRight } from "lucide-react";
import Link from "next/link";

/** Where a page sits: Products › product › lane. The last crumb is the current page. */
export function Breadcrumbs({ items }: { items: Array<{ label: string; href?: string }> }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
        {items.map((item, index) => (
          <li key={`${index}:${item.label}`} className="flex items-center gap-1">
            {index > 0 ? <ChevronRight aria-hidden className="size-3.5" /> : null}
            {item.href ? (
              <Link href={item.href} className="rounded-sm underline-offset-2 hover:text-foreground hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="text-foreground">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
