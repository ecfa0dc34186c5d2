// Product profile record: DB-backed product identity, driver selection, stable lanes (with health
// monitoring checks), preview policy and expected config. Mirrors upstream control_plane/contracts/
// product_profile_record.py (plus the legacy payload migrations that feed it).
import { z } from "zod";

import { nonBlank, schemaVersion, stringList } from "./primitives";
import { canonicalHealthCheckRecordToken, DEFAULT_PUBLIC_INGRESS_CHECK_NAME, healthCheckRecordToken } from "./public-ingress-observation";

// ---------------------------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------------------------

/** A string field upstream strips in place, defaulting to "". */
const trimmedText = () => z.string().trim().default("");

/** A string field upstream strips in place and then requires. */
const requiredTrimmed = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: `${what} is required` });

/** Domains as upstream stores them: lower-case, no scheme, no trailing slash, unique. */
const normalizedDomains = (policyLabel: string) =>
  z
    .array(z.string())
    .default(() => [])
    .superRefine((domains, ctx) => {
      for (const raw of domains) {
        if (normalizeDomain(raw) === "") {
          ctx.addIssue({
            code: "custom",
            message: `${policyLabel} expected_domains values must be non-empty`,
          });
          return;
        }
      }
    })
    .transform((domains) => {
      const unique: string[] = [];
      for (const raw of domains) {
        const domain = normalizeDomain(raw);
        if (!unique.includes(domain)) unique.push(domain);
      }
      return unique;
    });

function normalizeDomain(raw: string): string {
  let domain = raw.trim().toLowerCase();
  if (domain.startsWith("https://")) domain = domain.slice("https://".length);
  if (domain.startsWith("http://")) domain = domain.slice("http://".length);
  return domain.replace(/\/+$/, "");
}

// ---------------------------------------------------------------------------------------------
// Image
// ---------------------------------------------------------------------------------------------

export const ProductImageProfile = z.strictObject({
  repository: trimmedText(),
});
export type ProductImageProfile = z.output<typeof ProductImageProfile>;

// ---------------------------------------------------------------------------------------------
// Odoo lane policies (driver-specific, part of the upstream wire contract)
// ---------------------------------------------------------------------------------------------

export const odooDataAuthority = z.enum(["unknown", "resettable", "restorable", "authoritative"]);
export const odooRebuildSourceMode = z.enum(["empty", "upstream_restore"]);

export const ProductOdooStableBootstrapPolicyFields = z.strictObject({
  enabled: z.boolean().default(false),
  approval_issue_url: trimmedText(),
  data_source_mode: z.enum(["empty"]).default("empty"),
  confirmation: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .default(""),
  expected_target_name: trimmedText(),
  expected_domains: normalizedDomains("Odoo stable bootstrap policy"),
  require_health_verification: z.boolean().default(true),
  require_canonical_verification: z.boolean().default(true),
  require_logo_verification: z.boolean().default(true),
});

export const ProductOdooStableBootstrapPolicy = ProductOdooStableBootstrapPolicyFields.superRefine(
  (policy, ctx) => {
    if (!policy.enabled) return;
    const label = "enabled Odoo stable bootstrap policy requires";
    if (!policy.approval_issue_url) ctx.addIssue({ code: "custom", message: `${label} approval_issue_url` });
    if (!policy.confirmation) ctx.addIssue({ code: "custom", message: `${label} confirmation` });
    if (!policy.expected_target_name)
      ctx.addIssue({ code: "custom", message: `${label} expected_target_name` });
    if (policy.expected_domains.length === 0)
      ctx.addIssue({ code: "custom", message: `${label} expected_domains` });
  },
);
export type ProductOdooStableBootstrapPolicy = z.output<typeof ProductOdooStableBootstrapPolicy>;

export const ProductOdooPrelaunchRebuildPolicyFields = z.strictObject({
  enabled: z.boolean().default(false),
  approval_issue_url: trimmedText(),
  data_source_mode: odooRebuildSourceMode.default("empty"),
  confirmation: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .default(""),
  expected_target_name: trimmedText(),
  expected_domains: normalizedDomains("Odoo prelaunch rebuild policy"),
});

