import { canonicalJson } from "@/server/contracts/canonical-json";
import { type PreviewEnablementRecord, previewEnablementRecordId } from "@/server/contracts/preview-enablement";
import { RECORD_ID_PATTERN } from "@/server/contracts/primitives";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { previewEnablementRepository } from "@/server/repositories/preview-enablement-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requireTimestamp } from "@/server/services/record-timestamp";

export interface PreviewEnablementEvidenceInput {
  product: string;
  enablement: PreviewEnablementRecord;
  operation_id?: string | null;
}

/**
 * - inserted: first snapshot of this pull request;
 * - updated: a newer (or equally new) event replaced the snapshot;
 * - duplicate: the stored snapshot is identical, nothing written;
 * - stale: the stored snapshot is newer, nothing written.
 */
export type PreviewEnablementOutcome = "inserted" | "updated" | "duplicate" | "stale";

export interface PreviewEnablementEvidenceResult {
  outcome: PreviewEnablementOutcome;
  records: { preview_enablement_id: string };
}

/**
 * POST /v1/evidence/previews/enablements: the current snapshot of whether a
 * pull request asked for a preview, one per PR (`<context>-<repo>-pr-<n>`),
 * replaced by each newer event as upstream does. Webhook events can arrive
 * out of order, so an event older than the stored snapshot is accepted and
 * ignored rather than rolling the snapshot back. Another product's snapshot
 * of the same pull request is a 409.
 */
export async function ingestPreviewEnablementEvidence(
  db: DbClient,
  input: PreviewEnablementEvidenceInput,
): Promise<PreviewEnablementEvidenceResult> {
  const { product, enablement } = input;
  const expectedId = previewEnablementRecordId(enablement.context, enablement.anchor_repo, enablement.anchor_pr_number);
  if (enablement.record_id !== expectedId) {
    throw new LaunchplaneError(
      "invalid_request",
      `enablement.record_id must be ${JSON.stringify(expectedId)} (<context>-<anchor_repo>-pr-<n>), got ${JSON.stringify(enablement.record_id)}`,
    );
  }
  if (!RECORD_ID_PATTERN.test(expectedId)) {
    throw new LaunchplaneError("invalid_request", "enablement.record_id must be 1-200 characters from [A-Za-z0-9._:-]");
  }
  const updatedAt = requireTimestamp(enablement.updated_at, "enablement.updated_at");
  const records = { preview_enablement_id: expectedId };

  const outcome = await inTransaction(db, async (tx): Promise<PreviewEnablementOutcome> => {
    const repository = previewEnablementRepository(tx);
    let stored = await repository.findForUpdate(expectedId);
    if (!stored) {
      if (await repository.insert(product, enablement)) return "inserted";
      // Another request inserted it meanwhile; decide against that row.
      stored = await repository.findForUpdate(expectedId);
      if (!stored) throw new Error(`preview enablement ${expectedId} vanished during insert`);
    }
    const decision = decide(stored, product, enablement, updatedAt);
    if (decision === "updated") await repository.replace(product, enablement);
    return decision;
  });

  if (outcome === "inserted" || outcome === "updated") {
    void publishRecordEvent({ kind: "preview_enablement", product, id: expectedId, context: enablement.context });
  }
  return { outcome, records };
}

function decide(
  stored: StoredRecord<PreviewEnablementRecord>,
  product: string,
  incoming: PreviewEnablementRecord,
  incomingUpdatedAt: Date,
): "updated" | "duplicate" | "stale" {
  if (stored.product !== product) {
    throw new LaunchplaneError(
      "record_conflict",
      `preview enablement ${incoming.record_id} belongs to product ${stored.product}, not ${product}`,
    );
  }
  if (canonicalJson(stored.record) === canonicalJson(incoming)) return "duplicate";
  const storedUpdatedAt = new Date(stored.record.updated_at);
  return incomingUpdatedAt.getTime() < storedUpdatedAt.getTime() ? "stale" : "updated";
}
