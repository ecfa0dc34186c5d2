import {
  PreviewPrFeedbackRecord,
  type PreviewPrFeedbackDeliveryStatus,
  type PreviewPrFeedbackRequest,
  buildPreviewPrFeedbackId,
} from "@/server/contracts/preview-pr-feedback";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { parseContract } from "@/server/services/contract-input";
import type { DbClient } from "@/server/repositories/db-client";
import { previewPrFeedbackRepository } from "@/server/repositories/preview-pr-feedback-repository";
import { previewRepository } from "@/server/repositories/preview-repository";
import { renderPreviewPrFeedbackMarkdown } from "@/server/services/preview-pr-feedback-markdown";
import { insertWithFreshTimestamp } from "@/server/services/timestamped-record-insert";

/**
 * What happened to the comment on GitHub, as reported by whoever delivered
 * it (upstream's outcomes: created_comment / updated_comment /
 * deleted_comment when delivered, no_existing_comment when a clear found
 * nothing, an error message when skipped or failed).
 */
export interface PreviewPrFeedbackDelivery {
  delivery_status: PreviewPrFeedbackDeliveryStatus;
  delivery_action?: string;
  comment_id?: number;
  comment_url?: string;
  error_message?: string;
}

export interface PreviewPrFeedbackOptions {
  /** The delivery outcome; absent means nobody delivered the comment. */
  delivery?: PreviewPrFeedbackDelivery;
  now?: Date;
}

export interface PreviewPrFeedbackResult {
  /** Empty for a dry run, which stores nothing. */
  records: { preview_pr_feedback_id?: string };
  result: PreviewPrFeedbackRecord;
  dryRun: boolean;
}

export const NOT_DELIVERED_MESSAGE =
  "Launchplane did not deliver this comment: no GitHub comment delivery outcome was reported.";
export const NOT_A_PULL_REQUEST_URL_MESSAGE = "anchor_pr_url must be a GitHub pull request URL";

const DELIVERED_ACTIONS = new Set(["created_comment", "updated_comment", "deleted_comment"]);

/**
 * POST /v1/previews/pr-feedback. Records one attempt to publish a preview's
 * status on its anchor pull request: the outcome facts, the comment markdown
 * rendered as upstream renders it, and the delivery outcome. This service
 * makes no GitHub calls.
 *
 * - `context` is required (the record needs it; upstream's empty default
 *   fails there too): 400.
 * - ready / cleanup_failed without a preview URL use the canonical URL of
 *   this product's active preview of the pull request; ready still without
 *   one is a 400.
 * - A non-GitHub anchor_pr_url is recorded as `skipped` with upstream's
 *   reason; a delivery outcome that claims otherwise is a 400.
 * - dry_run renders and returns the record without storing it.
 * - Every real attempt is stored append-only, skipped and failed ones too.
 */
export async function recordPreviewPrFeedback(
  db: DbClient,
  request: PreviewPrFeedbackRequest,
  options: PreviewPrFeedbackOptions = {},
): Promise<PreviewPrFeedbackResult> {
  const context = request.context.trim();
  if (!context) throw new LaunchplaneError("invalid_request", "Preview PR feedback requires context.");

  let previewUrl = request.preview_url.trim();
  if (!previewUrl && (request.status === "ready" || request.status === "cleanup_failed")) {
    const preview = await previewRepository(db).findByAnchor(context, request.anchor_repo, request.anchor_pr_number);
    if (preview && preview.product === request.product && preview.record.state === "active") {
      previewUrl = preview.record.canonical_url.trim();
    }
  }
  if (request.status === "ready" && !previewUrl) {
    throw new LaunchplaneError(
      "invalid_request",
      "Ready preview feedback requires an explicit preview URL or an active Launchplane preview record.",
    );
  }

  const markdown = renderPreviewPrFeedbackMarkdown({ ...request, preview_url: previewUrl });
  const delivery = settleDelivery(request, options.delivery);
  const build = (requestedAt: string): PreviewPrFeedbackRecord =>
    parseContract(PreviewPrFeedbackRecord, {
      schema_version: request.schema_version,
      feedback_id: buildPreviewPrFeedbackId(context, request.anchor_pr_number, requestedAt),
      product: request.product,
      context,
      source: request.source,
      requested_at: requestedAt,
      repository: request.repository,
      anchor_repo: request.anchor_repo,
      anchor_pr_number: request.anchor_pr_number,
      anchor_pr_url: request.anchor_pr_url,
      status: request.status,
      marker: request.marker,
      comment_markdown: markdown,
      preview_url: previewUrl,
      immutable_image_reference: request.immutable_image_reference,
      refresh_image_reference: request.refresh_image_reference,
      revision: request.revision,
      run_url: request.run_url,
      failure_summary: request.failure_summary,
      ...delivery,
    });

  const now = options.now ?? new Date();
  if (request.dry_run) return { records: {}, result: build(now.toISOString()), dryRun: true };

  const record = await insertWithFreshTimestamp(
    now,
    build,
    (candidate) => previewPrFeedbackRepository(db).insert(candidate),
    "preview PR feedback",
  );
  void publishRecordEvent({ kind: "preview_pr_feedback", product: request.product, id: record.feedback_id, context });
  return { records: { preview_pr_feedback_id: record.feedback_id }, result: record, dryRun: false };
}

