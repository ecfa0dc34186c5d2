import type { PreviewPrFeedbackStatus } from "@/server/contracts/preview-pr-feedback";

export interface PreviewPrFeedbackMarkdownInput {
  marker: string;
  status: PreviewPrFeedbackStatus;
  anchor_pr_number: number;
  preview_url?: string;
  immutable_image_reference?: string;
  refresh_image_reference?: string;
  revision?: string;
  run_url?: string;
  failure_summary?: string;
}

const HEADLINES: Record<PreviewPrFeedbackStatus, (pr: number) => string> = {
  pending: (pr) => `Launchplane preview is waiting for PR #${pr}.`,
  ready: (pr) => `Launchplane preview is ready for PR #${pr}.`,
  destroyed: (pr) => `Launchplane retired the preview for PR #${pr}.`,
  cleanup_failed: (pr) => `Launchplane preview cleanup failed for PR #${pr}.`,
  unsupported: (pr) => `Launchplane preview automation is unavailable for PR #${pr}.`,
  cleared: (pr) => `Launchplane cleared preview feedback for PR #${pr}.`,
  failed: (pr) => `Launchplane preview refresh failed for PR #${pr}.`,
};

/**
 * The marker comment Launchplane keeps on an anchor pull request, worded as
 * upstream words it: marker line, headline, a blank line, the facts that are
 * present as bullets, then a closing paragraph for the status. Values are
 * trimmed; empty facts are left out.
 */
export function renderPreviewPrFeedbackMarkdown(input: PreviewPrFeedbackMarkdownInput): string {
  const fact = (value: string | undefined) => (value ?? "").trim();
  const previewUrl = fact(input.preview_url);
  const immutableImage = fact(input.immutable_image_reference);
  const refreshImage = fact(input.refresh_image_reference);
  const revision = fact(input.revision);
  const runUrl = fact(input.run_url);
  const failureSummary = fact(input.failure_summary);

  const lines = [input.marker, HEADLINES[input.status](input.anchor_pr_number), ""];
  if (previewUrl) lines.push(`- Preview URL: ${previewUrl}`);
  if (immutableImage) lines.push(`- Immutable image: \`${immutableImage}\``);
  if (refreshImage) lines.push(`- Refresh tag: \`${refreshImage}\``);
  if (revision) lines.push(`- Revision: \`${revision}\``);
  if (runUrl) lines.push(`- Workflow run: ${runUrl}`);
  if (failureSummary) lines.push(`- Failure summary: ${failureSummary}`);
  lines.push("", ...closingParagraph(input.status, Boolean(previewUrl || immutableImage || refreshImage)));
  return lines.join("\n");
}

function closingParagraph(status: PreviewPrFeedbackStatus, hasResourceEvidence: boolean): string[] {
  switch (status) {
    case "pending":
      return [
        "Preview prerequisites are still in flight. Launchplane will replace this note once the preview is ready or an actual preview failure is known.",
      ];
    case "ready":
      return [
        "The preview passed the remote creator/public verification gate.",
        "",
        "Controls:",
        "- Push new commits to refresh this preview.",
        "- Close or merge the PR to remove the preview.",
        "- Preview inventory, lifecycle plans, and cleanup evidence are recorded in Launchplane.",
      ];
    case "destroyed":
      return ["Launchplane recorded the cleanup result for this preview lifecycle."];
    case "cleanup_failed":
      return [
        hasResourceEvidence
          ? "The preview may still exist. Check the Launchplane cleanup record before retrying."
          : "Launchplane could not confirm cleanup for this preview lifecycle. Check the workflow run and cleanup record before retrying.",
      ];
    case "unsupported":
      return [
        "No preview environment was requested because this pull request cannot use the protected preview provisioning path.",
      ];
    case "cleared":
      return ["Launchplane keeps this record as evidence of the cleared PR feedback request."];
    case "failed":
      return [
        "No fresh preview link is being advertised from this run. Treat any older preview as stale until a later refresh succeeds.",
      ];
  }
}
