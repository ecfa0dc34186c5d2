import { DatabaseBackup, type LucideIcon, Rocket, ScrollText, Siren, Tag, Undo2, Upload } from "lucide-react";

/** The kinds a lane's history holds, in filter order, with their labels and icons. */
export const TIMELINE_KINDS = [
  { kind: "deployment", label: "Deployments", title: "Deployment", icon: Upload },
  { kind: "promotion", label: "Promotions", title: "Promotion", icon: Rocket },
  { kind: "rollback", label: "Rollbacks", title: "Rollback", icon: Undo2 },
  { kind: "backup_gate", label: "Backup gates", title: "Backup gate", icon: DatabaseBackup },
  { kind: "release_tuple", label: "Tuple changes", title: "Release tuple changed", icon: Tag },
  { kind: "incident", label: "Incidents", title: "Incident", icon: Siren },
  { kind: "audit", label: "Operator actions", title: "Operator action", icon: ScrollText },
] as const satisfies ReadonlyArray<{ kind: string; label: string; title: string; icon: LucideIcon }>;

export type TimelineKind = (typeof TIMELINE_KINDS)[number]["kind"];

const KNOWN = new Set<string>(TIMELINE_KINDS.map((entry) => entry.kind));

/** `?kind=` values (repeated and/or comma-separated) to known kinds, in filter order; unknown ones are ignored. */
export function parseTimelineKinds(value: string | string[] | undefined): TimelineKind[] {
  const wanted = new Set(
    (Array.isArray(value) ? value : value ? [value] : [])
      .flatMap((entry) => entry.split(","))
      .map((entry) => entry.trim())
      .filter((entry) => KNOWN.has(entry)),
  );
  return TIMELINE_KINDS.map((entry) => entry.kind).filter((kind) => wanted.has(kind));
}

/** The lane page URL with these kinds selected (none: everything). */
export function timelineFilterHref(path: string, kinds: readonly string[]): string {
  return kinds.length ? `${path}?kind=${kinds.join(",")}` : path;
}

/** The lane timeline query's input; the page's prefetch and the client list must build it the same way. */
export function timelineInput(product: string, instance: string, kinds: readonly TimelineKind[]) {
  return kinds.length ? { product, instance, kinds: [...kinds] } : { product, instance };
}
