import { Check } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/class-names";
import { TIMELINE_KINDS, type TimelineKind, timelineFilterHref } from "@/components/lane/timeline-kinds";

/**
 * Kind filters as links, so a filtered history has its own URL to share.
 * Each toggles its kind; "Everything" clears the filter.
 */
export function TimelineFilters({ path, selected }: { path: string; selected: readonly TimelineKind[] }) {
  const chip = (active: boolean) =>
    cn(
      "inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs font-medium transition-colors",
      active ? "border-primary bg-primary text-primary-foreground hover:bg-primary-hover" : "border-border-strong bg-card text-muted-foreground hover:bg-muted hover:text-foreground",
    );
  return (
    <nav aria-label="Filter history by kind">
      <ul className="flex flex-wrap gap-1.5">
        <li>
          <Link href={path} className={chip(selected.length === 0)} scroll={false}>
            {selected.length === 0 ? <Check aria-hidden className="size-3.5" /> : null}
            Everything
            <span className="sr-only">{selected.length === 0 ? " (selected)" : ""}</span>
          </Link>
        </li>
        {TIMELINE_KINDS.map(({ kind, label, icon: Icon }) => {
          const active = selected.includes(kind);
          const next = active ? selected.filter((entry) => entry !== kind) : [...selected, kind];
          const ordered = TIMELINE_KINDS.map((entry) => entry.kind).filter((entry) => next.includes(entry));
          return (
            <li key={kind}>
              <Link
                href={timelineFilterHref(path, ordered)}
                className={chip(active)}
                scroll={false}
              >
                {active ? <Check aria-hidden className="size-3.5" /> : <Icon aria-hidden className="size-3.5" />}
                {label}
                <span className="sr-only">{active ? " (selected, activate to remove)" : ""}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