export const ProductOdooPrelaunchRebuildPolicy = ProductOdooPrelaunchRebuildPolicyFields.superRefine(
  (policy, ctx) => {
    if (!policy.enabled) return;
    const label = "enabled Odoo prelaunch rebuild policy requires";
    if (!policy.approval_issue_url) ctx.addIssue({ code: "custom", message: `${label} approval_issue_url` });
    if (!policy.confirmation) ctx.addIssue({ code: "custom", message: `${label} confirmation` });
    if (!policy.expected_target_name)
      ctx.addIssue({ code: "custom", message: `${label} expected_target_name` });
    if (policy.expected_domains.length === 0)
      ctx.addIssue({ code: "custom", message: `${label} expected_domains` });
  },
);
export type ProductOdooPrelaunchRebuildPolicy = z.output<typeof ProductOdooPrelaunchRebuildPolicy>;

export const ProductOdooLaneDataPolicyFields = z.strictObject({
  data_authority: odooDataAuthority.default("unknown"),
  allowed_rebuild_sources: z
    .array(odooRebuildSourceMode)
    .default(() => [])
    .transform((sources) => [...new Set(sources)]),
  upstream_source: trimmedText(),
  requires_backup_before_destroy: z.boolean().default(true),
  requires_restore_proof: z.boolean().default(true),
  requires_runtime_identity: z.boolean().default(true),
});

export const ProductOdooLaneDataPolicy = ProductOdooLaneDataPolicyFields.superRefine((policy, ctx) => {
  if (policy.data_authority === "unknown" && policy.allowed_rebuild_sources.length > 0) {
    ctx.addIssue({ code: "custom", message: "unknown Odoo data authority cannot allow rebuild sources" });
  }
  if (policy.allowed_rebuild_sources.includes("upstream_restore") && !policy.upstream_source) {
    ctx.addIssue({
      code: "custom",
      message: "Odoo data policy allowing upstream_restore requires upstream_source",
    });
  }
  if (policy.data_authority === "authoritative" && !policy.requires_backup_before_destroy) {
    ctx.addIssue({ code: "custom", message: "authoritative Odoo data policy requires backup before destroy" });
  }
  if (policy.data_authority === "authoritative" && !policy.requires_restore_proof) {
    ctx.addIssue({ code: "custom", message: "authoritative Odoo data policy requires restore proof" });
  }
});
export type ProductOdooLaneDataPolicy = z.output<typeof ProductOdooLaneDataPolicy>;

// ---------------------------------------------------------------------------------------------
// Lane health monitoring
// ---------------------------------------------------------------------------------------------

export const productLaneHealthCheckKind = z.enum(["public_http", "private_http", "provider"]);
export type ProductLaneHealthCheckKind = z.infer<typeof productLaneHealthCheckKind>;

export const productLaneMonitoringIntent = z.enum(["public", "private", "prelaunch"]);
export type ProductLaneMonitoringIntent = z.infer<typeof productLaneMonitoringIntent>;

export const ProductLaneHealthCheckFields = z.strictObject({
  name: z.string().trim(),
  kind: productLaneHealthCheckKind.default("public_http"),
  enabled: z.boolean().default(true),
  url: trimmedText(),
  /** private_http only: key of a launchplane_private_health_endpoints record for this lane. */
  private_endpoint_key: trimmedText(),
  require_runtime_identity: z.boolean().default(false),
  recovery_observation_threshold: z.number().int().min(1).max(10).default(1),
  provider: trimmedText(),
  provider_check: trimmedText(),
});

