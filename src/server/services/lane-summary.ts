import { type DataProvenance, freshnessOf, missingProvenance } from "@/server/contracts/data-provenance";
import { deploymentArtifactId, type DeploymentRecord } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type {
  LaneHealthSummary,
  LaneReleaseTupleReason,
  LaneReleaseTupleStatus,
  LaneRuntimeIdentity,
  LaneSecretBinding,
  LaneSummary,
} from "@/server/contracts/lane-summary";
import type { ProductLaneProfile, ProductProfileRecord } from "@/server/contracts/product-profile";
import { providerTargetToDeployedReference } from "@/server/contracts/provider-target";
import { summarizeRuntimeEnvironment } from "@/server/contracts/runtime-environment";
import type { SecretBinding } from "@/server/contracts/secret-binding";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { type LaneRecords, laneSummaryRepository } from "@/server/repositories/lane-summary-repository";
import { runtimeEnvironmentRepository } from "@/server/repositories/runtime-environment-repository";
import { secretBindingRepository } from "@/server/repositories/secret-binding-repository";
import { configReadinessForLane } from "@/server/services/config-readiness";
import { type LaneHealth, readLaneHealth } from "@/server/services/lane-health";
import { requireProductProfile } from "@/server/services/product-read-access";
import { isReleaseChannel, repoShasFromManifest } from "@/server/services/release-tuple-minting";

/** A lane shows at most this many secret bindings (lane, context and global ones that reach it). */
const LANE_BINDING_LIMIT = 200;

export interface LaneSummaryOptions {
  /** The product's profile when the caller already read it (the /v1 door reads it to authorize first). */
  profile?: ProductProfileRecord;
  /** Clock for freshness (tests). */
  now?: Date;
}

/** A product's profile and one of its lanes; 404 when either is unknown. */
export async function resolveProductLane(
  db: DbClient,
  product: string,
  instance: string,
  profile?: ProductProfileRecord,
): Promise<{ profile: ProductProfileRecord; lane: ProductLaneProfile }> {
  const found = await requireProductProfile(db, product, profile);
  const lane = found.lanes.find((candidate) => candidate.instance === instance);
  if (!lane) throw new LaunchplaneError("not_found", `Product '${product}' has no environment '${instance}'.`);
  return { profile: found, lane };
}

/**
 * The lane summary of a product lane (GET /v1/products/{product}/environments/{env}, the
 * console's lane page): current inventory and the manifest of what runs, the release tuple and
 * why there is none (derived here, DECISIONS 10), the latest deployment / promotion into the
 * lane / backup gate, the deployed target, runtime identity, runtime keys (names only), secret
 * binding status, expected-config readiness, health and provenance.
 *
 * Bounded: the profile, then one statement for the lane's records, one for runtime
 * environment records, one for bindings, two for health and at most five for config readiness;
 * none of them grows with the lane's history.
 */
