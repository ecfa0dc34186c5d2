import { recordKindOf } from "@/components/records/record-kinds";
import { type RecordKind, recordPath } from "@/lib/record-path";

/** Console paths: record detail pages (`/records/{kind}/{key}`) and product, lane and preview pages. */

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
  return recordPath({ kind: "inventory", key: `${context}/${instance}` });
}

/** A lane's current release tuple. */
export function currentTupleHref(context: string, channel: string): string {
  return recordPath({ kind: "release_tuple", key: `${context}/${channel}` });
}

export function productHref(product: string): string {
  return `/products/${encodeURIComponent(product)}`;
}

export function productIncidentsHref(product: string): string {
  return `${productHref(product)}/incidents`;
}

export function productSecretsHref(product: string): string {
  return `${productHref(product)}/secrets`;
}

export function laneHref(product: string, instance: string): string {
  return `${productHref(product)}/lanes/${encodeURIComponent(instance)}`;
}

export function previewHref(product: string, previewId: string): string {
  return `${productHref(product)}/previews/${encodeURIComponent(previewId)}`;
}
