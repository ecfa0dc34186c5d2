// Preview lifecycle cleanup record: one append-only record per cleanup request against a lifecycle
// plan (report-only by default; destructive only with apply=true and a passing plan). Mirrors
// upstream control_plane/contracts/preview_lifecycle_cleanup_record.py and the
// PreviewLifecycleCleanupEnvelope of control_plane/preview_lifecycle_cleanup_routes.py.
import { z } from "zod";

import { compactTimestampForId } from "./preview-inventory-scan";
import { nonBlank, schemaVersion, stringList } from "./primitives";

// "approved" is ours (DECISIONS 13): an apply=true cleanup a workflow was allowed to request, recorded
// with its planned results and awaiting execution by the guarded-operation worker.
export const previewLifecycleCleanupStatus = z.enum(["report_only", "approved", "pass", "fail", "blocked"]);
export type PreviewLifecycleCleanupStatus = z.infer<typeof previewLifecycleCleanupStatus>;

export const previewLifecycleCleanupResultStatus = z.enum(["planned", "destroyed", "failed", "blocked"]);
export type PreviewLifecycleCleanupResultStatus = z.infer<typeof previewLifecycleCleanupResultStatus>;

/** Outcome for one orphaned preview slug. */
export const PreviewLifecycleCleanupResult = z.strictObject({
  preview_slug: nonBlank("preview_slug"),
  anchor_repo: z.string().default(""),
  anchor_pr_number: z.number().int().min(1).nullish(),
  status: previewLifecycleCleanupResultStatus,
  application_name: z.string().default(""),
  application_id: z.string().default(""),
  preview_url: z.string().default(""),
  error_message: z.string().default(""),
});
export type PreviewLifecycleCleanupResult = z.output<typeof PreviewLifecycleCleanupResult>;

export const PreviewLifecycleCleanupRecord = z.strictObject({
  schema_version: schemaVersion,
  cleanup_id: nonBlank("cleanup_id"),
  product: nonBlank("product"),
  context: nonBlank("context"),
  plan_id: nonBlank("plan_id"),
  inventory_scan_id: z.string().default(""),
  requested_at: nonBlank("requested_at"),
  source: nonBlank("source"),
  apply: z.boolean().default(false),
  status: previewLifecycleCleanupStatus,
  planned_slugs: stringList(),
  destroyed_slugs: stringList(),
  failed_slugs: stringList(),
  blocked_slugs: stringList(),
  results: z.array(PreviewLifecycleCleanupResult).default(() => []),
  error_message: z.string().default(""),
});
export type PreviewLifecycleCleanupRecord = z.output<typeof PreviewLifecycleCleanupRecord>;

/** Body of POST /v1/previews/lifecycle-cleanup. `apply` defaults to false (report only). */
export const PreviewLifecycleCleanupRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("product"),
  context: nonBlank("context"),
  plan_id: nonBlank("plan_id"),
  source: nonBlank("source").default("workflow"),
  apply: z.boolean().default(false),
  destroy_reason: nonBlank("destroy_reason").default("preview_lifecycle_cleanup"),
  timeout_seconds: z.number().int().min(1).default(300),
});
export type PreviewLifecycleCleanupRequest = z.output<typeof PreviewLifecycleCleanupRequest>;

/** `preview-lifecycle-cleanup-<context>-<compact requested_at>`. */
export function buildPreviewLifecycleCleanupId(context: string, requestedAt: string): string {
  return `preview-lifecycle-cleanup-${context}-${compactTimestampForId(requestedAt)}`;
}