export const ProductLaneHealthCheck = ProductLaneHealthCheckFields.superRefine((check, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: "custom", message });
  if (!check.name) return fail("product lane health check requires name");
  if (check.kind === "private_http" && check.url) {
    fail("private HTTP health checks must use private_endpoint_key");
  }
  if (!healthCheckRecordToken(check.name)) {
    return fail("product lane health check name must contain at least one alphanumeric character");
  }
  if (check.kind !== "public_http" && canonicalHealthCheckRecordToken(check.name) === "") {
    fail("non-public health checks cannot use the reserved public-ingress name");
  }
  if (check.kind === "public_http" || check.kind === "private_http") {
    if (check.provider || check.provider_check) fail("HTTP health checks cannot set provider fields");
    if (check.kind !== "private_http" && check.private_endpoint_key) {
      fail("only private HTTP health checks can set private_endpoint_key");
    }
  } else {
    if (check.url) fail("provider health checks cannot set url");
    if (check.private_endpoint_key) fail("provider health checks cannot set private_endpoint_key");
    if (!check.provider) fail("provider health check requires provider");
    if (!check.provider_check) fail("provider health check requires provider_check");
  }
});
export type ProductLaneHealthCheck = z.output<typeof ProductLaneHealthCheck>;

/**
 * `monitoring_intent` must be sent explicitly whenever checks are present (upstream checks the
 * set of provided fields), so it is optional on input and filled with "prelaunch" on output.
 */
export const ProductLaneHealthMonitoringPolicyFields = z.strictObject({
  monitoring_intent: productLaneMonitoringIntent.optional(),
  checks: z.array(ProductLaneHealthCheck).default(() => []),
});

export const ProductLaneHealthMonitoringPolicy = ProductLaneHealthMonitoringPolicyFields.superRefine(
  (policy, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (policy.checks.length > 0 && policy.monitoring_intent === undefined) {
      fail("product lane health monitoring checks require explicit monitoring_intent");
    }
    const tokens = policy.checks.map((check) => canonicalHealthCheckRecordToken(check.name));
    if (new Set(tokens).size !== tokens.length) fail("product lane health check names must be unique");
    const enabledKinds = new Set(policy.checks.filter((check) => check.enabled).map((check) => check.kind));
    if (policy.monitoring_intent === "public" && !enabledKinds.has("public_http")) {
      fail("public monitoring intent requires an enabled public HTTP health check");
    }
    if (policy.monitoring_intent === "private" && !enabledKinds.has("private_http")) {
      fail("private monitoring intent requires an enabled private HTTP health check");
    }
  },
).transform((policy) => ({
  monitoring_intent: policy.monitoring_intent ?? ("prelaunch" as ProductLaneMonitoringIntent),
  checks: policy.checks,
}));
export type ProductLaneHealthMonitoringPolicy = z.output<typeof ProductLaneHealthMonitoringPolicy>;

/** Whether a check of this kind is probed at all under the lane's monitoring intent. */
export function productLaneMonitoringProbeEffective(
  monitoringIntent: ProductLaneMonitoringIntent,
  checkKind: string,
): boolean {
  return !(checkKind === "public_http" || checkKind === "tls") || monitoringIntent !== "private";
}

/** Whether a failing check of this kind may open an incident under the lane's intent. */
export function productLaneMonitoringIncidentEligible(
  monitoringIntent: ProductLaneMonitoringIntent,
  checkKind: string,
): boolean {
  if (!productLaneMonitoringProbeEffective(monitoringIntent, checkKind)) return false;
  return !(checkKind === "public_http" || checkKind === "tls") || monitoringIntent === "public";
}

// ---------------------------------------------------------------------------------------------
// Lanes
// ---------------------------------------------------------------------------------------------

export const ProductLaneProfile = z.strictObject({
  instance: nonBlank("product lane profile instance"),
  context: nonBlank("product lane profile context"),
  base_url: z.string().default(""),
  health_url: z.string().default(""),
  odoo_stable_bootstrap: ProductOdooStableBootstrapPolicy.default(() =>
    ProductOdooStableBootstrapPolicy.parse({}),
  ),
  odoo_prelaunch_rebuild: ProductOdooPrelaunchRebuildPolicy.default(() =>
    ProductOdooPrelaunchRebuildPolicy.parse({}),
  ),
  odoo_data_policy: ProductOdooLaneDataPolicy.default(() => ProductOdooLaneDataPolicy.parse({})),
  health_monitoring: ProductLaneHealthMonitoringPolicy.default(() => ({
    monitoring_intent: "prelaunch" as const,
    checks: [],
  })),
});
export type ProductLaneProfile = z.output<typeof ProductLaneProfile>;

