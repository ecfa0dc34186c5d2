// Evidence blocks shared by deployment, promotion and inventory records: artifact reference, deploy,
// health, post-deploy, backup gate, bootstrap, rollback, runtime identity and target evidence.
// Mirrors upstream control_plane/contracts/promotion_record.py, deployment_record.py (resolved
// target), deploy_target.py, runtime_identity.py, structured_health.py and ship_request.py.
import { z } from "zod";

import { optionalText, optionalTimestamp, RECORD_ID_PATTERN, releaseStatus, schemaVersion } from "./primitives";

// ---------------------------------------------------------------------------------------------
// Small building blocks used by the evidence-core families (deployment, promotion, backup gate,
// inventory, release tuple, artifact manifest).
// ---------------------------------------------------------------------------------------------

/** A string-to-string map (upstream `dict[str, str]`). */
export const stringMap = z.record(z.string(), z.string());

/** Empty (no link), or a record id. Used for links such as `deployment_record_id`. */
export const linkedRecordId = z
  .string()
  .refine((value) => value === "" || RECORD_ID_PATTERN.test(value), {
    message: "must be empty or 1-200 characters from [A-Za-z0-9._:-]",
  })
  .default("");

type IssueSink = { addIssue: (issue: { code: "custom"; message: string; path?: PropertyKey[] }) => void };
const fail = (ctx: IssueSink, message: string, path: PropertyKey[] = []) =>
  ctx.addIssue({ code: "custom", message, path });

// ---------------------------------------------------------------------------------------------
// Artifact reference
// ---------------------------------------------------------------------------------------------

/** Pointer from an evidence record to an artifact manifest. Upstream does not require a non-blank id. */
export const ArtifactIdentityReference = z.strictObject({
  artifact_id: z.string(),
  manifest_version: z.number().int().min(1).default(1),
});
export type ArtifactIdentityReference = z.output<typeof ArtifactIdentityReference>;

// ---------------------------------------------------------------------------------------------
// Deploy target vocabulary
// ---------------------------------------------------------------------------------------------

export const DeployTargetCategory = z.enum(["application", "compose", "container", "service", "static", "unknown"]);
export type DeployTargetCategory = z.infer<typeof DeployTargetCategory>;

/** Dokploy-shaped target types kept for compatibility. */
export const DeployTargetCompatibilityType = z.enum(["application", "compose"]);
export type DeployTargetCompatibilityType = z.infer<typeof DeployTargetCompatibilityType>;

/**
 * Provider-neutral target reference that upstream accepts (and never serializes) as a
 * compatibility input on deploy evidence. Evidence ingress rejects it, so our deploy evidence
 * schemas do not accept it; the shape is exported for completeness.
 */
export const DeployTargetContractReference = z
  .strictObject({
    target_name: z.string(),
    provider_id: z.string().default("dokploy"),
    target_category: DeployTargetCategory.default("unknown"),
    provider_target_type: optionalText(),
  })
  .superRefine((value, ctx) => {
    if (!value.target_name.trim()) fail(ctx, "deploy target contract reference requires target_name", ["target_name"]);
    if (!value.provider_id.trim()) fail(ctx, "deploy target contract reference requires provider_id", ["provider_id"]);
  })
  .transform((value) => ({
    ...value,
    target_name: value.target_name.trim(),
    provider_id: value.provider_id.trim().toLowerCase(),
    provider_target_type: value.provider_target_type.trim().toLowerCase(),
  }));
export type DeployTargetContractReference = z.output<typeof DeployTargetContractReference>;

/** Provider-neutral record of the target a deploy actually ran against. */
export const DeployedTargetReferenceFields = z.strictObject({
  provider_id: z.string(),
  target_category: DeployTargetCategory.default("unknown"),
  target_id: z.string(),
  display_name: z.string(),
  provider_target_type: optionalText(),
  provider_evidence: stringMap.default(() => ({})),
});
export const DeployedTargetReference = DeployedTargetReferenceFields.superRefine((value, ctx) => {
  if (!value.provider_id.trim()) fail(ctx, "deployed target reference requires provider_id", ["provider_id"]);
  if (!value.target_id.trim()) fail(ctx, "deployed target reference requires target_id", ["target_id"]);
  if (!value.display_name.trim()) fail(ctx, "deployed target reference requires display_name", ["display_name"]);
  for (const key of Object.keys(value.provider_evidence)) {
    if (!key.trim()) {
      fail(ctx, "deployed target provider evidence keys must be non-empty", ["provider_evidence"]);
      break;
    }
  }
}).transform((value) => ({
  ...value,
  provider_id: value.provider_id.trim().toLowerCase(),
  target_id: value.target_id.trim(),
  display_name: value.display_name.trim(),
  provider_target_type: value.provider_target_type.trim().toLowerCase(),
  provider_evidence: Object.fromEntries(
    Object.entries(value.provider_evidence).map(([key, evidence]) => [key.trim(), evidence.trim()]),
  ),
}));
export type DeployedTargetReference = z.output<typeof DeployedTargetReference>;