export async function readLaneSummary(
  db: DbClient,
  product: string,
  instance: string,
  options: LaneSummaryOptions = {},
): Promise<LaneSummary> {
  const { lane } = await resolveProductLane(db, product, instance, options.profile);
  const key = { product, context: lane.context, instance: lane.instance };
  const [records, runtimeRecords, bindings, health, readiness] = await Promise.all([
    laneSummaryRepository(db).laneRecords(key),
    runtimeEnvironmentRepository(db).listForLane(key.context, key.instance),
    secretBindingRepository(db).listReachingLane(key.context, key.instance, { take: LANE_BINDING_LIMIT }),
    readLaneHealth(db, key),
    configReadinessForLane(db, product, instance),
  ]);
  const provenance = laneProvenance(inventoryStamp(records.inventory), deploymentStamp(records.latestDeployment), options.now);

  return {
    schema_version: 1,
    product,
    context: key.context,
    instance: key.instance,
    base_url: lane.base_url,
    health_url: lane.health_url,
    inventory: records.inventory,
    artifact_manifest: records.artifactManifest,
    release_tuple: records.releaseTuple,
    release_tuple_status: releaseTupleStatus(key.instance, records),
    latest_deployment: records.latestDeployment,
    latest_promotion: records.latestPromotion,
    latest_backup_gate: records.latestBackupGate,
    deployed_target: records.providerTarget
      ? providerTargetToDeployedReference(records.providerTarget)
      : (records.latestDeployment?.deployed_target ?? null),
    provider_target: records.providerTarget,
    runtime_identity: laneRuntimeIdentity(records.inventory, records.latestDeployment),
    runtime_settings: runtimeRecords.map((record) => ({ ...summarizeRuntimeEnvironment(record), trust_state: "recorded" as const })),
    secret_bindings: bindings.map(bindingSummary),
    config_readiness: {
      trust_state: readiness.trust_state,
      deployed_at: readiness.deployed_at,
      counts: readiness.counts,
      runtime_settings: readiness.runtime_settings,
      managed_secrets: readiness.managed_secrets,
      warnings: readiness.warnings,
    },
    health: healthSummary(health),
    trust_state: provenance.freshness_status,
    provenance,
  };
}

// ---------------------------------------------------------------------------
// Provenance (upstream `_lane_provenance`)
// ---------------------------------------------------------------------------

/** The facts lane provenance needs from an inventory or deployment record. */
export interface LaneEvidenceStamp {
  recordId: string;
  recordedAt: string;
  verified: boolean;
}

export function inventoryStamp(inventory: EnvironmentInventory | null): LaneEvidenceStamp | null {
  if (!inventory) return null;
  return { recordId: inventory.deployment_record_id, recordedAt: inventory.updated_at, verified: inventory.destination_health.verified };
}

export function deploymentStamp(deployment: DeploymentRecord | null): LaneEvidenceStamp | null {
  if (!deployment) return null;
  return {
    recordId: deployment.record_id,
    recordedAt: deployment.deploy.finished_at || deployment.deploy.started_at,
    verified: deployment.destination_health.verified,
  };
}

/**
 * The inventory when there is one, else the latest deployment, else "missing". Evidence older
 * than 30 minutes is stale; newer evidence is verified when its destination health was.
 */
export function laneProvenance(
  inventory: LaneEvidenceStamp | null,
  deployment: LaneEvidenceStamp | null,
  now: Date = new Date(),
): DataProvenance {
  const stamp = inventory ?? deployment;
  if (!stamp) return missingProvenance("Launchplane has not recorded lane evidence for this context and instance.");
  return {
    source_kind: "record",
    source_record_id: stamp.recordId,
    recorded_at: stamp.recordedAt,
    refreshed_at: inventory ? stamp.recordedAt : "",
    ...freshnessOf(stamp.recordedAt, stamp.verified, now),
    detail: inventory
      ? "Launchplane environment inventory record."
      : "Latest Launchplane deployment record; environment inventory is missing.",
  };
}

// ---------------------------------------------------------------------------
// Release tuple status (DECISIONS 10: "no release tuple: manifest missing", or why not)
// ---------------------------------------------------------------------------

export function releaseTupleStatus(instance: string, records: LaneRecords): LaneReleaseTupleStatus {
  const { inventory, releaseTuple: tuple } = records;
  const currentArtifact = inventory ? deploymentArtifactId(inventory) : (tuple?.artifact_id ?? "");
  if (tuple && (!inventory || tuple.artifact_id === currentArtifact)) {
    return {
      state: "current",
      reason: "",
      message: `release tuple ${tuple.tuple_id} pins artifact ${tuple.artifact_id}${inventory ? ", which the lane runs" : ""}.`,
    };
  }
  const why = noTupleReason(instance, records);
  if (tuple) {
    return {
      state: "outdated",
      reason: why.reason,
      message: `release tuple ${tuple.tuple_id} is for artifact ${tuple.artifact_id}, but the lane runs ${currentArtifact || "an artifact without an id"}: ${why.text}`,
    };
  }
  return { state: "absent", reason: why.reason, message: `no release tuple: ${why.text}` };
}

