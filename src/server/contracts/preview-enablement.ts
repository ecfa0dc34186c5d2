// Preview enablement record: the latest snapshot of whether a tenant pull request asked for a
// preview (label + parsed preview-request metadata). Mirrors upstream control_plane/contracts/
// preview_enablement_record.py, preview_request_metadata.py and github_pull_request_event.py.
import { z } from "zod";

import { PreviewPullRequestSummary } from "./preview-generation";
import { nonBlank, recordId, schemaVersion } from "./primitives";

export const pullRequestAction = z.enum([
  "opened",
  "reopened",
  "synchronize",
  "edited",
  "labeled",
  "unlabeled",
  "closed",
]);
export type PullRequestAction = z.infer<typeof pullRequestAction>;

export const pullRequestState = z.enum(["open", "closed"]);
export type PullRequestState = z.infer<typeof pullRequestState>;

export const previewRequestParseStatus = z.enum(["missing", "valid", "invalid"]);
export type PreviewRequestParseStatus = z.infer<typeof previewRequestParseStatus>;

/** Companion repos a preview request may pull in (upstream v1 allowlist). */
export const PREVIEW_ALLOWED_COMPANION_REPOS: readonly string[] = ["shared-addons"];

/** A companion pull request named in the PR body's `launchplane-preview` block. */
export const PreviewCompanionPullRequestReference = z
  .strictObject({
    repo: z.string(),
    pr_number: z.number().int().min(1),
  })
  .superRefine((value, ctx) => {
    const repo = value.repo.trim();
    if (!repo) {
      ctx.addIssue({ code: "custom", path: ["repo"], message: "companion pull request reference requires repo" });
    } else if (!PREVIEW_ALLOWED_COMPANION_REPOS.includes(repo)) {
      ctx.addIssue({
        code: "custom",
        path: ["repo"],
        message: `companion repo ${JSON.stringify(repo)} is not allowlisted for v1 preview metadata`,
      });
    }
  });
export type PreviewCompanionPullRequestReference = z.output<typeof PreviewCompanionPullRequestReference>;

export const PreviewEnablementRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: nonBlank("record_id"),
  context: nonBlank("context"),
  anchor_repo: nonBlank("anchor_repo"),
  anchor_pr_number: z.number().int().min(1),
  anchor_pr_url: nonBlank("anchor_pr_url"),
  anchor_head_sha: nonBlank("anchor_head_sha"),
  action: pullRequestAction,
  pr_state: pullRequestState,
  updated_at: nonBlank("updated_at"),
  label_enabled: z.boolean().default(false),
  action_label: z.string().default(""),
  request_metadata_status: previewRequestParseStatus.default("missing"),
  request_metadata_error: z.string().default(""),
  request_metadata_baseline_channel: z.string().default(""),
  request_metadata_companions: z.array(PreviewCompanionPullRequestReference).default(() => []),
  request_metadata_companion_summaries: z.array(PreviewPullRequestSummary).default(() => []),
});

export const PreviewEnablementRecord = PreviewEnablementRecordFields.superRefine((value, ctx) => {
  const status = value.request_metadata_status;
  const hasError = value.request_metadata_error.trim().length > 0;
  const hasChannel = value.request_metadata_baseline_channel.trim().length > 0;
  if (status === "invalid" && !hasError) {
    ctx.addIssue({
      code: "custom",
      path: ["request_metadata_error"],
      message: "invalid preview enablement record requires request_metadata_error",
    });
  }
  if (status !== "invalid" && hasError) {
    ctx.addIssue({
      code: "custom",
      path: ["request_metadata_error"],
      message: "request_metadata_error is only allowed when request_metadata_status is invalid",
    });
  }
  if (status === "valid" && !hasChannel) {
    ctx.addIssue({
      code: "custom",
      path: ["request_metadata_baseline_channel"],
      message: "valid preview enablement record requires request_metadata_baseline_channel",
    });
  }
  if (status !== "valid" && hasChannel) {
    ctx.addIssue({
      code: "custom",
      path: ["request_metadata_baseline_channel"],
      message: "request_metadata_baseline_channel is only allowed when request_metadata_status is valid",
    });
  }
  if (status !== "valid" && value.request_metadata_companions.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["request_metadata_companions"],
      message: "request_metadata_companions are only allowed when request_metadata_status is valid",
    });
  }
  if (status !== "valid" && value.request_metadata_companion_summaries.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["request_metadata_companion_summaries"],
      message: "request_metadata_companion_summaries are only allowed when request_metadata_status is valid",
    });
  }
  if (value.request_metadata_companion_summaries.length > 0) {
    const companionKeys = value.request_metadata_companions.map((item) => `${item.repo.trim()}#${item.pr_number}`);
    const summaryKeys = value.request_metadata_companion_summaries.map(
      (item) => `${item.repo.trim()}#${item.pr_number}`,
    );
    const sameOrder =
      companionKeys.length === summaryKeys.length && companionKeys.every((key, index) => key === summaryKeys[index]);
    if (!sameOrder) {
      ctx.addIssue({
        code: "custom",
        path: ["request_metadata_companion_summaries"],
        message: "preview enablement companion summaries must match request_metadata_companions",
      });
    }
  }
});
export type PreviewEnablementRecord = z.output<typeof PreviewEnablementRecord>;

/** Body of POST /v1/evidence/previews/enablements (this project's ingress for the upstream record). */
export const PreviewEnablementEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  enablement: PreviewEnablementRecord,
  operation_id: recordId.optional(),
});
export type PreviewEnablementEvidenceRequest = z.output<typeof PreviewEnablementEvidenceRequest>;

/** Upstream enablement ids are `<context>-<repo>-pr-<n>` (not slugged): one current snapshot per PR. */
export function previewEnablementRecordId(context: string, anchorRepo: string, anchorPrNumber: number): string {
  return `${context}-${anchorRepo}-pr-${anchorPrNumber}`;
}