// ---------------------------------------------------------------------------------------------
// Preview policy
// ---------------------------------------------------------------------------------------------

export const PRODUCT_PREVIEW_DEFAULT_ENABLE_LABEL = "launchplane-preview";

const PREVIEW_KEY_LIST_FIELDS = [
  "required_template_env_keys",
  "copied_env_keys",
  "omitted_env_keys",
  "preview_url_env_keys",
  "preview_domain_env_keys",
  "required_provider_fields",
] as const;

export const ProductPreviewProfileFields = z.strictObject({
  enabled: z.boolean().default(false),
  context: z.string().default(""),
  /** Pull-request label that enables previews; blank falls back to the default label. */
  enable_label: z
    .string()
    .transform((value) => value.trim() || PRODUCT_PREVIEW_DEFAULT_ENABLE_LABEL)
    .default(PRODUCT_PREVIEW_DEFAULT_ENABLE_LABEL),
  slug_template: z.string().default("pr-{number}"),
  app_name_prefix: z.string().default(""),
  template_instance: z.string().default("testing"),
  required_template_env_keys: stringList(),
  copied_env_keys: stringList(),
  omitted_env_keys: stringList(),
  override_env: z.record(z.string(), z.string()).default(() => ({})),
  preview_url_env_keys: stringList(),
  preview_domain_env_keys: stringList(),
  domain_certificate_type: z.enum(["none", "letsencrypt"]).default("none"),
  required_provider_fields: stringList(),
  data_transport_mode: z.enum(["none", "clone", "bootstrap", "migrate_seed", "driver"]).default("none"),
  migration_command: z.string().default(""),
  seed_command: z.string().default(""),
});

export const ProductPreviewProfile = ProductPreviewProfileFields.superRefine((preview, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: "custom", message });
  if (preview.enabled && !preview.context.trim()) fail("enabled product preview profile requires context");
  if (preview.enabled && !preview.slug_template.includes("{number}")) {
    fail("enabled product preview profile slug_template requires {number}");
  }
  if (preview.enabled && !preview.template_instance.trim()) {
    fail("enabled product preview profile requires template_instance");
  }
  const normalized: Record<string, string[]> = {};
  for (const field of PREVIEW_KEY_LIST_FIELDS) {
    const keys: string[] = [];
    for (const raw of preview[field]) {
      const key = raw.trim();
      if (!key) {
        fail(`product preview profile ${field} values must be non-empty`);
        return;
      }
      if (keys.includes(key)) {
        fail(`product preview profile ${field} values must be unique`);
        return;
      }
      keys.push(key);
    }
    normalized[field] = keys;
  }
  const omitted = new Set(normalized.omitted_env_keys);
  const overlap = [...new Set(normalized.copied_env_keys)].filter((key) => omitted.has(key)).sort();
  if (overlap.length > 0) {
    fail(`product preview profile cannot both copy and omit env keys: ${overlap.join(", ")}`);
  }
  for (const key of Object.keys(preview.override_env)) {
    if (!key.trim()) fail("product preview profile override_env keys must be non-empty");
  }
  if (preview.data_transport_mode === "none" && (preview.migration_command || preview.seed_command)) {
    fail("product preview profile migration_command/seed_command require a data transport mode");
  }
});
export type ProductPreviewProfile = z.output<typeof ProductPreviewProfile>;

// ---------------------------------------------------------------------------------------------
// Promotion workflow
// ---------------------------------------------------------------------------------------------

