import {
  DEFAULT_PREVIEW_FEEDBACK_MARKER,
  LEGACY_PREVIEW_FEEDBACK_MARKERS,
  type PreviewPrFeedbackRequest,
  type PreviewPrFeedbackStatus,
} from "@/server/contracts/preview-pr-feedback";
import { githubApiForToken, type GitHubRepositoryRef, isGitHubApiError } from "@/server/drivers/github-api";
import type { DbClient } from "@/server/repositories/db-client";
import { type GitHubCallOptions, MISSING_GITHUB_TOKEN_MESSAGE, resolveContextGitHubToken } from "@/server/services/github-token";
import {
  isGitHubPullRequestUrl,
  NOT_A_PULL_REQUEST_URL_MESSAGE,
  type PreviewPrFeedbackDelivery,
  type PreviewPrFeedbackResult,
  recordPreviewPrFeedback,
} from "@/server/services/preview-pr-feedback";

export const DRY_RUN_MESSAGE = "Dry run: Launchplane rendered this comment without delivering it.";
export const UNSAFE_MARKER_MESSAGE =
  "marker must be a hidden HTML comment (<!-- ... -->) so that Launchplane only ever edits its own comment";

/** What the record of a delivered (or not delivered) comment needs from the GitHub half. */
export interface PreviewPrFeedbackDeliveryOutcome {
  /** The URL the comment was rendered with (resolved from the active preview when not sent). */
  preview_url: string;
  delivery: PreviewPrFeedbackDelivery;
}

/**
 * Actions that authorize PR feedback besides `preview_pr_feedback.write`
 * (upstream `_allows_preview_pr_feedback_write`): the workflow that refreshed
 * or destroyed the preview may report on it.
 */
const STATUS_ACTIONS: Record<PreviewPrFeedbackStatus, readonly string[]> = {
  ready: ["preview_refresh.execute"],
  failed: ["preview_refresh.execute"],
  destroyed: ["preview_destroy.execute"],
  cleanup_failed: ["preview_destroy.execute"],
  cleared: ["preview_refresh.execute", "preview_destroy.execute"],
  pending: [],
  unsupported: [],
};

export function previewPrFeedbackAlternativeActions(status: PreviewPrFeedbackStatus): readonly string[] {
  return STATUS_ACTIONS[status];
}

/**
 * POST /v1/previews/pr-feedback, first half (no transaction, no record
 * written): renders the comment exactly as the record will carry it (same
 * 400s as recordPreviewPrFeedback: missing context, ready without a URL),
 * then publishes it as the one marker comment on the anchor pull request
 * (upstream build_preview_pr_feedback_record):
 *
 * - existing comment + `cleared` → deleted (`deleted_comment`);
 * - existing comment + other status → updated in place (`updated_comment`);
 * - no comment + `cleared` → `skipped` / `no_existing_comment`;
 * - no comment + other status → created (`created_comment`).
 *
 * The comment is the first whose body contains the marker, else (for the
 * default marker) the legacy VeriReel marker. Not delivered: a non-GitHub
 * `anchor_pr_url` or no GITHUB_TOKEN for the context (`skipped`, upstream's
 * reasons), a marker that is not a hidden HTML comment (`skipped`: a plain
 * word would match other people's comments), any GitHub error (`failed` with
 * its token-free message). `dry_run` renders only: no token, no GitHub call.
 */
export async function deliverPreviewPrFeedback(
  db: DbClient,
  request: PreviewPrFeedbackRequest,
  options: GitHubCallOptions,
): Promise<PreviewPrFeedbackDeliveryOutcome> {
  const rendered = await recordPreviewPrFeedback(db, { ...request, dry_run: true }, { now: options.now });
  const { comment_markdown: markdown, preview_url, context } = rendered.result;
  const outcome = (delivery: PreviewPrFeedbackDelivery) => ({ preview_url, delivery });
  const skipped = (error_message: string) => outcome({ delivery_status: "skipped", error_message });

  if (request.dry_run) return skipped(DRY_RUN_MESSAGE);
  const pullRequest = pullRequestReference(request.anchor_pr_url);
  if (!pullRequest) return skipped(NOT_A_PULL_REQUEST_URL_MESSAGE);
  if (!isHiddenMarker(request.marker)) return skipped(UNSAFE_MARKER_MESSAGE);

  const token = await resolveContextGitHubToken(db, context, {
    actor: options.actor,
    destination: `GitHub pull request feedback on ${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`,
  });
  if (!token) return skipped(MISSING_GITHUB_TOKEN_MESSAGE);

  try {
    const github = (options.github ?? githubApiForToken)(token);
    const existing = await github.findIssueCommentByMarker(pullRequest, pullRequest.number, markersFor(request.marker));
    if (existing && request.status === "cleared") {
      await github.deleteIssueComment(pullRequest, existing.id);
      return outcome({ delivery_status: "delivered", delivery_action: "deleted_comment", comment_id: existing.id });
    }
    if (existing) {
      const updated = await github.updateIssueComment(pullRequest, existing.id, markdown);
      return outcome({ delivery_status: "delivered", delivery_action: "updated_comment", comment_id: updated.id, comment_url: updated.html_url });
    }
    if (request.status === "cleared") return outcome({ delivery_status: "skipped", delivery_action: "no_existing_comment" });
    const created = await github.createIssueComment(pullRequest, pullRequest.number, markdown);
    return outcome({ delivery_status: "delivered", delivery_action: "created_comment", comment_id: created.id, comment_url: created.html_url });
  } catch (error) {
    if (isGitHubApiError(error)) return outcome({ delivery_status: "failed", error_message: error.message });
    throw error;
  }
}

/**
 * Both halves for callers outside the /v1 door (jobs, tests): deliver, then
 * record the outcome (nothing is stored for a dry run).
 */
export async function publishPreviewPrFeedback(
  db: DbClient,
  request: PreviewPrFeedbackRequest,
  options: GitHubCallOptions,
): Promise<PreviewPrFeedbackResult> {
  const delivered = await deliverPreviewPrFeedback(db, request, options);
  return recordDeliveredPreviewPrFeedback(db, request, delivered, options.now);
}

/** Second half: stores the attempt with the outcome of the first (the same rendering). */
export function recordDeliveredPreviewPrFeedback(
  db: DbClient,
  request: PreviewPrFeedbackRequest,
  delivered: PreviewPrFeedbackDeliveryOutcome,
  now?: Date,
): Promise<PreviewPrFeedbackResult> {
  return recordPreviewPrFeedback(db, { ...request, preview_url: delivered.preview_url }, { delivery: delivered.delivery, now });
}

/** The markers to look for, best first: the legacy marker still finds comments older workflows made. */
function markersFor(marker: string): string[] {
  if (marker !== DEFAULT_PREVIEW_FEEDBACK_MARKER) return [marker];
  return [marker, ...LEGACY_PREVIEW_FEEDBACK_MARKERS.filter((legacy) => legacy !== marker)];
}

function isHiddenMarker(marker: string): boolean {
  return /^<!--[\s\S]*\S[\s\S]*-->$/.test(marker.trim());
}

/** Owner, repository and number of a `https://github.com/<owner>/<repo>/pull/<n>` URL. */
export function pullRequestReference(url: string): (GitHubRepositoryRef & { number: number }) | null {
  if (!isGitHubPullRequestUrl(url)) return null;
  const [, owner = "", repo = "", , number = ""] = new URL(url.trim()).pathname.split("/");
  const parsed = Number(number);
  if (!owner || !repo || !Number.isSafeInteger(parsed) || parsed <= 0) return null;
  return { owner, repo, number: parsed };
}
