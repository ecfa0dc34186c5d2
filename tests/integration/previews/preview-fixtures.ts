import { PreviewDestroyMutationRequest } from "@/server/contracts/preview";
import {
  PreviewGenerationEvidenceRequestFields,
  type PreviewGenerationState,
} from "@/server/contracts/preview-generation";
import type { Database } from "@/server/db";
import { uniqueProduct } from "../../support/database";

/** A product, a context of its own, and one pull request in a repo. */
export function previewScope(prefix = "pv") {
  const product = uniqueProduct(prefix);
  return { product, context: `${product}-testing`, repo: "tenant-app", pr: 123 };
}

export type PreviewScope = ReturnType<typeof previewScope>;

interface GenerationOverrides {
  state?: PreviewGenerationState;
  requested_at?: string;
  ready_at?: string;
  finished_at?: string;
  failed_at?: string;
  head?: string;
  artifact_id?: string;
  generation_id?: string;
  sequence?: number;
  failure_summary?: string;
  canonical_url?: string;
  preview?: Record<string, unknown>;
  generation?: Record<string, unknown>;
}

/** A parsed generation evidence body for the scope's pull request (upstream's service-test shape). */
export function generationEvidence(scope: PreviewScope, overrides: GenerationOverrides = {}) {
  const prUrl = `https://github.com/every/${scope.repo}/pull/${scope.pr}`;
  const state = overrides.state ?? "ready";
  const requestedAt = overrides.requested_at ?? "2026-04-16T08:02:00Z";
  const doneAt = "2026-04-16T08:10:00Z";
  const head = overrides.head ?? "6b3c9d7e8f901234567890abcdef1234567890ab";
  return PreviewGenerationEvidenceRequestFields.parse({
    product: scope.product,
    preview: {
      context: scope.context,
      anchor_repo: scope.repo,
      anchor_pr_number: scope.pr,
      anchor_pr_url: prUrl,
      canonical_url: overrides.canonical_url ?? `https://pr-${scope.pr}.preview.example.com`,
      state: "active",
      updated_at: doneAt,
      eligible_at: doneAt,
      ...overrides.preview,
    },
    generation: {
      context: scope.context,
      anchor_repo: scope.repo,
      anchor_pr_number: scope.pr,
      anchor_pr_url: prUrl,
      anchor_head_sha: head,
      state,
      requested_reason: "external_preview_refresh",
      requested_at: requestedAt,
      ...(state === "ready" ? { ready_at: overrides.ready_at ?? doneAt, finished_at: overrides.finished_at ?? doneAt } : {}),
      ...(state === "failed"
        ? { failed_at: overrides.failed_at ?? doneAt, finished_at: overrides.finished_at ?? doneAt, failure_summary: overrides.failure_summary ?? "verify failed" }
        : {}),
      resolved_manifest_fingerprint: `manifest-pr-${scope.pr}-${head.slice(0, 7)}`,
      artifact_id: overrides.artifact_id ?? `ghcr.io/every/app:pr-${scope.pr}-${head.slice(0, 7)}`,
      deploy_status: state === "ready" ? "pass" : state === "failed" ? "fail" : "pending",
      verify_status: state === "ready" ? "pass" : state === "failed" ? "fail" : "pending",
      overall_health_status: state === "ready" ? "pass" : state === "failed" ? "fail" : "pending",
      ...(overrides.generation_id !== undefined ? { generation_id: overrides.generation_id } : {}),
      ...(overrides.sequence !== undefined ? { sequence: overrides.sequence } : {}),
      ...overrides.generation,
    },
  });
}

export function destroyRequest(scope: PreviewScope, destroyedAt = "2026-04-20T12:00:00Z", reason = "pull_request_closed") {
  return PreviewDestroyMutationRequest.parse({
    context: scope.context,
    anchor_repo: scope.repo,
    anchor_pr_number: scope.pr,
    destroyed_at: destroyedAt,
    destroy_reason: reason,
  });
}

/** Row counts of the preview tables for one product (what a refused request must leave unchanged). */
export async function previewRowCounts(db: Database, product: string) {
  const [previews, generations] = await Promise.all([
    db.preview.count({ where: { product } }),
    db.previewGeneration.count({ where: { product } }),
  ]);
  return { previews, generations };
}

/** A head SHA that differs per build number. */
export function headSha(build: number): string {
  return `${String(build).padStart(7, "a")}${"0".repeat(33)}`;
}
