import { DatabaseBackup, type LucideIcon, Rocket, ScrollText, Siren, Tag, Undo2, Upload } from "lucide-react";

/** The kinds a lane's history holds, in filter order, with their labels and icons. */
export const TIMELINE_KINDS = [
  { kind: "deployment", label: "Deployments", icon: Upload },
  { kind: "promotion", label: "Promotions", icon: Rocket },
  { kind: "rollback", label: "Rollbacks", icon: Undo2 },
  { kind: "backup_gate", label: "Backup gates", icon: DatabaseBackup },
  { kind: "release_tuple", label: "Tuple changes", icon: Tag },
  { kind: "incident", label: "Incidents", icon: Siren },
  { kind: "audit", label: "Operator actions", icon: ScrollText },
] as const satisfies ReadonlyArray<{ kind: string; label: string; icon: LucideIcon }>;

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
