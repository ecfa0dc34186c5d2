import {
  PreviewLifecycleCleanupRecord,
  type PreviewLifecycleCleanupRequest,
  type PreviewLifecycleCleanupResult,
  buildPreviewLifecycleCleanupId,
} from "@/server/contracts/preview-lifecycle-cleanup";
import type { PreviewLifecyclePlanRecord } from "@/server/contracts/preview-lifecycle-plan";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { parseContract } from "@/server/services/contract-input";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { previewLifecycleCleanupRepository } from "@/server/repositories/preview-lifecycle-cleanup-repository";
import { previewLifecyclePlanRepository } from "@/server/repositories/preview-lifecycle-plan-repository";
import { insertWithFreshTimestamp } from "@/server/services/timestamped-record-insert";

export interface PreviewLifecycleCleanupOutcome {
  records: { preview_lifecycle_cleanup_id: string };
  result: PreviewLifecycleCleanupRecord;
  /** True when the record is an approved cleanup the guarded-operation worker must still execute. */
  awaitsExecution: boolean;
}

export const PLAN_NOT_FOUND_MESSAGE = "Preview lifecycle cleanup requires an existing plan for the requested product/context.";

/**
 * POST /v1/previews/lifecycle-cleanup (DECISIONS 13). Nothing is destroyed
 * here, ever: this records what a cleanup of a lifecycle plan's orphaned
 * previews would do, or that it was approved.
 *
 * - The plan must exist for the same product and context (404 otherwise,
 *   nothing written).
 * - apply=false (default) reports only: `report_only` with one `planned`
 *   result per orphan, or `blocked` when the plan did not pass (upstream).
 * - apply=true is the workflow's approval of the cleanup. It is refused with
 *   nothing written unless the plan passed and is still the latest plan of
 *   the context, and while another approved cleanup of the plan awaits
 *   execution. It records status `approved` with one `planned` result per
 *   orphan and no destroyed slugs: the guarded-operation worker executes it
 *   later, re-checking every gate, and records the outcome. A passing plan
 *   with no orphans needs no execution and is recorded as `pass`.
 */
export async function requestPreviewLifecycleCleanup(
  db: DbClient,
  request: PreviewLifecycleCleanupRequest,
  options: { now?: Date } = {},
): Promise<PreviewLifecycleCleanupOutcome> {
  const { product, context } = request;
  const record = await inTransaction(db, async (tx) => {
    const plans = previewLifecyclePlanRepository(tx);
    const cleanups = previewLifecycleCleanupRepository(tx);
    const stored = await plans.findForUpdate(request.plan_id);
    if (!stored || stored.product !== product || stored.record.product !== product || stored.record.context !== context) {
      throw new LaunchplaneError("not_found", PLAN_NOT_FOUND_MESSAGE, { plan_id: request.plan_id });
    }
    const plan = stored.record;

    if (request.apply) {
      if (plan.status !== "pass") {
        throw new LaunchplaneError(
          "invalid_request",
          `Preview lifecycle plan ${plan.plan_id} status is ${plan.status}; applying cleanup requires a pass plan.`,
          { plan_status: plan.status },
        );
      }
      const latest = await plans.latestForContext(context, product);
      if (latest && latest.record.plan_id !== plan.plan_id) {
        throw new LaunchplaneError(
          "invalid_request",
          `Preview lifecycle plan ${plan.plan_id} is superseded by ${latest.record.plan_id}; apply cleanup against the latest plan.`,
        );
      }
      const pending = await cleanups.latestForPlan(plan.plan_id, { statuses: ["approved"], apply: true });
      if (pending) {
        throw new LaunchplaneError(
          "operation_in_progress",
          `Preview lifecycle cleanup ${pending.record.cleanup_id} of plan ${plan.plan_id} is already approved and awaits execution.`,
        );
      }
    }

    return insertWithFreshTimestamp(
      options.now ?? new Date(),
      (requestedAt) => parseContract(PreviewLifecycleCleanupRecord, buildCleanup(request, plan, requestedAt)),
      (candidate) => cleanups.insert(candidate),
      "preview lifecycle cleanup",
    );
  });

  void publishRecordEvent({ kind: "preview_lifecycle_cleanup", product, id: record.cleanup_id, context });
  return {
    records: { preview_lifecycle_cleanup_id: record.cleanup_id },
    result: record,
    awaitsExecution: record.status === "approved",
  };
}

function buildCleanup(
  request: PreviewLifecycleCleanupRequest,
  plan: PreviewLifecyclePlanRecord,
  requestedAt: string,
): PreviewLifecycleCleanupRecord {
  const orphans = [...plan.orphaned_slugs];
  const base = {
    schema_version: request.schema_version,
    cleanup_id: buildPreviewLifecycleCleanupId(request.context, requestedAt),
    product: request.product,
    context: request.context,
    plan_id: plan.plan_id,
    inventory_scan_id: plan.inventory_scan_id,
    requested_at: requestedAt,
    source: request.source,
    apply: request.apply,
    destroyed_slugs: [],
    failed_slugs: [],
  };
  if (plan.status !== "pass") {
    // Only reachable with apply=false: apply=true on such a plan is refused.
    return {
      ...base,
      status: "blocked",
      planned_slugs: orphans,
      blocked_slugs: orphans,
      results: orphans.map((slug) => result(slug, "blocked")),
      error_message: `Preview lifecycle plan status is ${plan.status}; cleanup requires pass.`,
    };
  }
  const status = !request.apply ? "report_only" : orphans.length > 0 ? "approved" : "pass";
  return {
    ...base,
    status,
    planned_slugs: orphans,
    blocked_slugs: [],
    results: orphans.map((slug) => result(slug, "planned")),
    error_message: "",
  };
}

function result(slug: string, status: "planned" | "blocked"): PreviewLifecycleCleanupResult {
  return {
    preview_slug: slug,
    anchor_repo: "",
    status,
    application_name: "",
    application_id: "",
    preview_url: "",
    error_message: "",
  };
}
