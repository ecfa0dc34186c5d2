// Preview desired-state record: one append-only discovery of which pull requests should have a
// preview (GitHub open PRs of a repository), used as input to lifecycle planning. Mirrors upstream
// control_plane/contracts/preview_desired_state_record.py and the PreviewDesiredStateEnvelope
// request model of control_plane/service.py.
import { z } from "zod";

import { compactTimestampForId } from "./preview-inventory-scan";
import { PreviewLifecycleDesiredPreview } from "./preview-lifecycle-plan";
import { nonBlank, schemaVersion } from "./primitives";

export const previewDesiredStateStatus = z.enum(["pass", "fail"]);
export type PreviewDesiredStateStatus = z.infer<typeof previewDesiredStateStatus>;

export const PreviewDesiredStateRecordFields = z.strictObject({
  schema_version: schemaVersion,
  desired_state_id: nonBlank("desired_state_id"),
  product: nonBlank("product"),
  context: nonBlank("context"),
  source: nonBlank("source"),
  discovered_at: nonBlank("discovered_at"),
  repository: nonBlank("repository"),
  // Older upstream records carry a required PR label; the current upstream discovery lists every
  // open PR and no longer stores it. Accept both shapes.
  label: z.string().default(""),
  anchor_repo: nonBlank("anchor_repo"),
  preview_slug_prefix: nonBlank("preview_slug_prefix").default("pr-"),
  status: previewDesiredStateStatus,
  desired_count: z.number().int().min(0),
  desired_previews: z.array(PreviewLifecycleDesiredPreview).default(() => []),
  error_message: z.string().default(""),
});

export const PreviewDesiredStateRecord = PreviewDesiredStateRecordFields.superRefine((value, ctx) => {
  if (value.desired_count !== value.desired_previews.length) {
    ctx.addIssue({
      code: "custom",
      path: ["desired_count"],
      message: "preview desired state desired_count must match desired_previews",
    });
  }
  const hasError = value.error_message.trim().length > 0;
  if (value.status === "pass" && hasError) {
    ctx.addIssue({
      code: "custom",
      path: ["error_message"],
      message: "passing preview desired state must not include error_message",
    });
  }
  if (value.status === "fail" && !hasError) {
    ctx.addIssue({
      code: "custom",
      path: ["error_message"],
      message: "failed preview desired state requires error_message",
    });
  }
});
export type PreviewDesiredStateRecord = z.output<typeof PreviewDesiredStateRecord>;

/** Body of POST /v1/previews/desired-state: asks the service to discover desired previews. */
export const PreviewDesiredStateRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  context: nonBlank("context"),
  source: nonBlank("source").default("workflow"),
  repository: nonBlank("repository"),
  label: nonBlank("label").default("preview"),
  anchor_repo: nonBlank("anchor_repo"),
  preview_slug_prefix: nonBlank("preview_slug_prefix").default("pr-"),
  max_pages: z.number().int().min(1).max(20).default(10),
});
export type PreviewDesiredStateRequest = z.output<typeof PreviewDesiredStateRequest>;

/** `preview-desired-state-<context>-<compact discovered_at>`. */
export function buildPreviewDesiredStateId(context: string, discoveredAt: string): string {
  return `preview-desired-state-${context}-${compactTimestampForId(discoveredAt)}`;
}
