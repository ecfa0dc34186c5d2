import type { PreviewDestroyMutationRequest, PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";

/**
 * How a stored generation moves its preview (upstream's generation
 * ready / failed / requested transitions):
 * - ready: the preview is active and this generation is active, serving and
 *   latest; a destroyed preview comes back.
 * - failed: the preview is failed and this generation is active and latest,
 *   but serving is left alone, so an older healthy generation keeps serving.
 * - anything else (resolving, building, deploying, verifying, superseded):
 *   the preview is active when something already serves, else pending; this
 *   generation is active and latest; serving is left alone.
 */
export function applyGenerationTransition(preview: PreviewRecord, generation: PreviewGenerationRecord): PreviewRecord {
  const linked = {
    ...preview,
    active_generation_id: generation.generation_id,
    latest_generation_id: generation.generation_id,
    latest_manifest_fingerprint: generation.resolved_manifest_fingerprint,
  };
  if (generation.state === "ready") {
    return {
      ...linked,
      state: "active",
      updated_at: firstPresent(generation.ready_at, generation.finished_at, generation.requested_at),
      destroyed_at: "",
      destroy_reason: "",
      serving_generation_id: generation.generation_id,
    };
  }
  if (generation.state === "failed") {
    return {
      ...linked,
      state: "failed",
      updated_at: firstPresent(generation.failed_at, generation.finished_at, generation.requested_at),
    };
  }
  return {
    ...linked,
    state: preview.serving_generation_id.trim() ? "active" : "pending",
    updated_at: generation.requested_at,
    destroyed_at: "",
    destroy_reason: "",
  };
}

/**
 * Teardown evidence: the preview is destroyed and nothing is active or
 * serving any more. The latest generation link, the fingerprint, the URLs
 * and every generation stay, so a destroyed preview remains readable.
 */
export function applyDestroyedTransition(preview: PreviewRecord, destroy: PreviewDestroyMutationRequest): PreviewRecord {
  return {
    ...preview,
    state: "destroyed",
    updated_at: destroy.destroyed_at,
    destroyed_at: destroy.destroyed_at,
    destroy_reason: destroy.destroy_reason,
    active_generation_id: "",
    serving_generation_id: "",
  };
}

function firstPresent(...values: string[]): string {
  return values.find((value) => value.trim()) ?? "";
}
