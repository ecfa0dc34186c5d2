import type { RecordKind } from "@/server/contracts/record-reference";

/**
 * Console paths of record detail pages (`/records/{kind}/{key}`) for the
 * record names read models carry. Activity items name records by their
 * family (`public_ingress_incident`); the detail pages by kind (`incident`).
 * Families without a detail page (audit events, historical tuples) get none.
 */
const KIND_OF: Record<string, RecordKind> = {
  deployment: "deployment",
  promotion: "promotion",
  backup_gate: "backup_gate",
  artifact: "artifact",
  incident: "incident",
  public_ingress_incident: "incident",
  preview: "preview",
  preview_generation: "preview_generation",
};

function path(kind: string, ...parts: string[]): string {
  return `/records/${kind}/${parts.map(encodeURIComponent).join("/")}`;
}

/** The record kind of a family name read models use, or null when the family has no detail view. */
export function recordKindOf(recordType: string): RecordKind | null {
  return KIND_OF[recordType] ?? null;
}

/** The first record of a list that has a detail view, as kind and key. */
export function firstRecord(records: ReadonlyArray<{ record_type: string; record_id: string }>): { kind: RecordKind; key: string } | null {
  for (const record of records) {
    const kind = recordKindOf(record.record_type);
    if (kind && record.record_id) return { kind, key: record.record_id };
  }
  return null;
}

/** A lane's current inventory (what runs). */
export function inventoryHref(context: string, instance: string): string {
  return path("inventory", context, instance);
}

/** A lane's current release tuple. */
export function currentTupleHref(context: string, channel: string): string {
  return path("release_tuple", context, channel);
}

export function productHref(product: string): string {
  return `/products/${encodeURIComponent(product)}`;
}

export function laneHref(product: string, instance: string): string {
  return `${productHref(product)}/lanes/${encodeURIComponent(instance)}`;
}

export function previewHref(product: string, previewId: string): string {
  return `${productHref(product)}/previews/${encodeURIComponent(previewId)}`;
}
