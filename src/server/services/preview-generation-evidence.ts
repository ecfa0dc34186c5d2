import { canonicalJson } from "@/server/contracts/canonical-json";
import {
  type PreviewMutationRequest,
  PreviewRecord,
  buildPreviewLabel,
  generatePreviewId,
} from "@/server/contracts/preview";
import {
  type PreviewGenerationMutationRequest,
  PreviewGenerationRecord,
  type PreviewGenerationState,
  generatePreviewGenerationId,
} from "@/server/contracts/preview-generation";
import { RECORD_ID_PATTERN } from "@/server/contracts/primitives";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { parseContract } from "@/server/services/contract-input";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { previewGenerationRepository } from "@/server/repositories/preview-generation-repository";
import { previewRepository } from "@/server/repositories/preview-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { applyGenerationTransition } from "@/server/services/preview-transition";
import { checkOptionalTimestamp, requireTimestamp } from "@/server/services/record-timestamp";

export interface PreviewGenerationEvidenceInput {
  product: string;
  preview: PreviewMutationRequest;
  generation: PreviewGenerationMutationRequest;
  operation_id?: string | null;
}

export interface PreviewGenerationEvidenceOptions {
  /**
   * The context's LAUNCHPLANE_PREVIEW_BASE_URL runtime value. Only asked for
   * when a new preview arrives without canonical_url; without it (or when it
   * answers blank) such evidence is refused.
   */
  resolvePreviewBaseUrl?: (context: string) => Promise<string | null | undefined>;
}

export interface PreviewGenerationEvidenceResult {
  /** True when the same generation was already stored identically; nothing was written. */
  duplicate: boolean;
  /** The 202 `records` map. */
  records: { preview_id: string; generation_id: string; transition: PreviewGenerationState };
  preview: PreviewRecord;
  generation: PreviewGenerationRecord;
}

/** The fields on which the two halves of the envelope must agree exactly. */
const ALIGNED_FIELDS = ["context", "anchor_repo", "anchor_pr_number", "anchor_pr_url"] as const;

/**
 * POST /v1/evidence/previews/generations. In one transaction: find or create
 * the preview of the pull request, store the generation (a pinned or
 * replayed one in place, otherwise the next sequence), and move the preview
 * by the generation's state (see preview-transition.ts).
 *
 * Fail-closed: the preview and generation halves must name the same pull
 * request; a new pull request whose id would collide with another's preview
 * id is refused; a preview or generation of another product is refused.
 * Writers of one preview are serialised, so `max(sequence) + 1` is race-free
 * (the unique (preview_id, sequence) index is the backstop).
 */
