/**
 * Console paths of record detail pages (`/records/{kind}/{key}`) for the
 * record names read models carry. Activity items name records by their
 * family (`public_ingress_incident`); the detail pages by kind (`incident`).
 * Families without a detail page (audit events, historical tuples) get none.
 */
const KIND_OF: Record<string, string> = {
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

/** The detail page of a record, or null when its family has none. */
export function recordHref(recordType: string, id: string): string | null {
  const kind = KIND_OF[recordType];
  return kind && id ? path(kind, id) : null;
}

/** A lane's current inventory (what runs). */
export function inventoryHref(context: string, instance: string): string {
  return path("inventory", context, instance);
}

/** A lane's current release tuple. */
export function currentTupleHref(context: string, channel: string): string {
  return path("release_tuple", context, channel);
}

/** The first record of a list that has a detail page. */
export function firstRecordHref(records: ReadonlyArray<{ record_type: string; record_id: string }>): string | null {
  for (const record of records) {
    const href = recordHref(record.record_type, record.record_id);
    if (href) return href;
  }
  return null;
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
