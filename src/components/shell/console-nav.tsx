"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/class-names";
import { CONSOLE_AREAS, isAreaActive } from "@/components/shell/console-navigation";

/** Area links; scrolls sideways on narrow screens rather than hiding anything. */
export function ConsoleNav({ className }: { className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Console" className={cn("overflow-x-auto", className)}>
      <ul className="flex min-w-max items-center gap-1">
        {CONSOLE_AREAS.map((area) => {
          const active = isAreaActive(area, pathname);
          const Icon = area.icon;
          return (
            <li key={area.href}>
              <Link
                href={area.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors",
                  active ? "bg-muted text-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )}
              >
                <Icon aria-hidden className="size-4" />
                {area.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