/** Dokploy target resolved for a deploy (compatibility evidence kept on deployment records). */
export const ResolvedTargetEvidenceFields = z.strictObject({
  target_type: DeployTargetCompatibilityType,
  target_id: z.string(),
  target_name: z.string(),
});
export const ResolvedTargetEvidence = ResolvedTargetEvidenceFields.superRefine((value, ctx) => {
  if (!value.target_id.trim()) fail(ctx, "resolved target evidence requires target_id", ["target_id"]);
  if (!value.target_name.trim()) fail(ctx, "resolved target evidence requires target_name", ["target_name"]);
});
export type ResolvedTargetEvidence = z.output<typeof ResolvedTargetEvidence>;

// ---------------------------------------------------------------------------------------------
// Deploy evidence
// ---------------------------------------------------------------------------------------------

/**
 * What the provider deploy did. `target_type` is required in practice (upstream's default ""
 * always fails validation); `target_category`, `provider_target_type` and `provider_deploy_mode`
 * are derived from `target_type` / `deploy_mode` when left empty. Upstream also accepts a
 * `target_reference` compatibility input here, but evidence ingress rejects it, so it is an
 * unknown key for us.
 */
export const DeploymentEvidenceFields = z.strictObject({
  target_name: optionalText(),
  target_type: DeployTargetCompatibilityType.optional(),
  deploy_mode: z.string(),
  provider_id: z.string().default("dokploy"),
  target_category: DeployTargetCategory.nullish(),
  provider_target_type: optionalText(),
  provider_deploy_mode: optionalText(),
  deployment_id: optionalText(),
  status: releaseStatus.default("pending"),
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
});

export const DeploymentEvidence = DeploymentEvidenceFields.superRefine((value, ctx) => {
  if (!value.provider_id.trim()) fail(ctx, "deployment evidence requires provider_id", ["provider_id"]);
  if (!value.target_name.trim()) fail(ctx, "deployment evidence requires target_name", ["target_name"]);
  const targetType = value.target_type;
  if (!targetType) {
    fail(ctx, "deployment evidence requires target_type", ["target_type"]);
    return;
  }
  const category = value.target_category ?? targetType;
  if ((category === "application" || category === "compose") && category !== targetType) {
    fail(ctx, "target_category does not match target_type", ["target_category"]);
  }
  const providerTargetType = value.provider_target_type.trim().toLowerCase() || targetType;
  if ((providerTargetType === "application" || providerTargetType === "compose") && providerTargetType !== targetType) {
    fail(ctx, "provider_target_type does not match target_type", ["provider_target_type"]);
  }
}).transform((value) => {
  // superRefine guarantees target_type is present before the transform runs.
  const targetType = value.target_type as DeployTargetCompatibilityType;
  return {
    ...value,
    target_name: value.target_name.trim(),
    target_type: targetType,
    provider_id: value.provider_id.trim().toLowerCase(),
    target_category: value.target_category ?? targetType,
    provider_target_type: value.provider_target_type.trim().toLowerCase() || targetType,
    provider_deploy_mode: value.provider_deploy_mode.trim() || value.deploy_mode,
  };
});
export type DeploymentEvidence = z.output<typeof DeploymentEvidence>;

// ---------------------------------------------------------------------------------------------
// Runtime identity and health
// ---------------------------------------------------------------------------------------------

export const RuntimeIdentityStatus = z.enum(["unchecked", "match", "mismatch", "missing", "malformed", "unverifiable"]);
export type RuntimeIdentityStatus = z.infer<typeof RuntimeIdentityStatus>;

