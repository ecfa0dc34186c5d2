// Preview lifecycle plan record: one append-only decision comparing desired preview slugs with the
// latest provider inventory scan (keep / orphaned / missing); cleanup requires a passing plan.
// Mirrors upstream control_plane/contracts/preview_lifecycle_plan_record.py and the
// PreviewLifecyclePlanEnvelope request model of control_plane/service.py.
import { z } from "zod";

import { compactTimestampForId } from "./preview-inventory-scan";
import { nonBlank, schemaVersion, stringList } from "./primitives";

export const previewLifecyclePlanStatus = z.enum(["pass", "missing_inventory", "fail"]);
export type PreviewLifecyclePlanStatus = z.infer<typeof previewLifecyclePlanStatus>;

/** One preview a product wants to keep, identified by its provider slug (e.g. "pr-42"). */
export const PreviewLifecycleDesiredPreview = z.strictObject({
  preview_slug: nonBlank("preview_slug"),
  anchor_repo: z.string().default(""),
  anchor_pr_number: z.number().int().min(1).nullish(),
  anchor_pr_url: z.string().default(""),
  head_sha: z.string().default(""),
});
export type PreviewLifecycleDesiredPreview = z.output<typeof PreviewLifecycleDesiredPreview>;

export const PreviewLifecyclePlanRecordFields = z.strictObject({
  schema_version: schemaVersion,
  plan_id: nonBlank("plan_id"),
  product: nonBlank("product"),
  context: nonBlank("context"),
  planned_at: nonBlank("planned_at"),
  source: nonBlank("source"),
  status: previewLifecyclePlanStatus,
  desired_state_id: z.string().default(""),
  inventory_scan_id: z.string().default(""),
  desired_previews: z.array(PreviewLifecycleDesiredPreview).default(() => []),
  desired_slugs: stringList(),
  actual_slugs: stringList(),
  keep_slugs: stringList(),
  orphaned_slugs: stringList(),
  missing_slugs: stringList(),
  error_message: z.string().default(""),
});

export const PreviewLifecyclePlanRecord = PreviewLifecyclePlanRecordFields.superRefine((value, ctx) => {
  const fromPreviews = value.desired_previews.map((preview) => preview.preview_slug);
  if (fromPreviews.length > 0) {
    const same =
      fromPreviews.length === value.desired_slugs.length &&
      fromPreviews.every((slug, index) => slug === value.desired_slugs[index]);
    if (!same) {
      ctx.addIssue({
        code: "custom",
        path: ["desired_slugs"],
        message: "preview lifecycle plan desired_slugs must match desired_previews",
      });
    }
  }
  if (value.status === "pass" && !value.inventory_scan_id.trim()) {
    ctx.addIssue({
      code: "custom",
      path: ["inventory_scan_id"],
      message: "passing preview lifecycle plan requires inventory_scan_id",
    });
  }
});
export type PreviewLifecyclePlanRecord = z.output<typeof PreviewLifecyclePlanRecord>;

/** Body of POST /v1/previews/lifecycle-plan. */
export const PreviewLifecyclePlanRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  context: nonBlank("context"),
  desired_previews: z.array(PreviewLifecycleDesiredPreview).default(() => []),
  desired_state_id: z.string().default(""),
  source: nonBlank("source").default("workflow"),
});
export type PreviewLifecyclePlanRequest = z.output<typeof PreviewLifecyclePlanRequest>;

/** `preview-lifecycle-plan-<context>-<compact planned_at>`. */
export function buildPreviewLifecyclePlanId(context: string, plannedAt: string): string {
  return `preview-lifecycle-plan-${context}-${compactTimestampForId(plannedAt)}`;
}
