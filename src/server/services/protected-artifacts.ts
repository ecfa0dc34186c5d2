import { type ReadScope, readScopeAllows } from "@/server/auth/authorize";
import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { deploymentArtifactId } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewPrFeedbackRecord } from "@/server/contracts/preview-pr-feedback";
import {
  missingManifestWarning,
  normalizedValues,
  type ProtectedArtifactEntry,
  type ProtectedArtifactSet,
  unidentifiedLiveRecordWarning,
} from "@/server/contracts/protected-artifact-set";
import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import {
  LIVE_GENERATION_STATES,
  type PreviewGenerationCandidate,
  PROTECTED_READY_GENERATIONS_PER_PREVIEW,
  PROTECTED_SOURCE_LIMIT,
  protectedArtifactRepository,
  type WithManifest,
} from "@/server/repositories/protected-artifact-repository";
import { requireProductProfile, requireReadableProduct } from "@/server/services/product-read-access";
import { tenantRepoName } from "@/server/services/release-tuple-minting";

export interface ProtectedArtifactQuery {
  /** Required: cleanup is always for one product. */
  product: string;
  /** Optional exact context. */
  context?: string;
  /** The caller's `artifact.read` scope; omit only for trusted in-process callers. */
  scope?: ReadScope;
}

/**
 * The protected artifact set of a product (GET /v1/artifacts/protected): what
 * registry cleanup must keep. Built, in upstream's order, from the current
 * inventory of the product's lanes, its current release tuples, the live
 * (serving, active, latest, else ready) generations of previews that still
 * exist, and the newest ready PR feedback of those previews.
 *
 * Fail-closed rules:
 * - a live artifact id without a stored manifest stays protected and adds a
 *   warning; a live record with neither artifact id nor image reference adds
 *   a warning and no entry (upstream wording, see the contract);
 * - an unknown product is 404 (an empty set would read as "delete
 *   everything"); a blank product is 400;
 * - records in contexts the caller may not read are withheld and counted in a
 *   warning, and a caller who can read no context of the product gets 403;
 * - a source read that reaches its bound adds a warning: the set is then
 *   incomplete.
 *
 * Five queries whatever the history size: the profile, then inventory,
 * tuples, live previews (with their feedback) and their generations (with
 * manifests) at once.
 */
export async function readProtectedArtifactSet(db: DbClient, query: ProtectedArtifactQuery): Promise<ProtectedArtifactSet> {
  const product = query.product.trim();
  if (!product) throw new LaunchplaneError("invalid_request", "Protected artifact inventory requires a product query parameter.");
  const context = query.context?.trim() || undefined;
  const profile = await requireProductProfile(db, product);
  if (context !== undefined && query.scope && !readScopeAllows(query.scope, product, context)) {
    throw new LaunchplaneError(
      "authorization_denied",
      `${query.scope.action} does not allow reading protected artifacts of product '${product}' in context '${context}'.`,
    );
  }
  requireReadableProduct(profile, query.scope, "protected artifacts");

  const repository = protectedArtifactRepository(db);
  const [inventory, tuples, previews, generations] = await Promise.all([
    repository.stableInventory(product, context),
    repository.releaseTuples(product, context),
    repository.livePreviews(product, context),
    repository.previewGenerations(product, context),
  ]);

  const builder = new SetBuilder(product);
  const readable = (recordContext: string) => !query.scope || readScopeAllows(query.scope, product, recordContext);
  let withheld = 0;
  const visible = <T>(records: T[], contextOf: (record: T) => string, source: string): T[] => {
    if (records.length > PROTECTED_SOURCE_LIMIT) {
      builder.warn(
        `Product ${product} has more than ${PROTECTED_SOURCE_LIMIT} ${source} records; the protected set is incomplete and cleanup consumers must fail closed.`,
      );
    }
    const bounded = records.slice(0, PROTECTED_SOURCE_LIMIT);
    const kept = bounded.filter((record) => readable(contextOf(record)));
    withheld += bounded.length - kept.length;
    return kept;
  };

  for (const item of visible(inventory, (entry) => entry.record.context, "environment_inventory")) builder.inventory(item);
  for (const item of visible(tuples, (entry) => entry.record.context, "release_tuple")) builder.releaseTuple(item);
  const byPreview = groupByPreview(generations);
  for (const live of visible(previews, (entry) => entry.preview.context, "preview")) {
    builder.previewGenerations(live.preview, byPreview.get(live.preview.preview_id) ?? []);
    if (live.readyFeedback) builder.previewFeedback(live.preview, live.readyFeedback);
  }
  if (withheld > 0) {
    builder.warn(
      `${withheld} live record(s) of product ${product} are outside the caller's artifact.read scope and were withheld; cleanup consumers must fail closed.`,
    );
  }
  return builder.build(context ?? "");
}