/** Breadcrumb a deployed app reports so health checks can prove which deployment is live. */
export const RuntimeIdentityFields = z.strictObject({
  schema_version: schemaVersion,
  product: optionalText(),
  context: z.string(),
  instance: z.string(),
  environment_kind: z.string().default("stable"),
  deployment_record_id: z.string(),
  artifact_id: z.string(),
  source_git_ref: z.string(),
  image_reference: optionalText(),
  release_tuple_id: optionalText(),
  preview_id: optionalText(),
  preview_generation_id: optionalText(),
  deployed_at: optionalText(),
});
export const RuntimeIdentity = RuntimeIdentityFields.superRefine((value, ctx) => {
  for (const field of ["context", "instance", "deployment_record_id", "artifact_id", "source_git_ref"] as const) {
    if (!value[field].trim()) fail(ctx, `runtime identity requires ${field}`, [field]);
  }
});
export type RuntimeIdentity = z.output<typeof RuntimeIdentity>;

export const StructuredHealthStatus = z.enum(["unchecked", "pass", "fail", "malformed"]);
export type StructuredHealthStatus = z.infer<typeof StructuredHealthStatus>;

/** Parsed body of a structured health endpoint (status, version, components). */
export const StructuredHealthEvidence = z.strictObject({
  status: StructuredHealthStatus.default("unchecked"),
  reported_status: optionalText(),
  version: optionalText(),
  source_git_ref: optionalText(),
  image_reference: optionalText(),
  detail: optionalText(),
  components: z.array(z.string()).default(() => []),
});
export type StructuredHealthEvidence = z.output<typeof StructuredHealthEvidence>;

/** Health check evidence. A verified check needs urls, timeout_seconds and a pass/fail status. */
export const HealthcheckEvidenceFields = z.strictObject({
  verified: z.boolean().default(false),
  urls: z.array(z.string()).default(() => []),
  timeout_seconds: z.number().int().min(1).nullish(),
  status: releaseStatus.default("skipped"),
  runtime_identity_status: RuntimeIdentityStatus.default("unchecked"),
  runtime_identity_detail: optionalText(),
  observed_runtime_identity: RuntimeIdentity.nullish(),
  structured_health: StructuredHealthEvidence.default(() => StructuredHealthEvidence.parse({})),
});
export const HealthcheckEvidence = HealthcheckEvidenceFields.superRefine((value, ctx) => {
  if (!value.verified) return;
  if (value.urls.length === 0) fail(ctx, "verified healthcheck evidence requires at least one URL", ["urls"]);
  if (value.timeout_seconds == null) {
    fail(ctx, "verified healthcheck evidence requires timeout_seconds", ["timeout_seconds"]);
  }
  if (value.status !== "pass" && value.status !== "fail") {
    fail(ctx, "verified healthcheck evidence requires pass/fail status", ["status"]);
  }
});
export type HealthcheckEvidence = z.output<typeof HealthcheckEvidence>;

// ---------------------------------------------------------------------------------------------
// Post-deploy update, backup gate, bootstrap and rollback evidence
// ---------------------------------------------------------------------------------------------

/** Product-specific follow-up step after a deploy; not attempted means `skipped`. */
export const PostDeployUpdateEvidenceFields = z.strictObject({
  attempted: z.boolean().default(false),
  status: releaseStatus.default("skipped"),
  detail: optionalText(),
  evidence: stringMap.default(() => ({})),
});
export const PostDeployUpdateEvidence = PostDeployUpdateEvidenceFields.superRefine((value, ctx) => {
  if (!value.attempted && value.status !== "skipped") {
    fail(ctx, "non-attempted post-deploy update must use skipped status", ["status"]);
  }
  if (value.attempted && value.status === "skipped") {
    fail(ctx, "attempted post-deploy update must use pending/pass/fail status", ["status"]);
  }
});
export type PostDeployUpdateEvidence = z.output<typeof PostDeployUpdateEvidence>;

/** Backup gate summary embedded in a promotion record. */
export const BackupGateEvidence = z.strictObject({
  required: z.boolean().default(true),
  status: releaseStatus.default("pending"),
  evidence: stringMap.default(() => ({})),
});
export type BackupGateEvidence = z.output<typeof BackupGateEvidence>;

export const BootstrapReadinessStatus = z.enum(["pending", "pass", "fail", "verification_failed", "skipped"]);
export type BootstrapReadinessStatus = z.infer<typeof BootstrapReadinessStatus>;

