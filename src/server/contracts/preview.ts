// Preview record: the durable identity of one pull-request preview (one per context/repo/PR),
// plus the preview mutation and destroy requests. Mirrors upstream control_plane/contracts/
// preview_record.py, preview_mutation_request.py and preview_evidence.py (destroyed envelope).
import { z } from "zod";

import { nonBlank, optionalText, recordId, schemaVersion } from "./primitives";

export const previewState = z.enum([
  "pending",
  "active",
  "failed",
  "paused",
  "teardown_pending",
  "destroyed",
]);
export type PreviewState = z.infer<typeof previewState>;

/** The pull request a preview belongs to: with the context, its identity. */
const previewAnchor = {
  context: nonBlank("context"),
  anchor_repo: nonBlank("anchor_repo"),
  anchor_pr_number: z.number().int().min(1),
  anchor_pr_url: nonBlank("anchor_pr_url"),
};

/** Lifecycle fields a record and its mutation request share, "" when absent. */
const previewLifecycle = {
  paused_at: optionalText(),
  destroy_after: optionalText(),
  destroyed_at: optionalText(),
  destroy_reason: optionalText(),
  active_generation_id: optionalText(),
  serving_generation_id: optionalText(),
  latest_generation_id: optionalText(),
  latest_manifest_fingerprint: optionalText(),
};

export const PreviewRecord = z.strictObject({
  schema_version: schemaVersion,
  preview_id: nonBlank("preview_id"),
  ...previewAnchor,
  preview_label: nonBlank("preview_label"),
  canonical_url: nonBlank("canonical_url"),
  state: previewState,
  created_at: nonBlank("created_at"),
  updated_at: nonBlank("updated_at"),
  eligible_at: nonBlank("eligible_at"),
  ...previewLifecycle,
});
export type PreviewRecord = z.output<typeof PreviewRecord>;

/**
 * Preview half of the generation evidence envelope. Only the anchor identity is required;
 * the service fills the rest from the stored preview (or derives it for a new one).
 */
export const PreviewMutationRequest = z.strictObject({
  schema_version: schemaVersion,
  ...previewAnchor,
  canonical_url: optionalText(),
  state: previewState.default("pending"),
  created_at: optionalText(),
  updated_at: optionalText(),
  eligible_at: optionalText(),
  ...previewLifecycle,
});
export type PreviewMutationRequest = z.output<typeof PreviewMutationRequest>;

/** Teardown evidence for an existing preview (identified by context/repo/PR). */
export const PreviewDestroyMutationRequest = z.strictObject({
  schema_version: schemaVersion,
  context: nonBlank("context"),
  anchor_repo: nonBlank("anchor_repo"),
  anchor_pr_number: z.number().int().min(1),
  destroyed_at: nonBlank("destroyed_at"),
  destroy_reason: nonBlank("destroy_reason"),
});
export type PreviewDestroyMutationRequest = z.output<typeof PreviewDestroyMutationRequest>;

/** Body of POST /v1/evidence/previews/destroyed. */
export const PreviewDestroyedEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  destroy: PreviewDestroyMutationRequest,
  operation_id: recordId.optional(),
});
export type PreviewDestroyedEvidenceRequest = z.output<typeof PreviewDestroyedEvidenceRequest>;

/** `<context>/<repo>/pr-<n>`: the human label stored on the preview record. */
export function buildPreviewLabel(context: string, anchorRepo: string, anchorPrNumber: number): string {
  return `${context}/${anchorRepo}/pr-${anchorPrNumber}`;
}

/**
 * Stable preview identity: "preview-" + slug of `<context>-<repo>-pr-<n>`, where the slug is the
 * lowercased key with every run of characters outside [a-z0-9] collapsed to one "-" and leading /
 * trailing "-" trimmed. Upstream applies no length limit.
 */
export function generatePreviewId(context: string, anchorRepo: string, anchorPrNumber: number): string {
  const key = `${context}-${anchorRepo}-pr-${anchorPrNumber}`.toLowerCase();
  const slug = key.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `preview-${slug}`;
}