export const ProductPromotionWorkflowProfileFields = z.strictObject({
  workflow_id: z.string().default("promote-prod.yml"),
  ref: z.string().default("main"),
  dry_run_input: z.string().default("dry_run"),
  bump_input: z.string().default("bump"),
  artifact_id_input: z.string().default("artifact_id"),
  deploy_reference_input: z.string().default("deploy_reference"),
  source_git_ref_input: z.string().default("source_git_ref"),
  promotion_intent_input: z.string().default("promotion_intent_id"),
  default_bump: z.string().default("patch"),
});

const PROMOTION_WORKFLOW_INPUT_FIELDS = [
  "dry_run_input",
  "bump_input",
  "artifact_id_input",
  "deploy_reference_input",
  "source_git_ref_input",
  "promotion_intent_input",
] as const;

export const ProductPromotionWorkflowProfile = ProductPromotionWorkflowProfileFields.superRefine(
  (workflow, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    for (const field of ["workflow_id", "ref", ...PROMOTION_WORKFLOW_INPUT_FIELDS] as const) {
      if (!workflow[field].trim()) fail(`product promotion workflow requires ${field}`);
    }
    const names = PROMOTION_WORKFLOW_INPUT_FIELDS.map((field) => workflow[field].trim());
    if (new Set(names).size !== names.length) fail("product promotion workflow input names must be unique");
    if (!["patch", "minor", "major"].includes(workflow.default_bump.trim())) {
      fail("product promotion workflow default_bump must be patch, minor, or major");
    }
  },
);
export type ProductPromotionWorkflowProfile = z.output<typeof ProductPromotionWorkflowProfile>;

// ---------------------------------------------------------------------------------------------
// Expected config requirements (declarative intent; never values, secret ids or ciphertext)
// ---------------------------------------------------------------------------------------------

export const ProductRuntimeConfigRequirement = z
  .strictObject({
    key: requiredTrimmed("product runtime config requirement key"),
    context: trimmedText(),
    instance: trimmedText(),
  })
  .superRefine((requirement, ctx) => {
    if (requirement.instance && !requirement.context) {
      ctx.addIssue({ code: "custom", message: "instance runtime config requirement requires context" });
    }
  });
export type ProductRuntimeConfigRequirement = z.output<typeof ProductRuntimeConfigRequirement>;

export const ProductSecretConfigRequirement = z
  .strictObject({
    binding_key: requiredTrimmed("product secret config requirement binding_key"),
    integration: z
      .string()
      .trim()
      .refine((value) => value.length > 0, {
        message: "product secret config requirement integration is required",
      })
      .default("runtime_environment"),
    context: trimmedText(),
    instance: trimmedText(),
  })
  .superRefine((requirement, ctx) => {
    if (requirement.instance && !requirement.context) {
      ctx.addIssue({ code: "custom", message: "instance secret config requirement requires context" });
    }
  });
export type ProductSecretConfigRequirement = z.output<typeof ProductSecretConfigRequirement>;

export const ProductExpectedConfigProfileFields = z.strictObject({
  runtime_environment_keys: z.array(ProductRuntimeConfigRequirement).default(() => []),
  managed_secret_bindings: z.array(ProductSecretConfigRequirement).default(() => []),
});

export const ProductExpectedConfigProfile = ProductExpectedConfigProfileFields.superRefine(
  (expected, ctx) => {
    const runtimeKeys = expected.runtime_environment_keys.map((r) =>
      JSON.stringify([r.context, r.instance, r.key]),
    );
    if (new Set(runtimeKeys).size !== runtimeKeys.length) {
      ctx.addIssue({ code: "custom", message: "product expected runtime config keys must be unique" });
    }
    const secretKeys = expected.managed_secret_bindings.map((r) =>
      JSON.stringify([r.integration, r.context, r.instance, r.binding_key]),
    );
    if (new Set(secretKeys).size !== secretKeys.length) {
      ctx.addIssue({ code: "custom", message: "product expected secret config bindings must be unique" });
    }
  },
);
export type ProductExpectedConfigProfile = z.output<typeof ProductExpectedConfigProfile>;