export async function ingestPreviewGenerationEvidence(
  db: DbClient,
  input: PreviewGenerationEvidenceInput,
  options: PreviewGenerationEvidenceOptions = {},
): Promise<PreviewGenerationEvidenceResult> {
  const { product, preview: previewRequest, generation: generationRequest } = input;
  checkIdentityAgreement(previewRequest, generationRequest);
  checkRequestTimestamps(previewRequest, generationRequest);
  const pinnedGenerationId = generationRequest.generation_id.trim();
  if (pinnedGenerationId && !RECORD_ID_PATTERN.test(pinnedGenerationId)) {
    throw new LaunchplaneError("invalid_request", "generation.generation_id must be 1-200 characters from [A-Za-z0-9._:-]");
  }
  const { context, anchor_repo: anchorRepo, anchor_pr_number: anchorPrNumber } = previewRequest;
  const derivedPreviewId = generatePreviewId(context, anchorRepo, anchorPrNumber);

  const result = await inTransaction(db, async (tx): Promise<PreviewGenerationEvidenceResult> => {
    const previews = previewRepository(tx);
    const generations = previewGenerationRepository(tx);
    await previews.lockIdentity(derivedPreviewId);

    const stored = await previews.findByAnchor(context, anchorRepo, anchorPrNumber);
    if (stored && stored.product !== product) {
      throw new LaunchplaneError(
        "record_conflict",
        `preview ${stored.record.preview_id} (${stored.record.preview_label}) belongs to product ${stored.product}, not ${product}`,
      );
    }
    if (!stored) await refuseIdCollision(tx, derivedPreviewId, previewRequest);
    const previewId = stored ? stored.record.preview_id : derivedPreviewId;

    const target = await chooseGeneration(tx, previewId, generationRequest, pinnedGenerationId);
    if (target.stored && target.stored.product !== product) {
      throw new LaunchplaneError(
        "record_conflict",
        `generation ${target.stored.record.generation_id} belongs to product ${target.stored.product}, not ${product}`,
      );
    }
    const generation = parseContract(PreviewGenerationRecord, buildGenerationRecord(previewId, target, generationRequest));

    if (stored && target.stored && canonicalJson(target.stored.record) === canonicalJson(generation)) {
      return {
        duplicate: true,
        records: { preview_id: previewId, generation_id: generation.generation_id, transition: generation.state },
        preview: stored.record,
        generation: target.stored.record,
      };
    }

    const base = stored
      ? refreshStoredPreview(stored.record, previewRequest)
      : await newPreview(previewId, previewRequest, options);
    const preview = parseContract(PreviewRecord, applyGenerationTransition(base, generation));
    requireTimestamp(preview.updated_at, "preview updated_at");

    await generations.save(product, generation, input.operation_id ?? null);
    if (!stored || canonicalJson(stored.record) !== canonicalJson(preview)) await previews.save(product, preview);
    return {
      duplicate: false,
      records: { preview_id: previewId, generation_id: generation.generation_id, transition: generation.state },
      preview,
      generation,
    };
  });

  if (!result.duplicate) {
    void publishRecordEvent({ kind: "preview", product, id: result.preview.preview_id, context });
    void publishRecordEvent({ kind: "preview_generation", product, id: result.generation.generation_id, context });
  }
  return result;
}

function checkIdentityAgreement(preview: PreviewMutationRequest, generation: PreviewGenerationMutationRequest): void {
  const mismatched = ALIGNED_FIELDS.filter((field) => preview[field] !== generation[field]);
  if (mismatched.length === 0) return;
  const detail = mismatched
    .map((field) => `${field} (preview ${JSON.stringify(preview[field])}, generation ${JSON.stringify(generation[field])})`)
    .join(", ");
  throw new LaunchplaneError("invalid_request", `preview and generation must name the same pull request; they differ on ${detail}`, {
    fields: mismatched,
  });
}

function checkRequestTimestamps(preview: PreviewMutationRequest, generation: PreviewGenerationMutationRequest): void {
  requireTimestamp(generation.requested_at, "generation.requested_at");
  for (const field of ["started_at", "ready_at", "finished_at", "superseded_at", "failed_at", "expires_at"] as const) {
    checkOptionalTimestamp(generation[field], `generation.${field}`);
  }
  for (const field of ["created_at", "updated_at", "eligible_at", "paused_at", "destroy_after"] as const) {
    checkOptionalTimestamp(preview[field], `preview.${field}`);
  }
}

/**
 * Upstream shares one row between two pull requests whose identities slug to
 * the same preview id (`my_repo` and `my-repo`); we refuse the second one.
 */
async function refuseIdCollision(tx: DbClient, previewId: string, request: PreviewMutationRequest): Promise<void> {
  const holder = await previewRepository(tx).find(previewId);
  if (!holder) return;
  const wanted = buildPreviewLabel(request.context, request.anchor_repo, request.anchor_pr_number);
  throw new LaunchplaneError(
    "invalid_request",
    `preview id ${previewId} derived for ${wanted} already identifies ${holder.record.preview_label}; rename the context or repository so the pull requests slug apart`,
  );
}

interface GenerationTarget {
  generationId: string;
  sequence: number;
  /** The stored generation this request updates or replays, if any. */
  stored: StoredRecord<PreviewGenerationRecord> | null;
}

