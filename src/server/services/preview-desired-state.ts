import {
  type PreviewDesiredStateRecord,
  type PreviewDesiredStateRequest,
  buildPreviewDesiredStateId,
} from "@/server/contracts/preview-desired-state";
import type { PreviewLifecycleDesiredPreview } from "@/server/contracts/preview-lifecycle-plan";
import { RECORD_ID_PATTERN } from "@/server/contracts/primitives";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import type { DbClient } from "@/server/repositories/db-client";
import { previewDesiredStateRepository } from "@/server/repositories/preview-desired-state-repository";
import { settleEvidenceInsert } from "@/server/services/evidence-write";
import { requireTimestamp } from "@/server/services/record-timestamp";

export interface PreviewDesiredStateInput {
  product: string;
  desired_state: PreviewDesiredStateRecord;
}

export interface PreviewDesiredStateResult {
  duplicate: boolean;
  records: { preview_desired_state_id: string };
  result: PreviewDesiredStateRecord;
}

/**
 * Records a desired-state discovery (which pull requests should have a
 * preview) as append-only evidence for lifecycle planning. A `fail` record
 * is stored too: it tells planning the desired set is unknown. Identical
 * re-sends write nothing; the same id with other content is a 409.
 */
export async function recordPreviewDesiredState(db: DbClient, input: PreviewDesiredStateInput): Promise<PreviewDesiredStateResult> {
  const { product, desired_state: record } = input;
  if (record.product !== product) {
    throw new LaunchplaneError("invalid_request", `desired_state.product ${JSON.stringify(record.product)} does not match product ${JSON.stringify(product)}`);
  }
  if (!RECORD_ID_PATTERN.test(record.desired_state_id)) {
    throw new LaunchplaneError("invalid_request", "desired_state.desired_state_id must be 1-200 characters from [A-Za-z0-9._:-]");
  }
  if (record.desired_count !== record.desired_previews.length) {
    throw new LaunchplaneError("invalid_request", "desired_state.desired_count must match desired_previews");
  }
  requireTimestamp(record.discovered_at, "desired_state.discovered_at");

  const outcome = await previewDesiredStateRepository(db).insert(record);
  const duplicate =
    settleEvidenceInsert(outcome, record, product, "preview desired state", record.desired_state_id) === "duplicate";
  if (!duplicate) {
    void publishRecordEvent({ kind: "preview_desired_state", product, id: record.desired_state_id, context: record.context });
  }
  return { duplicate, records: { preview_desired_state_id: record.desired_state_id }, result: record };
}

/** One open pull request as a discovery found it. */
export interface DiscoveredPullRequest {
  number: number;
  html_url: string;
  head_sha: string;
}

export type PreviewDesiredStateDiscovery =
  | { status: "pass"; pull_requests: readonly DiscoveredPullRequest[] }
  | { status: "fail"; error_message: string };

/**
 * The desired-state record for a discovery outcome (upstream
 * build_preview_desired_state_record): every open pull request is desired,
 * its slug is the product's slug template with `{number}` replaced, else
 * `preview_slug_prefix + number`; previews are sorted by slug. A failed
 * discovery is a `fail` record with no previews, never a short list.
 */
export function buildPreviewDesiredStateRecord(
  request: PreviewDesiredStateRequest,
  discovery: PreviewDesiredStateDiscovery,
  discoveredAt: string,
  slugTemplate?: string,
): PreviewDesiredStateRecord {
  const base = {
    schema_version: request.schema_version,
    desired_state_id: buildPreviewDesiredStateId(request.context, discoveredAt),
    product: request.product,
    context: request.context,
    source: request.source,
    discovered_at: discoveredAt,
    repository: request.repository,
    label: "",
    anchor_repo: request.anchor_repo,
    preview_slug_prefix: request.preview_slug_prefix,
  };
  if (discovery.status === "fail") {
    return { ...base, status: "fail", desired_count: 0, desired_previews: [], error_message: discovery.error_message.trim() || "Preview desired-state discovery failed." };
  }
  const template = slugTemplate?.includes("{number}") ? slugTemplate : undefined;
  const previews: PreviewLifecycleDesiredPreview[] = discovery.pull_requests
    .map((pr) => ({
      preview_slug: template ? template.replaceAll("{number}", String(pr.number)) : `${request.preview_slug_prefix}${pr.number}`,
      anchor_repo: request.anchor_repo,
      anchor_pr_number: pr.number,
      anchor_pr_url: pr.html_url,
      head_sha: pr.head_sha,
    }))
    .sort((left, right) => compareSlugs(left.preview_slug, right.preview_slug));
  return { ...base, status: "pass", desired_count: previews.length, desired_previews: previews, error_message: "" };
}

/** Plain code-unit order, as upstream's Python sort (`pr-10` before `pr-7`). */
export function compareSlugs(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
