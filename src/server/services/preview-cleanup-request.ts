import type { Identity } from "@/server/auth/identity";
import type { PreviewLifecycleCleanupRequest } from "@/server/contracts/preview-lifecycle-cleanup";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { recordAudit } from "@/server/services/audit-trail";
import { type PreviewLifecycleCleanupOutcome, requestPreviewLifecycleCleanup } from "@/server/services/preview-lifecycle-cleanup";

/**
 * A workflow's cleanup request. With apply=true the request is the cleanup's
 * approval (DECISIONS 13), so the approval is audited with the workflow's
 * identity in the same transaction as the cleanup record.
 */
export function requestWorkflowPreviewCleanup(
  db: DbClient,
  request: PreviewLifecycleCleanupRequest,
  actor: Identity,
  traceId: string,
): Promise<PreviewLifecycleCleanupOutcome> {
  return inTransaction(db, async (tx) => {
    const outcome = await requestPreviewLifecycleCleanup(tx, request);
    if (outcome.awaitsExecution) {
      await recordAudit(tx, {
        actor,
        action: "preview_cleanup.apply",
        product: request.product,
        context: request.context,
        targetType: "preview_lifecycle_cleanup",
        targetId: outcome.records.preview_lifecycle_cleanup_id,
        traceId,
        detail: { plan_id: request.plan_id, planned_slugs: outcome.result.planned_slugs, destroy_reason: request.destroy_reason },
      });
    }
    return outcome;
  });
}
