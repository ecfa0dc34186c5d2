// Preview PR feedback record: one append-only attempt to publish preview status as a marker comment
// on the anchor pull request, with the rendered markdown and delivery outcome. Mirrors upstream
// control_plane/contracts/preview_pr_feedback_record.py and the PreviewPrFeedbackEnvelope request
// model of control_plane/service.py.
import { z } from "zod";

import { compactTimestampForId } from "./preview-inventory-scan";
import { nonBlank, schemaVersion } from "./primitives";

export const previewPrFeedbackStatus = z.enum([
  "pending",
  "ready",
  "destroyed",
  "failed",
  "cleanup_failed",
  "unsupported",
  "cleared",
]);
export type PreviewPrFeedbackStatus = z.infer<typeof previewPrFeedbackStatus>;

export const previewPrFeedbackDeliveryStatus = z.enum(["delivered", "skipped", "failed"]);
export type PreviewPrFeedbackDeliveryStatus = z.infer<typeof previewPrFeedbackDeliveryStatus>;

/** Hidden HTML marker that identifies the one feedback comment Launchplane maintains on a PR. */
export const DEFAULT_PREVIEW_FEEDBACK_MARKER = "<!-- launchplane-preview-control -->";
/** Marker used by older product workflows; still recognised when looking for the comment. */
export const LEGACY_PREVIEW_FEEDBACK_MARKERS: readonly string[] = ["<!-- verireel-preview-control -->"];

export const PreviewPrFeedbackRecordFields = z.strictObject({
  schema_version: schemaVersion,
  feedback_id: nonBlank("feedback_id"),
  product: nonBlank("product"),
  context: nonBlank("context"),
  source: nonBlank("source"),
  requested_at: nonBlank("requested_at"),
  repository: nonBlank("repository"),
  anchor_repo: nonBlank("anchor_repo"),
  anchor_pr_number: z.number().int().min(1),
  anchor_pr_url: nonBlank("anchor_pr_url"),
  status: previewPrFeedbackStatus,
  marker: nonBlank("marker"),
  comment_markdown: nonBlank("comment_markdown"),
  preview_url: z.string().default(""),
  immutable_image_reference: z.string().default(""),
  refresh_image_reference: z.string().default(""),
  revision: z.string().default(""),
  run_url: z.string().default(""),
  failure_summary: z.string().default(""),
  delivery_status: previewPrFeedbackDeliveryStatus,
  delivery_action: z.string().default(""),
  comment_id: z.number().int().default(0),
  comment_url: z.string().default(""),
  error_message: z.string().default(""),
  // Audit trail of an operator remediation that rewrote or cleared a managed comment:
  // all five are set together, or none.
  remediates_feedback_id: z.string().default(""),
  remediation_reason: z.string().default(""),
  remediation_issue_reference: z.string().default(""),
  remediation_plan_sha256: z.string().default(""),
  remediation_actor: z.string().default(""),
});

const REMEDIATION_FIELDS = [
  "remediates_feedback_id",
  "remediation_reason",
  "remediation_issue_reference",
  "remediation_plan_sha256",
  "remediation_actor",
] as const;

/** Stored feedback record; remediation audit fields are all-or-nothing and need a terminal status. */
export const PreviewPrFeedbackRecord = PreviewPrFeedbackRecordFields.superRefine((value, ctx) => {
  const present = REMEDIATION_FIELDS.filter((field) => value[field].trim().length > 0);
  if (present.length === 0) return;
  if (present.length !== REMEDIATION_FIELDS.length) {
    ctx.addIssue({
      code: "custom",
      path: ["remediates_feedback_id"],
      message: "preview PR feedback remediation audit fields must be complete",
    });
    return;
  }
  if (value.status !== "cleared" && value.status !== "destroyed") {
    ctx.addIssue({
      code: "custom",
      path: ["status"],
      message: "preview PR feedback remediation requires a terminal status",
    });
  }
  if (!/^[0-9a-f]{64}$/.test(value.remediation_plan_sha256.trim().toLowerCase())) {
    ctx.addIssue({
      code: "custom",
      path: ["remediation_plan_sha256"],
      message: "preview PR feedback remediation_plan_sha256 must be a SHA-256 digest",
    });
  }
}).transform((value) =>
  value.remediation_plan_sha256.trim()
    ? { ...value, remediation_plan_sha256: value.remediation_plan_sha256.trim().toLowerCase() }
    : value,
);
export type PreviewPrFeedbackRecord = z.output<typeof PreviewPrFeedbackRecord>;

/**
 * Body of POST /v1/previews/pr-feedback: outcome facts only; the service renders and upserts the
 * comment. `context` may be empty (upstream default).
 */
export const PreviewPrFeedbackRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  context: z.string().default(""),
  source: nonBlank("source").default("workflow"),
  repository: nonBlank("repository"),
  anchor_repo: nonBlank("anchor_repo"),
  anchor_pr_number: z.number().int().min(1),
  anchor_pr_url: nonBlank("anchor_pr_url"),
  status: previewPrFeedbackStatus,
  marker: nonBlank("marker").default(DEFAULT_PREVIEW_FEEDBACK_MARKER),
  preview_url: z.string().default(""),
  immutable_image_reference: z.string().default(""),
  refresh_image_reference: z.string().default(""),
  revision: z.string().default(""),
  run_url: z.string().default(""),
  failure_summary: z.string().default(""),
  dry_run: z.boolean().default(false),
});
export type PreviewPrFeedbackRequest = z.output<typeof PreviewPrFeedbackRequest>;

/** `preview-pr-feedback-<context>-pr-<n>-<compact requested_at>`. */
export function buildPreviewPrFeedbackId(context: string, anchorPrNumber: number, requestedAt: string): string {
  return `preview-pr-feedback-${context}-pr-${anchorPrNumber}-${compactTimestampForId(requestedAt)}`;
}
