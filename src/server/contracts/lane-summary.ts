// Lane summary: the read model of one product lane (context/instance). Upstream fields come from
// control_plane/contracts/lane_summary.py (LaunchplaneLaneSummary) and the environment detail of
// product_environment_read_model.py; the rest are this project's extensions for operators. An
// output schema: it names every field a response may carry, and runtime values, secret
// plaintext and ciphertext have no field here (key names and binding status only).
import { z } from "zod";

import { ArtifactIdentityManifest } from "./artifact-manifest";
import { BackupGateRecord } from "./backup-gate";
import { DataProvenance, TrustState } from "./data-provenance";
import { DeployedTargetReference, RuntimeIdentity, RuntimeIdentityStatus } from "./deploy-evidence";
import { DeploymentRecord } from "./deployment";
import { EnvironmentInventory } from "./inventory";
import { PromotionRecord } from "./promotion";
import { ProviderTargetRecord } from "./provider-target";
import { publicIngressCheckKind, PublicIngressObservationRecord } from "./public-ingress-observation";
import { PublicIngressIncidentRecord } from "./public-ingress-incident";
import { ReleaseTupleRecord } from "./release-tuple";
import { RuntimeEnvironmentKeySummary, runtimeEnvironmentScope } from "./runtime-environment";

/** Why the lane has no release tuple for what it runs (DECISIONS 10), derived at read time. */
export const LaneReleaseTupleReason = z.enum([
  "not_a_release_channel",
  "no_deployment",
  "deploy_not_passed",
  "artifact_id_missing",
  "manifest_missing",
  "manifest_ref_not_sha",
  "manifest_refs_conflict",
  "source_tuple_missing",
  "not_recorded",
]);
export type LaneReleaseTupleReason = z.infer<typeof LaneReleaseTupleReason>;

/**
 * `current`: the tuple pins what the lane runs. `outdated`: a tuple exists but for another
 * artifact than the lane's current one. `absent`: no tuple. The reason says why the current
 * artifact has none ("" when current).
 */
export const LaneReleaseTupleStatus = z.strictObject({
  state: z.enum(["current", "outdated", "absent"]),
  reason: z.union([z.literal(""), LaneReleaseTupleReason]),
  message: z.string(),
});
export type LaneReleaseTupleStatus = z.output<typeof LaneReleaseTupleStatus>;

/** Whether the live app reported the breadcrumb of the deployment Launchplane expects. */
export const LaneRuntimeIdentity = z.strictObject({
  status: RuntimeIdentityStatus,
  detail: z.string(),
  /** inventory (current state), deployment (latest deployment, no inventory) or "" (neither). */
  source: z.enum(["inventory", "deployment", ""]),
  expected: RuntimeIdentity.nullable(),
  observed: RuntimeIdentity.nullable(),
});
export type LaneRuntimeIdentity = z.output<typeof LaneRuntimeIdentity>;

/** Upstream ProductRuntimeSettingSummary: key names and a count, never values. */
export const LaneRuntimeSetting = RuntimeEnvironmentKeySummary.extend({ trust_state: z.literal("recorded") });
export type LaneRuntimeSetting = z.output<typeof LaneRuntimeSetting>;

/** Upstream ProductSecretBindingSummary: binding metadata and status, never the secret. */
export const LaneSecretBinding = z.strictObject({
  binding_id: z.string(),
  secret_id: z.string(),
  integration: z.string(),
  binding_type: z.string(),
  binding_key: z.string(),
  context: z.string(),
  instance: z.string(),
  status: z.string(),
  updated_at: z.string(),
  trust_state: z.enum(["recorded", "disabled"]),
});
export type LaneSecretBinding = z.output<typeof LaneSecretBinding>;

const ConfigItemStatus = z.enum(["configured", "missing", "disabled", "stale", "unsupported"]);
const ConfigItemTrustState = z.enum(["recorded", "missing", "disabled", "stale", "unsupported"]);

/** The profile's expected config for the lane, item by item (services/config-readiness.ts). */
export const LaneConfigReadiness = z.strictObject({
  trust_state: z.enum(["recorded", "missing", "stale", "unsupported"]),
  deployed_at: z.string(),
  counts: z.record(ConfigItemStatus, z.number().int().min(0)),
  runtime_settings: z.array(
    z.strictObject({
      key: z.string(),
      status: ConfigItemStatus,
      trust_state: ConfigItemTrustState,
      scope: z.union([z.literal(""), runtimeEnvironmentScope]),
      context: z.string(),
      instance: z.string(),
      source_label: z.string(),
      updated_at: z.string(),
      detail: z.string(),
    }),
  ),
  managed_secrets: z.array(
    z.strictObject({
      binding_key: z.string(),
      integration: z.string(),
      status: ConfigItemStatus,
      trust_state: ConfigItemTrustState,
      context: z.string(),
      instance: z.string(),
      binding_id: z.string(),
      secret_id: z.string(),
      updated_at: z.string(),
      detail: z.string(),
    }),
  ),
  warnings: z.array(z.string()),
});
export type LaneConfigReadiness = z.output<typeof LaneConfigReadiness>;

/** Latest observation of each monitored check and the lane's open incidents (services/lane-health.ts). */
export const LaneHealthSummary = z.strictObject({
  /** failing: an open incident or a failing check; healthy: every checked check passes; unknown: nothing observed. */
  status: z.enum(["healthy", "failing", "unknown"]),
  checks: z.array(
    z.strictObject({
      check_name: z.string(),
      check_kind: publicIngressCheckKind,
      health: z.enum(["healthy", "failing", "unsupported"]),
      latest_observation: PublicIngressObservationRecord,
      open_incident: PublicIngressIncidentRecord.nullable(),
    }),
  ),
  open_incidents: z.array(PublicIngressIncidentRecord),
});
export type LaneHealthSummary = z.output<typeof LaneHealthSummary>;

export const LaneSummary = z.strictObject({
  schema_version: z.literal(1),
  product: z.string(),
  context: z.string(),
  instance: z.string(),
  base_url: z.string(),
  health_url: z.string(),
  inventory: EnvironmentInventory.nullable(),
  /** Manifest of the artifact the lane runs (its inventory's; the tuple's when there is no inventory). */
  artifact_manifest: ArtifactIdentityManifest.nullable(),
  release_tuple: ReleaseTupleRecord.nullable(),
  release_tuple_status: LaneReleaseTupleStatus,
  latest_deployment: DeploymentRecord.nullable(),
  /** Latest promotion whose destination is this lane. */
  latest_promotion: PromotionRecord.nullable(),
  latest_backup_gate: BackupGateRecord.nullable(),
  /** The provider target row's identity, else what the latest deployment ran against. */
  deployed_target: DeployedTargetReference.nullable(),
  provider_target: ProviderTargetRecord.nullable(),
  runtime_identity: LaneRuntimeIdentity,
  runtime_settings: z.array(LaneRuntimeSetting),
  secret_bindings: z.array(LaneSecretBinding),
  config_readiness: LaneConfigReadiness,
  health: LaneHealthSummary,
  trust_state: TrustState,
  provenance: DataProvenance,
});
export type LaneSummary = z.output<typeof LaneSummary>;
