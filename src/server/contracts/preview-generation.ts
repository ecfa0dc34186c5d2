// Preview generation record: one build/deploy attempt of a preview, ordered by sequence, plus the
// generation evidence envelope. Mirrors upstream control_plane/contracts/preview_generation_record.py,
// preview_mutation_request.py (generation request) and preview_evidence.py; the runtime identity
// breadcrumb is the shared one from deploy-evidence.ts (upstream runtime_identity.py).
import { z } from "zod";

import { RuntimeIdentity } from "./deploy-evidence";
import { PreviewMutationRequest } from "./preview";
import { nonBlank, optionalText, recordId, releaseStatus, schemaVersion } from "./primitives";

export const previewGenerationState = z.enum([
  "resolving",
  "building",
  "deploying",
  "verifying",
  "ready",
  "failed",
  "superseded",
]);
export type PreviewGenerationState = z.infer<typeof previewGenerationState>;

export const previewSourceSelection = z.enum(["anchor", "companion", "baseline"]);
export type PreviewSourceSelection = z.infer<typeof previewSourceSelection>;

/** One repo pinned to an exact commit in a generation's source map. */
export const PreviewSourceRecord = z.strictObject({
  repo: nonBlank("repo"),
  git_sha: nonBlank("git_sha"),
  selection: previewSourceSelection,
});
export type PreviewSourceRecord = z.output<typeof PreviewSourceRecord>;

/** Pull request identity at a given head commit (anchor or companion PR). */
export const PreviewPullRequestSummary = z.strictObject({
  repo: nonBlank("repo"),
  pr_number: z.number().int().min(1),
  head_sha: nonBlank("head_sha"),
  pr_url: nonBlank("pr_url"),
});
export type PreviewPullRequestSummary = z.output<typeof PreviewPullRequestSummary>;

/** What a generation went through, as its record and its evidence request both carry it. */
const generationProgress = {
  state: previewGenerationState,
  requested_reason: nonBlank("requested_reason"),
  requested_at: nonBlank("requested_at"),
  started_at: optionalText(),
  ready_at: optionalText(),
  finished_at: optionalText(),
  superseded_at: optionalText(),
  failed_at: optionalText(),
  expires_at: optionalText(),
  resolved_manifest_fingerprint: nonBlank("resolved_manifest_fingerprint"),
  artifact_id: optionalText(),
  baseline_release_tuple_id: optionalText(),
  source_map: z.array(PreviewSourceRecord).default(() => []),
};

/** How it ended: companions, statuses, failure detail and the runtime identity. */
const generationOutcome = {
  companion_summaries: z.array(PreviewPullRequestSummary).default(() => []),
  deploy_status: releaseStatus.default("pending"),
  verify_status: releaseStatus.default("pending"),
  overall_health_status: releaseStatus.default("pending"),
  failure_stage: optionalText(),
  failure_summary: optionalText(),
  runtime_identity: RuntimeIdentity.nullish(),
};

export const PreviewGenerationRecord = z.strictObject({
  schema_version: schemaVersion,
  generation_id: nonBlank("generation_id"),
  preview_id: nonBlank("preview_id"),
  sequence: z.number().int().min(1),
  ...generationProgress,
  anchor_summary: PreviewPullRequestSummary,
  ...generationOutcome,
});
export type PreviewGenerationRecord = z.output<typeof PreviewGenerationRecord>;

/**
 * Generation half of the generation evidence envelope. `sequence` and `generation_id` are
 * optional: the service reuses a matching stored generation or assigns max(sequence) + 1.
 */
export const PreviewGenerationMutationRequest = z.strictObject({
  schema_version: schemaVersion,
  context: nonBlank("context"),
  anchor_repo: nonBlank("anchor_repo"),
  anchor_pr_number: z.number().int().min(1),
  anchor_pr_url: nonBlank("anchor_pr_url"),
  anchor_head_sha: nonBlank("anchor_head_sha"),
  sequence: z.number().int().min(1).nullish(),
  generation_id: optionalText(),
  ...generationProgress,
  ...generationOutcome,
});
export type PreviewGenerationMutationRequest = z.output<typeof PreviewGenerationMutationRequest>;

/** Un-refined body of POST /v1/evidence/previews/generations (for pick/extend). */
export const PreviewGenerationEvidenceRequestFields = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  preview: PreviewMutationRequest,
  generation: PreviewGenerationMutationRequest,
  operation_id: recordId.optional(),
});

/** Body of POST /v1/evidence/previews/generations: preview and generation must name the same PR. */
export const PreviewGenerationEvidenceRequest = PreviewGenerationEvidenceRequestFields.superRefine(
  (value, ctx) => {
    const aligned = ["context", "anchor_repo", "anchor_pr_number", "anchor_pr_url"] as const;
    for (const field of aligned) {
      if (value.preview[field] !== value.generation[field]) {
        ctx.addIssue({
          code: "custom",
          path: ["generation", field],
          message: `preview generation evidence requires matching ${field}`,
        });
      }
    }
  },
);
export type PreviewGenerationEvidenceRequest = z.output<typeof PreviewGenerationEvidenceRequest>;

/** `<preview_id>-generation-<sequence zero-padded to 4 digits>`. */
export function generatePreviewGenerationId(previewId: string, sequence: number): string {
  return `${previewId}-generation-${String(sequence).padStart(4, "0")}`;
}
