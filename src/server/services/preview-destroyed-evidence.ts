import { canonicalJson } from "@/server/contracts/canonical-json";
import {
  type PreviewDestroyMutationRequest,
  PreviewRecord,
  buildPreviewLabel,
  generatePreviewId,
} from "@/server/contracts/preview";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { parseContract } from "@/server/services/contract-input";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { previewRepository } from "@/server/repositories/preview-repository";
import { applyDestroyedTransition } from "@/server/services/preview-transition";
import { requireTimestamp } from "@/server/services/record-timestamp";

export interface PreviewDestroyedEvidenceInput {
  product: string;
  destroy: PreviewDestroyMutationRequest;
  operation_id?: string | null;
}

export interface PreviewDestroyedEvidenceResult {
  /** True when the preview already carried exactly this teardown; nothing was written. */
  duplicate: boolean;
  records: { preview_id: string; transition: "destroyed" };
  preview: PreviewRecord;
}

/**
 * POST /v1/evidence/previews/destroyed: confirmed teardown of an existing
 * preview. Destroy needs a stored preview of the same product: none is 404
 * not_found (upstream answered 400; a missing target is a not-found), another
 * product's is 409 record_conflict. Only the preview row changes; its
 * generations are untouched and it stays readable with its history.
 * Re-destroying rewrites the teardown time and reason, as upstream does; an
 * identical re-send writes nothing.
 */
export async function ingestPreviewDestroyedEvidence(
  db: DbClient,
  input: PreviewDestroyedEvidenceInput,
): Promise<PreviewDestroyedEvidenceResult> {
  const { product, destroy } = input;
  requireTimestamp(destroy.destroyed_at, "destroy.destroyed_at");

  const result = await inTransaction(db, async (tx): Promise<PreviewDestroyedEvidenceResult> => {
    const previews = previewRepository(tx);
    await previews.lockIdentity(generatePreviewId(destroy.context, destroy.anchor_repo, destroy.anchor_pr_number));
    const stored = await previews.findByAnchor(destroy.context, destroy.anchor_repo, destroy.anchor_pr_number);
    if (!stored) {
      throw new LaunchplaneError(
        "not_found",
        `No Launchplane preview found for ${buildPreviewLabel(destroy.context, destroy.anchor_repo, destroy.anchor_pr_number)}.`,
      );
    }
    if (stored.product !== product) {
      throw new LaunchplaneError(
        "record_conflict",
        `preview ${stored.record.preview_id} belongs to product ${stored.product}, not ${product}`,
      );
    }
    const preview = parseContract(PreviewRecord, applyDestroyedTransition(stored.record, destroy));
    const records = { preview_id: preview.preview_id, transition: "destroyed" as const };
    if (canonicalJson(preview) === canonicalJson(stored.record)) return { duplicate: true, records, preview };
    await previews.save(product, preview);
    return { duplicate: false, records, preview };
  });

  if (!result.duplicate) void publishRecordEvent({ kind: "preview", product, id: result.preview.preview_id, context: destroy.context });
  return result;
}