function groupByPreview(candidates: PreviewGenerationCandidate[]): Map<string, PreviewGenerationCandidate[]> {
  const byPreview = new Map<string, PreviewGenerationCandidate[]>();
  for (const candidate of candidates) {
    const list = byPreview.get(candidate.record.preview_id) ?? [];
    list.push(candidate);
    byPreview.set(candidate.record.preview_id, list);
  }
  return byPreview;
}

/** `repo@digest` and `repo:<tag>` for every non-blank tag of a manifest's image. */
function manifestImageReferences(manifest: ArtifactIdentityManifest | null): string[] {
  if (!manifest) return [];
  const { repository, digest, tags } = manifest.image;
  const references = repository && digest ? [`${repository}@${digest}`] : [];
  for (const tag of tags) if (tag.trim()) references.push(`${repository}:${tag.trim()}`);
  return references;
}

const LIVE_GENERATION = new Set<string>(LIVE_GENERATION_STATES);

/**
 * The tuple's own repository commit. Upstream took the first repo_shas entry in insertion
 * order, which is the tenant entry minting writes first; JSONB does not keep key order, so the
 * tenant entry is looked up by name, falling back to the first key in sorted order.
 */
function tupleSourceRef(tuple: ReleaseTupleRecord): string {
  const tenant = tuple.repo_shas[tenantRepoName(tuple.context)];
  if (tenant) return tenant;
  const [first] = Object.keys(tuple.repo_shas).sort();
  return first ? (tuple.repo_shas[first] ?? "") : "";
}

class SetBuilder {
  private readonly entries: ProtectedArtifactEntry[] = [];
  private readonly warnings: string[] = [];

  constructor(private readonly product: string) {}

  warn(message: string): void {
    this.warnings.push(message);
  }

  inventory({ record, manifest }: WithManifest<EnvironmentInventory>): void {
    const sourceId = `${record.context}-${record.instance}`;
    const artifactId = deploymentArtifactId(record);
    const references = normalizedValues([...manifestImageReferences(manifest), record.runtime_identity?.image_reference ?? ""]);
    if (!artifactId.trim() && references.length === 0) {
      this.warn(unidentifiedLiveRecordWarning("environment_inventory", sourceId));
      return;
    }
    if (artifactId.trim() && !manifest) this.warn(missingManifestWarning(artifactId, "environment_inventory"));
    this.add({
      context: record.context,
      instance: record.instance,
      environment_kind: "stable",
      artifact_id: artifactId,
      image_references: references,
      source_git_ref: record.source_git_ref,
      reason: "stable-inventory",
      source_record_type: "environment_inventory",
      source_record_id: sourceId,
      image_repository: manifest?.image.repository ?? "",
      image_digest: manifest?.image.digest ?? "",
    });
  }

  releaseTuple({ record, manifest }: WithManifest<ReleaseTupleRecord>): void {
    const repository = record.image_repository || manifest?.image.repository || "";
    const digest = record.image_digest || manifest?.image.digest || "";
    if (!manifest) this.warn(missingManifestWarning(record.artifact_id, "release_tuple"));
    this.add({
      context: record.context,
      instance: record.channel,
      environment_kind: "stable",
      artifact_id: record.artifact_id,
      image_references: normalizedValues([repository && digest ? `${repository}@${digest}` : "", ...manifestImageReferences(manifest)]),
      source_git_ref: tupleSourceRef(record),
      reason: "release-tuple",
      source_record_type: "release_tuple",
      source_record_id: record.tuple_id,
      image_repository: repository,
      image_digest: digest,
    });
  }