/**
 * Which generation the request writes (upstream order): a pinned id that is
 * stored is updated in place; without an id, a stored generation with the
 * same content is replayed and a pinned sequence that is stored is updated in
 * place; anything else is a new generation with the pinned or next sequence.
 */
async function chooseGeneration(
  tx: DbClient,
  previewId: string,
  request: PreviewGenerationMutationRequest,
  pinnedGenerationId: string,
): Promise<GenerationTarget> {
  const generations = previewGenerationRepository(tx);
  const pinnedSequence = request.sequence ?? undefined;
  const candidates = await generations.findCandidates({
    previewId,
    generationId: pinnedGenerationId || undefined,
    sequence: pinnedSequence,
    requestedAt: requireTimestamp(request.requested_at, "generation.requested_at"),
    state: request.state,
  });
  const own = candidates.filter((candidate) => candidate.record.preview_id === previewId);
  const atPinnedSequence = pinnedSequence === undefined ? undefined : own.find((c) => c.record.sequence === pinnedSequence);

  if (pinnedGenerationId) {
    const byId = candidates.find((candidate) => candidate.record.generation_id === pinnedGenerationId);
    if (byId && byId.record.preview_id !== previewId) {
      throw new LaunchplaneError(
        "record_conflict",
        `generation ${pinnedGenerationId} belongs to preview ${byId.record.preview_id}, not ${previewId}`,
      );
    }
    if (byId) return { generationId: byId.record.generation_id, sequence: byId.record.sequence, stored: byId };
    if (atPinnedSequence) {
      throw new LaunchplaneError(
        "record_conflict",
        `sequence ${pinnedSequence} of preview ${previewId} is already generation ${atPinnedSequence.record.generation_id}`,
      );
    }
    const sequence = pinnedSequence ?? (await generations.maxSequence(previewId)) + 1;
    return { generationId: pinnedGenerationId, sequence, stored: null };
  }

  const replay = own.find((candidate) => generationMatchesRequest(candidate.record, request));
  if (replay) return { generationId: replay.record.generation_id, sequence: replay.record.sequence, stored: replay };
  if (atPinnedSequence) {
    return { generationId: atPinnedSequence.record.generation_id, sequence: pinnedSequence!, stored: atPinnedSequence };
  }
  const sequence = pinnedSequence ?? (await generations.maxSequence(previewId)) + 1;
  return { generationId: generatePreviewGenerationId(previewId, sequence), sequence, stored: null };
}

/** Upstream's "same generation" test for a request without a generation id. */
function generationMatchesRequest(stored: PreviewGenerationRecord, request: PreviewGenerationMutationRequest): boolean {
  if (request.sequence != null && stored.sequence !== request.sequence) return false;
  const fields = [
    "state",
    "requested_reason",
    "requested_at",
    "started_at",
    "ready_at",
    "finished_at",
    "superseded_at",
    "failed_at",
    "expires_at",
    "resolved_manifest_fingerprint",
    "artifact_id",
    "baseline_release_tuple_id",
    "source_map",
    "companion_summaries",
    "deploy_status",
    "verify_status",
    "overall_health_status",
    "failure_stage",
    "failure_summary",
  ] as const;
  if (fields.some((field) => canonicalJson(stored[field]) !== canonicalJson(request[field]))) return false;
  const anchor = stored.anchor_summary;
  return (
    anchor.repo === request.anchor_repo &&
    anchor.pr_number === request.anchor_pr_number &&
    anchor.pr_url === request.anchor_pr_url &&
    anchor.head_sha === request.anchor_head_sha
  );
}

