import { type ReadScope, readScopeAllows } from "@/server/auth/authorize";
import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { deploymentArtifactId } from "@/server/contracts/deployment";
import type { LaneSummary } from "@/server/contracts/lane-summary";
import type { PreviewSummaryList } from "@/server/contracts/preview-summary";
import type { ProductLaneProfile, ProductProfileRecord } from "@/server/contracts/product-profile";
import type { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { readLaneSummary, resolveProductLane } from "@/server/services/lane-summary";
import type { PreviewSummary } from "@/server/contracts/preview-summary";
import { listPreviewSummaries, readPreviewSummary } from "@/server/services/preview-summary";
import { mayReadLane, readableLanes, readableProduct } from "@/server/services/product-read-access";
import { evaluatePromotionGate, type PromotionGateResult } from "@/server/services/promotion-gate";
import { repoShasFromManifest } from "@/server/services/release-tuple-minting";

/*
 * The product workspace: what the console's product page shows in one read.
 * Its stable lanes (each a lane summary), whether testing → prod would pass
 * the promotion gate right now, what differs between the two lanes, the
 * product's previews and its open incidents.
 *
 * Scope: `product.read` per context, as every product read model. Lanes and
 * previews whose context the caller may not read are left out; a product the
 * scope does not reach at all is 403 (after 404 for an unknown product).
 *
 * Cost: per lane a lane summary (a fixed number of statements), plus three
 * lookups for the gate and three for previews; nothing grows with history.
 */

/** Previews the workspace lists (most recently updated first). */
export const WORKSPACE_PREVIEW_LIMIT = 50;
export const PROMOTION_SOURCE = "testing";
export const PROMOTION_DESTINATION = "prod";

export interface WorkspacePromotion {
  from_instance: string;
  to_instance: string;
  context: string;
  /** What a promotion now would carry: the source lane's current artifact. */
  artifact_id: string;
  /** The destination's latest backup gate, the one a promotion now would cite. */
  backup_record_id: string;
  result: PromotionGateResult;
  /** Why the gate was evaluated the way it was, when that needs saying. */
  notes: string[];
}

export interface ProductWorkspace {
  profile: ProductProfileRecord;
  /** The lanes the caller may read, in profile order. */
  lanes: LaneSummary[];
  /** Lanes of the profile left out because their context is outside the caller's scope. */
  hidden_lane_count: number;
  /** testing → prod, when the product has both lanes and the caller may read both. */
  promotion: WorkspacePromotion | null;
  differences: LaneDifferences | null;
  /** Null when previews are not enabled for the product. */
  previews: PreviewSummaryList | null;
  /** Open incidents of the readable lanes, newest first. */
  open_incidents: PublicIngressIncidentRecord[];
}

export interface WorkspaceOptions {
  /** The caller's `product.read` scope; omit only for trusted in-process callers. */
  scope?: ReadScope;
  now?: Date;
}

export async function readProductWorkspace(db: DbClient, product: string, options: WorkspaceOptions = {}): Promise<ProductWorkspace> {
  const profile = await readableProduct(db, product, options.scope, "the workspace");

  const readable = readableLanes(profile, options.scope);
  const [lanes, previews] = await Promise.all([
    Promise.all(readable.map((lane) => readLaneSummary(db, profile.product, lane.instance, { profile, now: options.now }))),
    profile.preview.enabled
      ? listPreviewSummaries(db, profile.product, { profile, scope: options.scope, limit: WORKSPACE_PREVIEW_LIMIT, now: options.now })
      : null,
  ]);

  const source = lanes.find((lane) => lane.instance === PROMOTION_SOURCE) ?? null;
  const destination = lanes.find((lane) => lane.instance === PROMOTION_DESTINATION) ?? null;
  const promotion = source && destination ? await promotionReadiness(db, profile.product, source, destination) : null;

  return {
    profile,
    lanes,
    hidden_lane_count: profile.lanes.length - readable.length,
    promotion,
    differences: source && destination ? laneDifferences(source, destination) : null,
    previews,
    open_incidents: lanes
      .flatMap((lane) => lane.health.open_incidents)
      .sort((left, right) => Date.parse(right.opened_at) - Date.parse(left.opened_at)),
  };
}

/**
 * One lane of a product for the console's lane page: 404 for an unknown
 * product or lane, 403 unless the scope reads the lane's context.
 */
export async function readScopedLane(
  db: DbClient,
  product: string,
  instance: string,
  options: WorkspaceOptions = {},
): Promise<{ profile: ProductProfileRecord; lane: ProductLaneProfile }> {
  const { profile, lane } = await resolveProductLane(db, product, instance);
  if (!mayReadLane(profile, lane, options.scope)) {
    throw new LaunchplaneError(
      "authorization_denied",
      `${options.scope?.action ?? "product.read"} does not allow reading lane ${lane.instance} of product '${profile.product}'.`,
    );
  }
  return { profile, lane };
}

/** Generations the preview page lists (the preview summary's maximum). */
export const PREVIEW_PAGE_GENERATIONS = 50;

/**
 * One preview of a product for the console's preview page: 404 for an
 * unknown product, 403 when the scope reaches none of its contexts, 404 when
 * the preview does not exist or belongs to another product (so a foreign id
 * reveals nothing), 403 unless the scope reads the preview's context.
 */
export async function readScopedPreview(
  db: DbClient,
  product: string,
  previewId: string,
  options: WorkspaceOptions = {},
): Promise<{ profile: ProductProfileRecord; summary: PreviewSummary }> {
  const profile = await readableProduct(db, product, options.scope, "previews");
  const summary = await readPreviewSummary(db, previewId, { generationLimit: PREVIEW_PAGE_GENERATIONS, now: options.now }).catch(
    (error: unknown) => {
      throw error instanceof LaunchplaneError && error.code === "not_found" ? previewNotFound(product, previewId) : error;
    },
  );
  if (summary.product !== profile.product) throw previewNotFound(product, previewId);
  if (options.scope && !readScopeAllows(options.scope, profile.product, summary.preview.context)) {
    throw new LaunchplaneError(
      "authorization_denied",
      `${options.scope.action} does not allow reading previews of product '${profile.product}' in context '${summary.preview.context}'.`,
    );
  }
  return { profile, summary };
}

function previewNotFound(product: string, previewId: string): LaunchplaneError {
  return new LaunchplaneError("not_found", `Product '${product}' has no preview '${previewId}'.`);
}

/**
 * Would promoting the source lane's current artifact to the destination pass
 * the gate now? The gate's own checks (services/promotion-gate.ts), fed with
 * what a promotion started now would carry.
 */
async function promotionReadiness(
  db: DbClient,
  product: string,
  source: LaneSummary,
  destination: LaneSummary,
): Promise<WorkspacePromotion> {
  const artifactId = currentArtifactId(source);
  const backupRecordId = destination.latest_backup_gate?.record_id ?? "";
  const notes: string[] = [];
  if (source.context !== destination.context) {
    notes.push(
      `The lanes live in different contexts (${source.context}, ${destination.context}); the gate is evaluated in the destination's context.`,
    );
  }
  if (!artifactId) notes.push(`${source.instance} runs no recorded artifact, so there is nothing to promote yet.`);
  if (!backupRecordId) notes.push(`No backup gate is recorded for ${destination.instance}; a promotion needs a passing one.`);
  const result = await evaluatePromotionGate(db, {
    product,
    context: destination.context,
    from_instance: source.instance,
    to_instance: destination.instance,
    artifact_id: artifactId,
    backup_record_id: backupRecordId,
  });
  return {
    from_instance: source.instance,
    to_instance: destination.instance,
    context: destination.context,
    artifact_id: artifactId,
    backup_record_id: backupRecordId,
    result,
    notes,
  };
}

/** The artifact a lane runs: its inventory's, else its release tuple's. */
export function currentArtifactId(lane: Pick<LaneSummary, "inventory" | "release_tuple">): string {
  if (lane.inventory) return deploymentArtifactId(lane.inventory);
  return lane.release_tuple?.artifact_id ?? "";
}

// ---------------------------------------------------------------------------
// What differs between two lanes (names and identities, never values)
// ---------------------------------------------------------------------------

export interface ValueDifference {
  from: string;
  to: string;
  same: boolean;
}

export interface RepoDifference extends ValueDifference {
  repo: string;
}

export interface ConfigKeyDifference extends ValueDifference {
  key: string;
  kind: "runtime_key" | "secret_binding";
}

export interface LaneDifferences {
  from_instance: string;
  to_instance: string;
  artifact: ValueDifference;
  image_digest: ValueDifference;
  /** Per repository the commit each lane pins (release tuple, else the manifest's refs). */
  repos: RepoDifference[];
  /** Per config key how each lane has it: its readiness status, or whether it is set / bound at all. */
  config: ConfigKeyDifference[];
}

const NOT_SET = "not set";
const NOT_BOUND = "not bound";

function difference(from: string, to: string): ValueDifference {
  return { from, to, same: from === to };
}

/** The commits a lane pins, per repository: its tuple's, else its manifest's refs (when exact). */
export function laneRepoShas(lane: Pick<LaneSummary, "release_tuple" | "release_tuple_status" | "artifact_manifest" | "context">): Record<string, string> {
  if (lane.release_tuple && lane.release_tuple_status.state === "current") return lane.release_tuple.repo_shas;
  if (lane.artifact_manifest) {
    const shas = repoShasFromManifest(lane.context, lane.artifact_manifest);
    if (shas.ok) return shas.repoShas;
  }
  return lane.release_tuple?.repo_shas ?? {};
}

/** The image digest a lane runs: its manifest's, else its tuple's. */
export function laneImageDigest(lane: Pick<LaneSummary, "artifact_manifest" | "release_tuple">): string {
  return manifestDigest(lane.artifact_manifest) || lane.release_tuple?.image_digest || "";
}

function manifestDigest(manifest: ArtifactIdentityManifest | null): string {
  return manifest?.image.digest ?? "";
}

export function laneDifferences(from: LaneSummary, to: LaneSummary): LaneDifferences {
  const fromShas = laneRepoShas(from);
  const toShas = laneRepoShas(to);
  const repos = sortedUnion(Object.keys(fromShas), Object.keys(toShas)).map((repo) => ({
    repo,
    ...difference(fromShas[repo] ?? "", toShas[repo] ?? ""),
  }));

  const fromRuntime = runtimeKeyStates(from);
  const toRuntime = runtimeKeyStates(to);
  const fromSecrets = secretKeyStates(from);
  const toSecrets = secretKeyStates(to);
  const config: ConfigKeyDifference[] = [
    ...sortedUnion([...fromRuntime.keys()], [...toRuntime.keys()]).map((key) => ({
      key,
      kind: "runtime_key" as const,
      ...difference(fromRuntime.get(key) ?? NOT_SET, toRuntime.get(key) ?? NOT_SET),
    })),
    ...sortedUnion([...fromSecrets.keys()], [...toSecrets.keys()]).map((key) => ({
      key,
      kind: "secret_binding" as const,
      ...difference(fromSecrets.get(key) ?? NOT_BOUND, toSecrets.get(key) ?? NOT_BOUND),
    })),
  ];

  return {
    from_instance: from.instance,
    to_instance: to.instance,
    artifact: difference(currentArtifactId(from), currentArtifactId(to)),
    image_digest: difference(laneImageDigest(from), laneImageDigest(to)),
    repos,
    config,
  };
}

/** Expected runtime keys by readiness status; other keys the lane's runtime records hold as "set". */
function runtimeKeyStates(lane: LaneSummary): Map<string, string> {
  const states = new Map<string, string>();
  for (const setting of lane.runtime_settings) for (const key of setting.env_keys) states.set(key, "set");
  for (const item of lane.config_readiness.runtime_settings) states.set(item.key, item.status);
  return states;
}

/** Expected secret bindings by readiness status; other bindings reaching the lane by their binding status. */
function secretKeyStates(lane: LaneSummary): Map<string, string> {
  const states = new Map<string, string>();
  for (const binding of lane.secret_bindings) {
    // A configured binding wins over a disabled one for the same key.
    if (states.get(binding.binding_key) !== "configured") states.set(binding.binding_key, binding.status);
  }
  for (const item of lane.config_readiness.managed_secrets) states.set(item.binding_key, item.status);
  return states;
}

function sortedUnion(left: readonly string[], right: readonly string[]): string[] {
  return [...new Set([...left, ...right])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
