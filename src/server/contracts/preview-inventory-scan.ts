// Preview inventory scan record: append-only evidence of which preview slugs a provider reported
// for one preview context at one time (a zero-preview pass is valid evidence). Mirrors upstream
// control_plane/contracts/preview_inventory_scan_record.py.
import { z } from "zod";

import { nonBlank, recordId, schemaVersion } from "./primitives";

export const previewInventoryScanStatus = z.enum(["pass", "fail"]);
export type PreviewInventoryScanStatus = z.infer<typeof previewInventoryScanStatus>;

export const PreviewInventoryScanRecordFields = z.strictObject({
  schema_version: schemaVersion,
  scan_id: nonBlank("scan_id"),
  context: nonBlank("context"),
  scanned_at: nonBlank("scanned_at"),
  source: nonBlank("source"),
  status: previewInventoryScanStatus,
  preview_count: z.number().int().min(0),
  preview_slugs: z.array(z.string()).default(() => []),
  error_message: z.string().default(""),
});

export const PreviewInventoryScanRecord = PreviewInventoryScanRecordFields.superRefine((value, ctx) => {
  if (value.preview_count !== value.preview_slugs.length) {
    ctx.addIssue({
      code: "custom",
      path: ["preview_count"],
      message: "preview inventory scan record preview_count must match preview_slugs",
    });
  }
});
export type PreviewInventoryScanRecord = z.output<typeof PreviewInventoryScanRecord>;

/** Body of POST /v1/evidence/previews/inventory-scans (this project's ingress for the upstream record). */
export const PreviewInventoryScanEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  inventory_scan: PreviewInventoryScanRecord,
  operation_id: recordId.optional(),
});
export type PreviewInventoryScanEvidenceRequest = z.output<typeof PreviewInventoryScanEvidenceRequest>;

/**
 * Compacts a timestamp for use inside a record id the way upstream does: trim, then drop every
 * ":", "-", "." and "+" (so "2026-04-29T21:30:00Z" becomes "20260429T213000Z").
 * Shared by the preview inventory-scan, desired-state, lifecycle plan/cleanup and PR feedback ids.
 */
export function compactTimestampForId(timestamp: string): string {
  return timestamp.trim().replace(/[:\-.+]/g, "");
}

/** `preview-inventory-scan-<context>-<compact scanned_at>`. */
export function buildPreviewInventoryScanId(context: string, scannedAt: string): string {
  return `preview-inventory-scan-${context}-${compactTimestampForId(scannedAt)}`;
}