/** The delivery fields of the record, after checking the reported outcome is coherent. */
function settleDelivery(request: PreviewPrFeedbackRequest, reported: PreviewPrFeedbackDelivery | undefined) {
  if (!isGitHubPullRequestUrl(request.anchor_pr_url)) {
    if (reported && reported.delivery_status !== "skipped") {
      throw new LaunchplaneError(
        "invalid_request",
        `a ${reported.delivery_status} delivery was reported, but ${NOT_A_PULL_REQUEST_URL_MESSAGE}`,
      );
    }
    return skipped(NOT_A_PULL_REQUEST_URL_MESSAGE);
  }
  if (!reported) return skipped(NOT_DELIVERED_MESSAGE);

  const action = (reported.delivery_action ?? "").trim();
  const commentId = reported.comment_id ?? 0;
  const error = (reported.error_message ?? "").trim();
  const refuse = (why: string): never => {
    throw new LaunchplaneError("invalid_request", `incoherent PR feedback delivery outcome: ${why}`);
  };
  if (!Number.isInteger(commentId) || commentId < 0) refuse("comment_id must be a non-negative integer");
  switch (reported.delivery_status) {
    case "delivered":
      if (!DELIVERED_ACTIONS.has(action)) refuse(`delivered needs one of ${[...DELIVERED_ACTIONS].join(", ")}`);
      if (commentId <= 0) refuse("delivered needs the comment_id");
      if ((action === "deleted_comment") !== (request.status === "cleared")) {
        refuse("deleted_comment goes with status cleared, and only with it");
      }
      if (error) refuse("delivered carries no error_message");
      break;
    case "skipped":
      if (action && action !== "no_existing_comment") refuse("skipped allows only the no_existing_comment action");
      if (action === "no_existing_comment" && request.status !== "cleared") refuse("no_existing_comment goes with status cleared");
      if (!action && !error) refuse("skipped needs the reason in error_message");
      break;
    case "failed":
      if (!error) refuse("failed needs the error_message");
      break;
  }
  return {
    delivery_status: reported.delivery_status,
    delivery_action: action,
    comment_id: commentId,
    comment_url: action === "deleted_comment" ? "" : (reported.comment_url ?? "").trim(),
    error_message: error,
  };
}

function skipped(reason: string) {
  return { delivery_status: "skipped" as const, delivery_action: "", comment_id: 0, comment_url: "", error_message: reason };
}

/**
 * `https://github.com/<owner>/<repo>/pull/<n>`: host exactly github.com (no
 * port), path exactly owner/repo/pull/number with an optional trailing "/".
 */
export function isGitHubPullRequestUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  const web = url.protocol === "https:" || url.protocol === "http:";
  return web && url.host === "github.com" && /^\/[^/]+\/[^/]+\/pull\/[0-9]+\/?$/.test(url.pathname);
}
