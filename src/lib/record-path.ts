/**
 * Record families with a detail view and the path of that view. Kept free of
 * zod so the browser bundle that links to records does not carry it; the
 * record-reference contract builds its enum from the same list.
 */
export const RECORD_KINDS = [
  "deployment",
  "promotion",
  "backup_gate",
  "artifact",
  "inventory",
  "release_tuple",
  "preview",
  "preview_generation",
  "incident",
] as const;

export type RecordKind = (typeof RECORD_KINDS)[number];

/** The console path of a record's detail page (composite keys keep their slash). */
export function recordPath(reference: { kind: RecordKind; key: string }): string {
  const key = reference.key.split("/").map(encodeURIComponent).join("/");
  return `/records/${reference.kind}/${key}`;
}