function buildGenerationRecord(
  previewId: string,
  target: GenerationTarget,
  request: PreviewGenerationMutationRequest,
): PreviewGenerationRecord {
  const runtimeIdentity = request.runtime_identity ?? target.stored?.record.runtime_identity;
  return {
    schema_version: request.schema_version,
    generation_id: target.generationId,
    preview_id: previewId,
    sequence: target.sequence,
    state: request.state,
    requested_reason: request.requested_reason,
    requested_at: request.requested_at,
    started_at: request.started_at,
    ready_at: request.ready_at,
    finished_at: request.finished_at,
    superseded_at: request.superseded_at,
    failed_at: request.failed_at,
    expires_at: request.expires_at,
    resolved_manifest_fingerprint: request.resolved_manifest_fingerprint,
    artifact_id: request.artifact_id,
    baseline_release_tuple_id: request.baseline_release_tuple_id,
    source_map: request.source_map,
    anchor_summary: {
      repo: request.anchor_repo,
      pr_number: request.anchor_pr_number,
      head_sha: request.anchor_head_sha,
      pr_url: request.anchor_pr_url,
    },
    companion_summaries: request.companion_summaries,
    deploy_status: request.deploy_status,
    verify_status: request.verify_status,
    overall_health_status: request.overall_health_status,
    failure_stage: request.failure_stage,
    failure_summary: request.failure_summary,
    ...(runtimeIdentity !== undefined ? { runtime_identity: runtimeIdentity } : {}),
  };
}

/**
 * An existing preview keeps its identity, creation time, state and links;
 * the request may refresh its PR URL, canonical URL and schedule fields.
 */
function refreshStoredPreview(stored: PreviewRecord, request: PreviewMutationRequest): PreviewRecord {
  return {
    ...stored,
    anchor_pr_url: request.anchor_pr_url,
    canonical_url: request.canonical_url.trim() || stored.canonical_url,
    updated_at: request.updated_at.trim() || stored.updated_at,
    eligible_at: request.eligible_at.trim() || stored.eligible_at,
    paused_at: request.paused_at || stored.paused_at,
    destroy_after: request.destroy_after || stored.destroy_after,
  };
}

/**
 * A new preview from the request. Its state, generation links, fingerprint
 * and destroy fields come from the transition only, so a preview never
 * points at a generation that was not stored.
 */
async function newPreview(
  previewId: string,
  request: PreviewMutationRequest,
  options: PreviewGenerationEvidenceOptions,
): Promise<PreviewRecord> {
  const createdAt = [request.created_at, request.updated_at, request.eligible_at].find((value) => value.trim());
  if (!createdAt) {
    throw new LaunchplaneError(
      "invalid_request",
      "Preview mutation requires created_at when no existing Launchplane preview is stored.",
    );
  }
  return {
    schema_version: request.schema_version,
    preview_id: previewId,
    context: request.context,
    anchor_repo: request.anchor_repo,
    anchor_pr_number: request.anchor_pr_number,
    anchor_pr_url: request.anchor_pr_url,
    preview_label: buildPreviewLabel(request.context, request.anchor_repo, request.anchor_pr_number),
    canonical_url: request.canonical_url.trim() || (await derivedCanonicalUrl(request, options)),
    state: "pending",
    created_at: createdAt,
    updated_at: request.updated_at.trim() || createdAt,
    eligible_at: request.eligible_at.trim() || createdAt,
    paused_at: request.paused_at,
    destroy_after: request.destroy_after,
    destroyed_at: "",
    destroy_reason: "",
    active_generation_id: "",
    serving_generation_id: "",
    latest_generation_id: "",
    latest_manifest_fingerprint: "",
  };
}

/** `<LAUNCHPLANE_PREVIEW_BASE_URL>/previews/<context>/<repo>/pr-<n>` (upstream route). */
async function derivedCanonicalUrl(request: PreviewMutationRequest, options: PreviewGenerationEvidenceOptions): Promise<string> {
  const base = ((await options.resolvePreviewBaseUrl?.(request.context)) ?? "").trim().replace(/\/+$/, "");
  if (!base) {
    throw new LaunchplaneError(
      "invalid_request",
      `A new preview needs canonical_url: no LAUNCHPLANE_PREVIEW_BASE_URL runtime value is recorded for '${request.context}'.`,
    );
  }
  return `${base}/previews/${request.context}/${request.anchor_repo}/pr-${request.anchor_pr_number}`;
}
