import type { PreviewDesiredStateRecord } from "@/server/contracts/preview-desired-state";
import type { PreviewInventoryScanRecord } from "@/server/contracts/preview-inventory-scan";
import {
  type PreviewLifecycleDesiredPreview,
  PreviewLifecyclePlanRecord,
  type PreviewLifecyclePlanRequest,
  buildPreviewLifecyclePlanId,
} from "@/server/contracts/preview-lifecycle-plan";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { parseContract } from "@/server/services/contract-input";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { previewDesiredStateRepository } from "@/server/repositories/preview-desired-state-repository";
import { previewInventoryScanRepository } from "@/server/repositories/preview-inventory-scan-repository";
import { previewLifecyclePlanRepository } from "@/server/repositories/preview-lifecycle-plan-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { compareSlugs } from "@/server/services/preview-desired-state";
import { insertWithFreshTimestamp } from "@/server/services/timestamped-record-insert";

export interface PreviewLifecyclePlanResult {
  records: { preview_lifecycle_plan_id: string };
  result: PreviewLifecyclePlanRecord;
}

export const MISSING_INVENTORY_MESSAGE =
  "Launchplane has not recorded a preview inventory scan for this context; provider state is unknown, so cleanup is blocked.";
export const MISSING_DESIRED_STATE_MESSAGE =
  "Launchplane has no desired preview state for this context (no desired_previews, desired_state_id or recorded desired state); cleanup is blocked.";

/**
 * POST /v1/previews/lifecycle-plan: compares the desired previews with the
 * latest inventory scan of the product's context and records keep /
 * orphaned / missing. Only a `pass` plan allows cleanup.
 *
 * Desired previews come from, in order: the desired state named by
 * `desired_state_id` (404 when it is not this product/context's), the
 * request's `desired_previews`, else the latest recorded desired state.
 * Fail-closed:
 * - no scan at all: `missing_inventory` with nothing orphaned (unknown
 *   provider state is never "nothing to clean"); a zero-preview pass scan
 *   is real evidence and plans normally;
 * - a failed scan: `fail`;
 * - a failed or absent desired state: `fail` with nothing orphaned, so an
 *   unknown desired set never orphans every preview.
 */
export async function planPreviewLifecycle(
  db: DbClient,
  request: PreviewLifecyclePlanRequest,
  options: { now?: Date } = {},
): Promise<PreviewLifecyclePlanResult> {
  const { product, context } = request;
  const plan = await inTransaction(db, async (tx) => {
    const desired = await resolveDesiredPreviews(tx, request);
    const scan = await previewInventoryScanRepository(tx).latestForContext(context, product);
    return insertWithFreshTimestamp(
      options.now ?? new Date(),
      (plannedAt) => parseContract(PreviewLifecyclePlanRecord, buildPlan(request, plannedAt, desired, scan?.record ?? null)),
      (record) => previewLifecyclePlanRepository(tx).insert(record),
      "preview lifecycle plan",
    );
  });
  void publishRecordEvent({ kind: "preview_lifecycle_plan", product, id: plan.plan_id, context });
  return { records: { preview_lifecycle_plan_id: plan.plan_id }, result: plan };
}

/** Where the desired set came from; `known: false` means nobody said. */
interface DesiredPreviews {
  known: boolean;
  previews: PreviewLifecycleDesiredPreview[];
  desiredStateId: string;
  /** Set when the desired-state discovery itself failed. */
  error: string;
}

async function resolveDesiredPreviews(tx: DbClient, request: PreviewLifecyclePlanRequest): Promise<DesiredPreviews> {
  const repository = previewDesiredStateRepository(tx);
  const namedId = request.desired_state_id.trim();
  let record: StoredRecord<PreviewDesiredStateRecord> | null = null;
  if (namedId) {
    record = await repository.find(namedId);
    if (!record || record.product !== request.product || record.record.context !== request.context) {
      throw new LaunchplaneError(
        "not_found",
        `Preview desired state ${namedId} is not recorded for ${request.product}/${request.context}.`,
      );
    }
  } else if (request.desired_previews.length === 0) {
    record = await repository.latestForContext(request.context, request.product);
  }

  const previews = request.desired_previews.length > 0 ? request.desired_previews : (record?.record.desired_previews ?? []);
  const desiredStateId = record?.record.desired_state_id ?? "";
  if (record && record.record.status !== "pass") {
    const reason = record.record.error_message.trim() || "discovery failed";
    return { known: false, previews: [], desiredStateId, error: `Preview desired state ${desiredStateId} failed: ${reason}` };
  }
  if (!record && request.desired_previews.length === 0) {
    return { known: false, previews: [], desiredStateId: "", error: MISSING_DESIRED_STATE_MESSAGE };
  }
  return { known: true, previews: normaliseDesiredPreviews(previews), desiredStateId, error: "" };
}

/** Slugs trimmed, one entry per slug (the last wins), sorted by slug. */
export function normaliseDesiredPreviews(previews: readonly PreviewLifecycleDesiredPreview[]): PreviewLifecycleDesiredPreview[] {
  const bySlug = new Map<string, PreviewLifecycleDesiredPreview>();
  for (const preview of previews) {
    const slug = preview.preview_slug.trim();
    if (slug) bySlug.set(slug, { ...preview, preview_slug: slug });
  }
  return [...bySlug.values()].sort((left, right) => compareSlugs(left.preview_slug, right.preview_slug));
}

function buildPlan(
  request: PreviewLifecyclePlanRequest,
  plannedAt: string,
  desired: DesiredPreviews,
  scan: PreviewInventoryScanRecord | null,
): PreviewLifecyclePlanRecord {
  const base = {
    schema_version: request.schema_version,
    plan_id: buildPreviewLifecyclePlanId(request.context, plannedAt),
    product: request.product,
    context: request.context,
    planned_at: plannedAt,
    source: request.source,
    desired_state_id: desired.desiredStateId,
    desired_previews: desired.previews,
    desired_slugs: desired.previews.map((preview) => preview.preview_slug),
  };
  if (!scan) {
    return {
      ...base,
      status: "missing_inventory",
      inventory_scan_id: "",
      actual_slugs: [],
      keep_slugs: [],
      orphaned_slugs: [],
      missing_slugs: [],
      error_message: desired.known ? MISSING_INVENTORY_MESSAGE : `${MISSING_INVENTORY_MESSAGE} ${desired.error}`,
    };
  }
  const actual = [...new Set(scan.preview_slugs)].sort(compareSlugs);
  if (!desired.known) {
    return {
      ...base,
      status: "fail",
      inventory_scan_id: scan.scan_id,
      actual_slugs: actual,
      keep_slugs: [],
      orphaned_slugs: [],
      missing_slugs: [],
      error_message: desired.error,
    };
  }
  const desiredSet = new Set(base.desired_slugs);
  const actualSet = new Set(actual);
  return {
    ...base,
    status: scan.status === "pass" ? "pass" : "fail",
    inventory_scan_id: scan.scan_id,
    actual_slugs: actual,
    keep_slugs: actual.filter((slug) => desiredSet.has(slug)),
    orphaned_slugs: actual.filter((slug) => !desiredSet.has(slug)),
    missing_slugs: base.desired_slugs.filter((slug) => !actualSet.has(slug)),
    error_message: scan.status === "pass" ? scan.error_message : scan.error_message.trim() || `Preview inventory scan ${scan.scan_id} failed.`,
  };
}
