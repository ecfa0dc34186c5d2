import type { PreviewInventoryScanRecord } from "@/server/contracts/preview-inventory-scan";
import { RECORD_ID_PATTERN } from "@/server/contracts/primitives";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import type { DbClient } from "@/server/repositories/db-client";
import { previewInventoryScanRepository } from "@/server/repositories/preview-inventory-scan-repository";
import { settleEvidenceInsert } from "@/server/services/evidence-write";
import { requireTimestamp } from "@/server/services/record-timestamp";

export interface PreviewInventoryScanEvidenceInput {
  product: string;
  inventory_scan: PreviewInventoryScanRecord;
  operation_id?: string | null;
}

export interface PreviewInventoryScanEvidenceResult {
  duplicate: boolean;
  records: { preview_inventory_scan_id: string };
}

/**
 * POST /v1/evidence/previews/inventory-scans: append-only provider inventory
 * evidence for a preview context. A pass scan with zero previews is verified
 * empty inventory (and is stored like any other); only the absence of any
 * scan means the inventory is unknown. Identical re-sends write nothing; the
 * same scan_id with other content is 409 record_conflict.
 */
export async function ingestPreviewInventoryScanEvidence(
  db: DbClient,
  input: PreviewInventoryScanEvidenceInput,
): Promise<PreviewInventoryScanEvidenceResult> {
  const { product, inventory_scan: scan } = input;
  if (!RECORD_ID_PATTERN.test(scan.scan_id)) {
    throw new LaunchplaneError("invalid_request", "inventory_scan.scan_id must be 1-200 characters from [A-Za-z0-9._:-]");
  }
  if (scan.preview_count !== scan.preview_slugs.length) {
    throw new LaunchplaneError("invalid_request", "inventory_scan.preview_count must match preview_slugs");
  }
  requireTimestamp(scan.scanned_at, "inventory_scan.scanned_at");

  const outcome = await previewInventoryScanRepository(db).insert(product, scan);
  const duplicate = settleEvidenceInsert(outcome, scan, product, "preview inventory scan", scan.scan_id) === "duplicate";
  if (!duplicate) void publishRecordEvent({ kind: "preview_inventory_scan", product, id: scan.scan_id, context: scan.context });
  return { duplicate, records: { preview_inventory_scan_id: scan.scan_id } };
}