/** Why the lane's current artifact has no tuple, checked in the order minting checks it. */
function noTupleReason(instance: string, records: LaneRecords): { reason: LaneReleaseTupleReason; text: string } {
  const { inventory, latestDeployment, artifactManifest } = records;
  if (!isReleaseChannel(instance)) {
    return { reason: "not_a_release_channel", text: `${instance} is not a release channel (testing, prod)` };
  }
  if (!inventory) {
    if (latestDeployment && latestDeployment.deploy.status !== "pass") {
      return {
        reason: "deploy_not_passed",
        text: `deploy did not pass (deployment ${latestDeployment.record_id} is ${latestDeployment.deploy.status})`,
      };
    }
    return { reason: "no_deployment", text: "no passing deployment is recorded" };
  }
  const artifactId = deploymentArtifactId(inventory);
  if (!artifactId) {
    return { reason: "artifact_id_missing", text: `artifact id missing (deployment ${inventory.deployment_record_id} names no artifact)` };
  }
  if (!artifactManifest) {
    return { reason: "manifest_missing", text: `manifest missing (artifact ${artifactId} has no stored manifest)` };
  }
  const shas = repoShasFromManifest(inventory.context, artifactManifest);
  if (!shas.ok) {
    const what = shas.reason === "manifest_refs_conflict" ? "manifest refs conflict" : "manifest refs are not exact SHAs";
    return { reason: shas.reason === "manifest_refs_conflict" ? "manifest_refs_conflict" : "manifest_ref_not_sha", text: `${what} (${shas.detail})` };
  }
  if (inventory.promotion_record_id) {
    return {
      reason: "source_tuple_missing",
      text: `source tuple missing (promotion ${inventory.promotion_record_id} from ${inventory.promoted_from_instance} found no matching release tuple there)`,
    };
  }
  return {
    reason: "not_recorded",
    text: `not recorded (deployment ${inventory.deployment_record_id} could mint one now; its manifest was probably stored after the deploy)`,
  };
}

// ---------------------------------------------------------------------------
// Runtime identity, bindings, health
// ---------------------------------------------------------------------------

/** Expected identity and the live app's report from the inventory, else the latest deployment. */
export function laneRuntimeIdentity(inventory: EnvironmentInventory | null, deployment: DeploymentRecord | null): LaneRuntimeIdentity {
  const source = inventory ?? deployment;
  if (!source) {
    return { status: "unchecked", detail: "No deployment is recorded for this lane.", source: "", expected: null, observed: null };
  }
  const health = source.destination_health;
  return {
    status: health.runtime_identity_status,
    detail: health.runtime_identity_detail,
    source: inventory ? "inventory" : "deployment",
    expected: source.runtime_identity ?? deployment?.runtime_identity ?? null,
    observed: health.observed_runtime_identity ?? null,
  };
}

/** Metadata and status of a binding; the bound secret's value never appears. */
function bindingSummary(binding: SecretBinding): LaneSecretBinding {
  return {
    binding_id: binding.binding_id,
    secret_id: binding.secret_id,
    integration: binding.integration,
    binding_type: binding.binding_type,
    binding_key: binding.binding_key,
    context: binding.context,
    instance: binding.instance,
    status: binding.status,
    updated_at: binding.updated_at,
    trust_state: binding.status === "configured" ? "recorded" : "disabled",
  };
}

function healthSummary(health: LaneHealth): LaneHealthSummary {
  const failing = health.open_incidents.length > 0 || health.checks.some((check) => check.health === "failing");
  const healthy = health.checks.some((check) => check.health === "healthy");
  return {
    status: failing ? "failing" : healthy ? "healthy" : "unknown",
    checks: health.checks,
    open_incidents: health.open_incidents,
  };
}
