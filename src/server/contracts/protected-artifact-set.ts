// Protected artifact set: the artifacts and images that registry cleanup must not delete,
// derived from live inventory, release tuples, active preview generations and ready preview
// PR feedback. Mirrors upstream control_plane/contracts/protected_artifacts.py. A read model,
// never stored.
import { z } from "zod";

export const ProtectedArtifactReason = z.enum([
  "stable-inventory",
  "release-tuple",
  "active-preview-generation",
  "active-preview-feedback",
]);
export type ProtectedArtifactReason = z.infer<typeof ProtectedArtifactReason>;

export const ProtectedArtifactEntryFields = z.strictObject({
  schema_version: z.literal(1),
  product: z.string(),
  context: z.string(),
  instance: z.string(),
  environment_kind: z.enum(["stable", "preview"]),
  artifact_id: z.string(),
  image_references: z.array(z.string()),
  source_git_ref: z.string(),
  reason: ProtectedArtifactReason,
  source_record_type: z.string(),
  source_record_id: z.string(),
  image_repository: z.string(),
  image_digest: z.string(),
  preview_id: z.string(),
  preview_generation_id: z.string(),
  anchor_repo: z.string(),
  anchor_pr_number: z.number().int().min(0),
});

/** Upstream's entry rules: every entry names its scope, something to protect, and its source. */
export const ProtectedArtifactEntry = ProtectedArtifactEntryFields.superRefine((entry, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: "custom", message });
  if (!entry.context.trim()) fail("protected artifact entry requires context");
  if (entry.environment_kind === "stable" && !entry.instance.trim()) fail("stable protected artifact entry requires instance");
  if (entry.environment_kind === "preview" && !entry.preview_id.trim()) fail("preview protected artifact entry requires preview_id");
  if (!entry.artifact_id.trim() && entry.image_references.length === 0) {
    fail("protected artifact entry requires artifact_id or image_references");
  }
  if (!entry.source_record_type.trim() || !entry.source_record_id.trim()) {
    fail("protected artifact entry requires source_record_type and source_record_id");
  }
});
export type ProtectedArtifactEntry = z.output<typeof ProtectedArtifactEntry>;

export const ProtectedArtifactSet = z.strictObject({
  schema_version: z.literal(1),
  product: z.string(),
  /** The context filter, "" for every context of the product. */
  context: z.string(),
  entries: z.array(ProtectedArtifactEntry),
  /** Stripped, non-empty, deduplicated and sorted ascending. */
  artifact_ids: z.array(z.string()),
  image_references: z.array(z.string()),
  image_digests: z.array(z.string()),
  /** Sorted. A warning means cleanup consumers must fail closed for the scope it names. */
  warnings: z.array(z.string()),
});
export type ProtectedArtifactSet = z.output<typeof ProtectedArtifactSet>;

/** Upstream `_normalized_values`: strip, drop empties, dedupe, sort ascending. */
export function normalizedValues(values: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed) set.add(trimmed);
  }
  return [...set].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}

export function missingManifestWarning(artifactId: string, sourceLabel: string): string {
  return `Protected artifact ${artifactId} from ${sourceLabel} has no stored artifact manifest; cleanup consumers must still treat the artifact id as protected.`;
}

export function unidentifiedLiveRecordWarning(sourceLabel: string, sourceRecordId: string): string {
  return `Live ${sourceLabel} record ${sourceRecordId} has no artifact id or image reference; cleanup consumers must fail closed for this scope.`;
}