/** Whether a requirement scoped by (context, instance) applies to a lane ("" = any). */
export function productConfigRequirementAppliesToLane(
  requirement: { context: string; instance: string },
  lane: { context: string; instance: string },
): boolean {
  if (!requirement.context) return true;
  if (requirement.context !== lane.context) return false;
  return !requirement.instance || requirement.instance === lane.instance;
}

// ---------------------------------------------------------------------------------------------
// Extension: approvals
// ---------------------------------------------------------------------------------------------

/** Extension (not upstream): how many operator approvals guarded operations need. */
export const ProductApprovalPolicy = z.strictObject({
  required: z.union([z.literal(1), z.literal(2)]),
});
export type ProductApprovalPolicy = z.output<typeof ProductApprovalPolicy>;

// ---------------------------------------------------------------------------------------------
// The record
// ---------------------------------------------------------------------------------------------

export const productLifecycleState = z.enum(["active", "retiring", "retired"]);
export type ProductLifecycleState = z.infer<typeof productLifecycleState>;

const NUMERIC_GITHUB_ID = /^\p{Nd}+$/u;

export const ProductProfileRecordFields = z.strictObject({
  schema_version: schemaVersion,
  lifecycle_state: productLifecycleState.default("active"),
  product: nonBlank("product profile product"),
  display_name: nonBlank("product profile display_name"),
  repository: nonBlank("product profile repository"),
  repository_id: trimmedText(),
  repository_owner_id: trimmedText(),
  default_branch: z
    .string()
    .transform((value) => value.trim() || "main")
    .default("main"),
  driver_id: nonBlank("product profile driver_id"),
  image: ProductImageProfile,
  runtime_port: z.number().int().min(0).max(65535).default(0),
  health_path: trimmedText(),
  lanes: z.array(ProductLaneProfile).default(() => []),
  /** Legacy route names kept after a context cutover; append-only across writes. */
  historical_contexts: z
    .array(z.string())
    .default(() => [])
    .superRefine((contexts, ctx) => {
      if (contexts.some((context) => !context.trim())) {
        ctx.addIssue({
          code: "custom",
          message: "product profile historical_contexts values must be non-empty",
        });
      }
    })
    .transform((contexts) => [...new Set(contexts.map((context) => context.trim()))]),
  preview: ProductPreviewProfile.default(() => ProductPreviewProfile.parse({})),
  promotion_workflow: ProductPromotionWorkflowProfile.default(() =>
    ProductPromotionWorkflowProfile.parse({}),
  ),
  expected_config: ProductExpectedConfigProfile.default(() => ProductExpectedConfigProfile.parse({})),
  updated_at: nonBlank("product profile updated_at"),
  source: nonBlank("product profile source"),
  /** Extension (optional): operator approvals required for guarded operations. */
  approvals: ProductApprovalPolicy.optional(),
});

export const ProductProfileRecord = ProductProfileRecordFields.superRefine((profile, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: "custom", message });
  if (Boolean(profile.repository_id) !== Boolean(profile.repository_owner_id)) {
    fail("product profile repository identity requires both repository_id and repository_owner_id");
  }
  if (profile.repository_id && !NUMERIC_GITHUB_ID.test(profile.repository_id)) {
    fail("product profile repository_id must be a numeric GitHub ID");
  }
  if (profile.repository_owner_id && !NUMERIC_GITHUB_ID.test(profile.repository_owner_id)) {
    fail("product profile repository_owner_id must be a numeric GitHub ID");
  }
  if (/\s/u.test(profile.default_branch)) fail("product profile default_branch cannot contain whitespace");
  if (profile.health_path && !profile.health_path.startsWith("/")) {
    fail("product profile health_path must start with /");
  }
  if (profile.runtime_port === 0 && profile.health_path) {
    fail("product profile with runtime_port=0 cannot set health_path");
  }
  if (profile.runtime_port > 0 && !profile.health_path) {
    fail("product profile with runtime_port requires health_path");
  }
  if (profile.preview.enabled) {
    if (!profile.image.repository) fail("enabled product preview requires image repository");
    if (profile.runtime_port <= 0) fail("enabled product preview requires runtime_port");
    if (!profile.health_path) fail("enabled product preview requires health_path");
  }
  if (profile.lifecycle_state !== "active" && profile.preview.enabled) {
    fail("non-active product profiles cannot retain enabled previews");
  }
  const instances = profile.lanes.map((lane) => lane.instance.trim().toLowerCase());
  if (new Set(instances).size !== instances.length) fail("product profile lane instances must be unique");
});
export type ProductProfileRecord = z.output<typeof ProductProfileRecord>;
export type ProductProfileRecordInput = z.input<typeof ProductProfileRecord>;

