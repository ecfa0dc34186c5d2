import { z } from "zod";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { PreviewSummary } from "@/server/contracts/preview-summary";
import { commitUrl, repositoryOfPullRequest, safeHttpUrl } from "@/server/trpc/views/github-links";

/*
 * What the console shows of previews: a row per preview for the workspace
 * table, and one preview with its generation history. Output schemas, built
 * field by field from the preview summaries.
 */

const GenerationBrief = z.object({ generation_id: z.string(), sequence: z.number(), state: z.string(), overall_health_status: z.string() });

export const PreviewRow = z.object({
  preview_id: z.string(),
  label: z.string(),
  anchor_repo: z.string(),
  anchor_pr_number: z.number(),
  anchor_pr_url: z.string(),
  canonical_url: z.string(),
  state: z.string(),
  updated_at: z.string(),
  /** The generation serving traffic: its sequence when known (0: none serves). */
  serving_generation_id: z.string(),
  serving_sequence: z.number(),
  latest_generation: GenerationBrief.nullable(),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const GenerationView = z.object({
  generation_id: z.string(),
  sequence: z.number(),
  state: z.string(),
  serving: z.boolean(),
  requested_reason: z.string(),
  requested_at: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  artifact_id: z.string(),
  baseline_release_tuple_id: z.string(),
  head_sha: z.string(),
  head_commit_url: z.string(),
  sources: z.array(z.object({ repo: z.string(), git_sha: z.string(), selection: z.string(), commit_url: z.string() })),
  companions: z.array(z.object({ repo: z.string(), pr_number: z.number(), pr_url: z.string(), head_sha: z.string() })),
  deploy_status: z.string(),
  verify_status: z.string(),
  overall_health_status: z.string(),
  failure_stage: z.string(),
  failure_summary: z.string(),
});
export type GenerationView = z.infer<typeof GenerationView>;

export const PreviewDetailView = PreviewRow.extend({
  product: z.string(),
  product_display_name: z.string(),
  context: z.string(),
  created_at: z.string(),
  eligible_at: z.string(),
  paused_at: z.string(),
  destroy_after: z.string(),
  destroyed_at: z.string(),
  destroy_reason: z.string(),
  trust_state: z.string(),
  generations: z.array(GenerationView),
  /** True when the preview has more generations than listed. */
  generations_truncated: z.boolean(),
});
export type PreviewDetailView = z.infer<typeof PreviewDetailView>;

const GENERATION_SUFFIX = /-generation-(\d+)$/;

/** The sequence of a generation id (`<preview>-generation-0003` → 3), 0 when it is not one. */
export function sequenceOfGeneration(generationId: string, known: readonly PreviewGenerationRecord[] = []): number {
  if (!generationId) return 0;
  const listed = known.find((generation) => generation.generation_id === generationId);
  if (listed) return listed.sequence;
  const match = GENERATION_SUFFIX.exec(generationId);
  return match ? Number(match[1]) : 0;
}

function brief(generation: PreviewGenerationRecord | null) {
  return generation
    ? {
        generation_id: generation.generation_id,
        sequence: generation.sequence,
        state: generation.state,
        overall_health_status: generation.overall_health_status,
      }
    : null;
}

export function previewRow(summary: PreviewSummary): PreviewRow {
  const { preview } = summary;
  return {
    preview_id: preview.preview_id,
    label: preview.preview_label,
    anchor_repo: preview.anchor_repo,
    anchor_pr_number: preview.anchor_pr_number,
    anchor_pr_url: safeHttpUrl(preview.anchor_pr_url),
    canonical_url: safeHttpUrl(preview.canonical_url),
    state: preview.state,
    updated_at: preview.updated_at,
    serving_generation_id: preview.serving_generation_id,
    serving_sequence: sequenceOfGeneration(preview.serving_generation_id, summary.recent_generations),
    latest_generation: brief(summary.latest_generation),
  };
}

/** Commit links for a generation's repos: a repo is linked through the PR (anchor or companion) that names it. */
function repositoryLinks(generation: PreviewGenerationRecord): Map<string, string> {
  const links = new Map<string, string>();
  for (const pr of [generation.anchor_summary, ...generation.companion_summaries]) {
    const repository = repositoryOfPullRequest(pr.pr_url);
    if (repository) links.set(pr.repo, repository);
  }
  return links;
}

export function generationView(generation: PreviewGenerationRecord, servingId: string): GenerationView {
  const links = repositoryLinks(generation);
  const link = (repo: string, sha: string) => {
    const repository = links.get(repo);
    return repository ? commitUrl(repository, sha) : "";
  };
  return {
    generation_id: generation.generation_id,
    sequence: generation.sequence,
    state: generation.state,
    serving: generation.generation_id === servingId,
    requested_reason: generation.requested_reason,
    requested_at: generation.requested_at,
    started_at: generation.started_at,
    finished_at: generation.finished_at || generation.failed_at || generation.ready_at,
    artifact_id: generation.artifact_id,
    baseline_release_tuple_id: generation.baseline_release_tuple_id,
    head_sha: generation.anchor_summary.head_sha,
    head_commit_url: link(generation.anchor_summary.repo, generation.anchor_summary.head_sha),
    sources: generation.source_map.map((source) => ({
      repo: source.repo,
      git_sha: source.git_sha,
      selection: source.selection,
      commit_url: link(source.repo, source.git_sha),
    })),
    companions: generation.companion_summaries.map((pr) => ({
      repo: pr.repo,
      pr_number: pr.pr_number,
      pr_url: safeHttpUrl(pr.pr_url),
      head_sha: pr.head_sha,
    })),
    deploy_status: generation.deploy_status,
    verify_status: generation.verify_status,
    overall_health_status: generation.overall_health_status,
    failure_stage: generation.failure_stage,
    failure_summary: generation.failure_summary,
  };
}

export function previewDetailView(summary: PreviewSummary, productDisplayName: string, generationLimit: number): PreviewDetailView {
  const { preview } = summary;
  const latestSequence = summary.latest_generation?.sequence ?? 0;
  return {
    ...previewRow(summary),
    product: summary.product,
    product_display_name: productDisplayName,
    context: preview.context,
    created_at: preview.created_at,
    eligible_at: preview.eligible_at,
    paused_at: preview.paused_at,
    destroy_after: preview.destroy_after,
    destroyed_at: preview.destroyed_at,
    destroy_reason: preview.destroy_reason,
    trust_state: summary.provenance.freshness_status,
    generations: summary.recent_generations.map((generation) => generationView(generation, preview.serving_generation_id)),
    generations_truncated: summary.recent_generations.length >= generationLimit && latestSequence > summary.recent_generations.length,
  };
}