/** Odoo stable bootstrap evidence: whether the destructive schedule ran and whether the lane is ready. */
export const BootstrapEvidenceFields = z.strictObject({
  attempted: z.boolean().default(false),
  run_status: releaseStatus.default("skipped"),
  readiness_status: BootstrapReadinessStatus.default("skipped"),
  detail: optionalText(),
});
export const BootstrapEvidence = BootstrapEvidenceFields.superRefine((value, ctx) => {
  if (!value.attempted) {
    if (value.run_status !== "skipped" || value.readiness_status !== "skipped") {
      fail(ctx, "non-attempted bootstrap evidence must use skipped statuses", ["run_status"]);
    }
    return;
  }
  if (value.run_status === "skipped" || value.readiness_status === "skipped") {
    fail(ctx, "attempted bootstrap evidence must not use skipped statuses", ["run_status"]);
    return;
  }
  if (value.run_status === "fail" && value.readiness_status !== "fail" && value.readiness_status !== "pending") {
    fail(ctx, "failed bootstrap execution must use fail or pending readiness", ["readiness_status"]);
  }
});
export type BootstrapEvidence = z.output<typeof BootstrapEvidence>;

/** Rollback annotation on a promotion record. */
export const RollbackExecutionEvidenceFields = z.strictObject({
  attempted: z.boolean().default(false),
  status: releaseStatus.default("skipped"),
  detail: optionalText(),
  snapshot_name: optionalText(),
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
  deployment_record_id: linkedRecordId,
  target_deployment_record_id: linkedRecordId,
});
export const RollbackExecutionEvidence = RollbackExecutionEvidenceFields.superRefine((value, ctx) => {
  if (!value.attempted && value.status !== "skipped") {
    fail(ctx, "non-attempted rollback must use skipped status", ["status"]);
  }
  if (value.attempted && value.status === "skipped") {
    fail(ctx, "attempted rollback must use pending/pass/fail status", ["status"]);
  }
});
export type RollbackExecutionEvidence = z.output<typeof RollbackExecutionEvidence>;

// ---------------------------------------------------------------------------------------------
// Failure and key-safety evidence
// ---------------------------------------------------------------------------------------------

/** Why a deploy or promotion failed: a code, its fixed description and the env-key names involved. */
export const RecordFailure = z.strictObject({
  code: z.string(),
  description: z.string(),
  keys: z.array(z.string()).default(() => []),
});
export type RecordFailure = z.output<typeof RecordFailure>;

export const IntegrationKeyReadbackFinding = z.strictObject({
  binding_key: z.string(),
  code: z.string(),
});
export type IntegrationKeyReadbackFinding = z.output<typeof IntegrationKeyReadbackFinding>;

/** Key-safety read-back of the integration keys a deploy delivered (names and codes only). */
export const IntegrationKeyReadbackEvidence = z.strictObject({
  checked_binding_keys: z.array(z.string()).default(() => []),
  findings: z.array(IntegrationKeyReadbackFinding).default(() => []),
  status: z.enum(["pass", "reported", "fail", "unavailable", "skipped"]).default("skipped"),
});
export type IntegrationKeyReadbackEvidence = z.output<typeof IntegrationKeyReadbackEvidence>;

// ---------------------------------------------------------------------------------------------
// Branch sync (legacy ship evidence)
// ---------------------------------------------------------------------------------------------

/**
 * Branch movement evidence from the legacy ship request contract. Current upstream deployment
 * records no longer carry it (artifact-backed ships never move branches), so DeploymentRecord
 * does not accept a `branch_sync` field; the shape is kept for reading old evidence.
 */
export const BranchSyncEvidenceFields = z.strictObject({
  source_git_ref: z.string(),
  source_commit: z.string(),
  target_branch: z.string(),
  remote_branch_commit_before: optionalText(),
  branch_update_required: z.boolean(),
  skipped_for_artifact_image: z.boolean().default(false),
  applied: z.boolean().default(false),
});
export const BranchSyncEvidence = BranchSyncEvidenceFields.superRefine((value, ctx) => {
  for (const field of ["source_git_ref", "source_commit", "target_branch"] as const) {
    if (!value[field].trim()) fail(ctx, `branch sync evidence requires ${field}`, [field]);
  }
  if (value.skipped_for_artifact_image && value.applied) {
    fail(ctx, "artifact-image-skipped branch sync cannot also be marked applied", ["applied"]);
  }
});
export type BranchSyncEvidence = z.output<typeof BranchSyncEvidence>;