/**
 * Extra rules upstream applies only when a profile is written (not when stored records are read):
 * every enabled HTTP check must be able to resolve a URL. Returns the first violation, or null.
 */
export function productProfileWriteContractError(profile: ProductProfileRecord): string | null {
  for (const lane of profile.lanes) {
    for (const check of lane.health_monitoring.checks) {
      if (!check.enabled || check.kind === "provider") continue;
      if (check.kind === "private_http") {
        if (check.private_endpoint_key) continue;
        return "private HTTP health check requires private_endpoint_key";
      }
      if (check.url || lane.health_url.trim()) continue;
      if (!lane.base_url.trim()) return "public HTTP health check requires base_url or explicit health_url";
      if (!profile.health_path) return "public HTTP health check with base_url requires health_path";
    }
  }
  return null;
}

/**
 * Body of POST /v1/product-profiles: upstream takes the profile record itself (no envelope),
 * validated with the write-only rules on top of the record rules.
 */
export const ProductProfileWriteRequest = ProductProfileRecord.superRefine((profile, ctx) => {
  const error = productProfileWriteContractError(profile);
  if (error) ctx.addIssue({ code: "custom", message: error });
});
export type ProductProfileWriteRequest = z.output<typeof ProductProfileWriteRequest>;

/** (binding, context) pairs where a current lane/preview context reuses a historical context. */
export function productProfileHistoricalContextOverlap(profile: ProductProfileRecord): Set<string> {
  const historical = new Set(profile.historical_contexts.map((c) => c.trim()).filter(Boolean));
  const overlaps = new Set<string>();
  for (const lane of profile.lanes) {
    if (historical.has(lane.context.trim())) overlaps.add(`lane:${lane.instance.trim()}=${lane.context.trim()}`);
  }
  if (profile.preview.enabled && historical.has(profile.preview.context.trim())) {
    overlaps.add(`preview=${profile.preview.context.trim()}`);
  }
  return overlaps;
}

/**
 * Replacement rules for an upsert: historical_contexts are append-only, and a replacement may not
 * introduce a current context that is already historical. Returns the error message, or null.
 */