  /**
   * The preview's serving, active and latest generations that are live; when
   * none is, every ready generation (upstream's fallback).
   */
  previewGenerations(preview: PreviewRecord, candidates: PreviewGenerationCandidate[]): void {
    const byId = new Map(candidates.map((candidate) => [candidate.record.generation_id, candidate]));
    const linkedIds = [...new Set([preview.serving_generation_id, preview.active_generation_id, preview.latest_generation_id].filter(Boolean))];
    let chosen = linkedIds
      .map((id) => byId.get(id))
      .filter((candidate): candidate is PreviewGenerationCandidate => candidate !== undefined && LIVE_GENERATION.has(candidate.record.state));
    if (chosen.length === 0) {
      const ready = candidates.filter((candidate) => !candidate.linked);
      if (ready.length > PROTECTED_READY_GENERATIONS_PER_PREVIEW) {
        this.warn(
          `Preview ${preview.preview_id} has more than ${PROTECTED_READY_GENERATIONS_PER_PREVIEW} ready generations; only the newest are listed and cleanup consumers must fail closed for this preview.`,
        );
      }
      chosen = ready.slice(0, PROTECTED_READY_GENERATIONS_PER_PREVIEW);
    }
    for (const { record, manifest } of chosen) {
      const references = normalizedValues([...manifestImageReferences(manifest), record.runtime_identity?.image_reference ?? ""]);
      if (!record.artifact_id.trim() && references.length === 0) {
        this.warn(unidentifiedLiveRecordWarning("preview_generation", record.generation_id));
        continue;
      }
      if (record.artifact_id.trim() && !manifest) this.warn(missingManifestWarning(record.artifact_id, "preview_generation"));
      this.add({
        context: preview.context,
        environment_kind: "preview",
        artifact_id: record.artifact_id,
        image_references: references,
        source_git_ref: record.anchor_summary.head_sha,
        reason: "active-preview-generation",
        source_record_type: "preview_generation",
        source_record_id: record.generation_id,
        image_repository: manifest?.image.repository ?? "",
        image_digest: manifest?.image.digest ?? "",
        preview_id: preview.preview_id,
        preview_generation_id: record.generation_id,
        anchor_repo: preview.anchor_repo,
        anchor_pr_number: preview.anchor_pr_number,
      });
    }
  }

  previewFeedback(preview: PreviewRecord, feedback: PreviewPrFeedbackRecord): void {
    const references = normalizedValues([feedback.immutable_image_reference, feedback.refresh_image_reference]);
    if (references.length === 0) {
      this.warn(unidentifiedLiveRecordWarning("preview_pr_feedback", feedback.feedback_id));
      return;
    }
    this.add({
      context: preview.context,
      environment_kind: "preview",
      image_references: references,
      source_git_ref: feedback.revision,
      reason: "active-preview-feedback",
      source_record_type: "preview_pr_feedback",
      source_record_id: feedback.feedback_id,
      preview_id: preview.preview_id,
      anchor_repo: preview.anchor_repo,
      anchor_pr_number: preview.anchor_pr_number,
    });
  }

  build(context: string): ProtectedArtifactSet {
    return {
      schema_version: 1,
      product: this.product,
      context,
      entries: this.entries,
      artifact_ids: normalizedValues(this.entries.map((entry) => entry.artifact_id)),
      image_references: normalizedValues(this.entries.flatMap((entry) => entry.image_references)),
      image_digests: normalizedValues(this.entries.map((entry) => entry.image_digest)),
      warnings: normalizedValues(this.warnings),
    };
  }

  private add(
    entry: Pick<ProtectedArtifactEntry, "context" | "environment_kind" | "image_references" | "source_git_ref" | "reason" | "source_record_type" | "source_record_id"> &
      Partial<ProtectedArtifactEntry>,
  ): void {
    this.entries.push({
      schema_version: 1,
      product: this.product,
      instance: "",
      artifact_id: "",
      image_repository: "",
      image_digest: "",
      preview_id: "",
      preview_generation_id: "",
      anchor_repo: "",
      anchor_pr_number: 0,
      ...entry,
    });
  }
}