export function productProfileHistoryTransitionError(
  existing: ProductProfileRecord | null,
  replacement: ProductProfileRecord,
): string | null {
  if (existing) {
    const kept = new Set(replacement.historical_contexts.map((c) => c.trim()).filter(Boolean));
    const removed = [...new Set(existing.historical_contexts.map((c) => c.trim()).filter(Boolean))]
      .filter((context) => !kept.has(context))
      .sort();
    if (removed.length > 0) {
      return `product profile historical contexts are append-only: ${removed.join(", ")}`;
    }
  }
  const before = existing ? productProfileHistoricalContextOverlap(existing) : new Set<string>();
  const introduced = [...productProfileHistoricalContextOverlap(replacement)]
    .filter((overlap) => !before.has(overlap))
    .sort();
  if (introduced.length > 0) {
    return `product profile current contexts cannot reuse historical contexts: ${introduced.join(", ")}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Legacy payloads
// ---------------------------------------------------------------------------------------------

export interface LegacyProductProfileNormalization {
  /** The payload to hand to ProductProfileRecord (a deep copy; the input is not modified). */
  profile: unknown;
  /** True when at least one lane health check carried the legacy `alert_issue_url`. */
  strippedAlertIssueUrl: boolean;
  /** Human-readable list of every rewrite applied (empty when the payload was current). */
  changes: string[];
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function inferMonitoringIntent(checks: unknown): ProductLaneMonitoringIntent {
  if (!Array.isArray(checks)) return "prelaunch";
  const enabledKinds = new Set(
    checks
      .filter(isObject)
      .filter((check) => (check.enabled === undefined ? true : Boolean(check.enabled)))
      .map((check) => (typeof check.kind === "string" && check.kind ? check.kind : "public_http")),
  );
  if (enabledKinds.has("public_http")) return "public";
  if (enabledKinds.has("private_http")) return "private";
  return "prelaunch";
}

function laneHasPublicHttpSurface(lane: JsonObject, profile: JsonObject): boolean {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  if (text(lane.health_url)) return true;
  return Boolean(text(lane.base_url) && text(profile.health_path));
}

/**
 * Bring a stored (possibly legacy) profile payload to the current shape before validation:
 *  - a lane's legacy `public_ingress_monitoring` policy becomes a `health_monitoring` check
 *    (or is dropped when `health_monitoring` is already present);
 *  - `alert_issue_url` is removed from every health check: alert destinations live in
 *    notification policy records, never in lane text;
 *  - a `health_monitoring` block without `monitoring_intent` gets the intent upstream's
 *    migration infers (public, then private, else prelaunch) so its checks stay valid.
 * Anything that is not a JSON object is returned unchanged.
 */
export function normalizeLegacyProductProfile(input: unknown): LegacyProductProfileNormalization {
  const changes: string[] = [];
  let strippedAlertIssueUrl = false;
  if (!isObject(input)) return { profile: input, strippedAlertIssueUrl, changes };
  const profile = structuredClone(input);
  const lanes = profile.lanes;
  if (!Array.isArray(lanes)) return { profile, strippedAlertIssueUrl, changes };

  lanes.forEach((lane, index) => {
    if (!isObject(lane)) return;
    const label = `lanes[${index}]`;
    if ("public_ingress_monitoring" in lane) {
      const legacy = lane.public_ingress_monitoring;
      delete lane.public_ingress_monitoring;
      if ("health_monitoring" in lane) {
        changes.push(`${label}: dropped public_ingress_monitoring (health_monitoring present)`);
      } else {
        const enabled = isObject(legacy) && legacy.enabled !== undefined ? Boolean(legacy.enabled) : true;
        const requireIdentity = isObject(legacy) && Boolean(legacy.require_runtime_identity);
        const checks =
          isObject(legacy) || laneHasPublicHttpSurface(lane, profile)
            ? [
                {
                  name: DEFAULT_PUBLIC_INGRESS_CHECK_NAME,
                  kind: "public_http",
                  enabled,
                  url: "",
                  require_runtime_identity: requireIdentity,
                  provider: "",
                  provider_check: "",
                },
              ]
            : [];
        lane.health_monitoring = { checks };
        changes.push(`${label}: migrated public_ingress_monitoring to health_monitoring`);
        if (isObject(legacy) && "alert_issue_url" in legacy) {
          strippedAlertIssueUrl = true;
          changes.push(`${label}: dropped legacy public_ingress_monitoring.alert_issue_url`);
        }
      }
    }
    const monitoring = lane.health_monitoring;
    if (!isObject(monitoring)) return;
    if (Array.isArray(monitoring.checks)) {
      monitoring.checks.forEach((check, checkIndex) => {
        if (isObject(check) && "alert_issue_url" in check) {
          delete check.alert_issue_url;
          strippedAlertIssueUrl = true;
          changes.push(`${label}.health_monitoring.checks[${checkIndex}]: stripped alert_issue_url`);
        }
      });
    }
    if (!("monitoring_intent" in monitoring)) {
      const intent = inferMonitoringIntent(monitoring.checks);
      monitoring.monitoring_intent = intent;
      changes.push(`${label}.health_monitoring: inferred monitoring_intent=${intent}`);
    }
  });
  return { profile, strippedAlertIssueUrl, changes };
}
