import { describe, expect, it } from "vitest";

import {
  ProductLaneHealthCheck,
  ProductLaneHealthMonitoringPolicy,
  ProductPreviewProfile,
  ProductProfileRecord,
  ProductProfileWriteRequest,
  ProductPromotionWorkflowProfile,
  ProductOdooLaneDataPolicy,
  ProductOdooStableBootstrapPolicy,
  normalizeLegacyProductProfile,
  productConfigRequirementAppliesToLane,
  productProfileHistoryTransitionError,
  productProfileWriteContractError,
} from "./product-profile";
import { canonicalHealthCheckRecordToken, healthCheckRecordToken } from "./public-ingress-observation";

// Upstream service-test fixture (_generic_site_profile_payload) for a generic-web product.
const upstreamProfile = {
  schema_version: 1,
  product: "example-site",
  display_name: "Example Site",
  repository: "every/example-site",
  driver_id: "generic-web",
  image: { repository: "ghcr.io/every/example-site" },
  runtime_port: 3000,
  health_path: "/healthz",
  lanes: [
    {
      instance: "testing",
      context: "example-site",
      base_url: "https://testing.example-site.example",
      health_url: "https://testing.example-site.example/healthz",
    },
    {
      instance: "prod",
      context: "example-site",
      base_url: "https://example-site.example",
      health_url: "https://example-site.example/healthz",
    },
  ],
  preview: { enabled: true, context: "example-site", slug_template: "pr-{number}" },
  expected_config: {
    runtime_environment_keys: [
      { key: "INTERNAL_CALLBACK_URL", context: "example-site", instance: "prod" },
      { key: "RESEND_FROM_EMAIL", context: "example-site", instance: "prod" },
    ],
    managed_secret_bindings: [
      { binding_key: "SMTP_PASSWORD", context: "example-site", instance: "prod" },
      { binding_key: "RESEND_API_KEY", context: "example-site", instance: "prod" },
    ],
  },
  updated_at: "2026-05-02T22:30:00Z",
  source: "test",
};

type Json = Record<string, unknown>;
const withLane = (lane: Json) => ({ ...upstreamProfile, lanes: [lane] });
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("ProductProfileRecord", () => {
  it("accepts the upstream fixture and fills every default", () => {
    const profile = ProductProfileRecord.parse(upstreamProfile);
    expect(profile.lifecycle_state).toBe("active");
    expect(profile.default_branch).toBe("main");
    expect(profile.historical_contexts).toEqual([]);
    expect(profile.preview.enable_label).toBe("launchplane-preview");
    expect(profile.preview.template_instance).toBe("testing");
    expect(profile.promotion_workflow.promotion_intent_input).toBe("promotion_intent_id");
    expect(profile.lanes[0]?.health_monitoring).toEqual({ monitoring_intent: "prelaunch", checks: [] });
    expect(profile.lanes[1]?.odoo_data_policy.data_authority).toBe("unknown");
    expect(profile.expected_config.managed_secret_bindings[0]?.integration).toBe("runtime_environment");
    expect(profile.approvals).toBeUndefined();
  });

  it("rejects unknown fields at every level", () => {
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, owner: "x" }).success).toBe(false);
    expect(
      ProductProfileRecord.safeParse(withLane({ instance: "prod", context: "c", extra: true })).success,
    ).toBe(false);
    expect(
      ProductProfileRecord.safeParse({ ...upstreamProfile, image: { repository: "r", tag: "x" } }).success,
    ).toBe(false);
  });

  it("rejects wrong types without coercion", () => {
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, runtime_port: "3000" }).success).toBe(false);
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, runtime_port: 65536 }).success).toBe(false);
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, lanes: {} }).success).toBe(false);
    expect(
      ProductProfileRecord.safeParse({ ...upstreamProfile, preview: { enabled: "true" } }).success,
    ).toBe(false);
  });

  it("requires identity fields and an image", () => {
    expect(messages(ProductProfileRecord.safeParse({ ...upstreamProfile, driver_id: " " }))).toContain(
      "product profile driver_id is required",
    );
    const { image: _image, ...withoutImage } = upstreamProfile;
    expect(ProductProfileRecord.safeParse(withoutImage).success).toBe(false);
  });

  it("ties runtime_port and health_path together", () => {
    expect(messages(ProductProfileRecord.safeParse({ ...upstreamProfile, health_path: "healthz" }))).toContain(
      "product profile health_path must start with /",
    );
    const worker = { ...upstreamProfile, preview: { enabled: false }, runtime_port: 0, health_path: "" };
    expect(ProductProfileRecord.safeParse(worker).success).toBe(true);
    expect(messages(ProductProfileRecord.safeParse({ ...worker, health_path: "/h" }))).toContain(
      "product profile with runtime_port=0 cannot set health_path",
    );
    expect(messages(ProductProfileRecord.safeParse({ ...worker, runtime_port: 80 }))).toContain(
      "product profile with runtime_port requires health_path",
    );
  });

  it("requires image, port and health path for enabled previews and an active lifecycle", () => {
    const result = ProductProfileRecord.safeParse({ ...upstreamProfile, image: { repository: "  " } });
    expect(messages(result)).toContain("enabled product preview requires image repository");
    expect(messages(ProductProfileRecord.safeParse({ ...upstreamProfile, lifecycle_state: "retiring" }))).toContain(
      "non-active product profiles cannot retain enabled previews",
    );
  });

  it("requires unique lane instances (case-insensitive)", () => {
    const lanes = [
      { instance: "prod", context: "a" },
      { instance: " PROD ", context: "b" },
    ];
    expect(messages(ProductProfileRecord.safeParse({ ...upstreamProfile, lanes }))).toContain(
      "product profile lane instances must be unique",
    );
  });

  it("validates GitHub repository identity and the default branch", () => {
    expect(messages(ProductProfileRecord.safeParse({ ...upstreamProfile, repository_id: "123" }))).toContain(
      "product profile repository identity requires both repository_id and repository_owner_id",
    );
    expect(
      messages(
        ProductProfileRecord.safeParse({ ...upstreamProfile, repository_id: "12a", repository_owner_id: "9" }),
      ),
    ).toContain("product profile repository_id must be a numeric GitHub ID");
    expect(ProductProfileRecord.parse({ ...upstreamProfile, default_branch: "  " }).default_branch).toBe("main");
    expect(messages(ProductProfileRecord.safeParse({ ...upstreamProfile, default_branch: "my branch" }))).toContain(
      "product profile default_branch cannot contain whitespace",
    );
  });

  it("normalizes historical contexts and rejects blank ones", () => {
    const profile = ProductProfileRecord.parse({
      ...upstreamProfile,
      historical_contexts: [" example-site-testing ", "example-site-testing"],
    });
    expect(profile.historical_contexts).toEqual(["example-site-testing"]);
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, historical_contexts: [" "] }).success).toBe(false);
  });

  it("accepts the approvals extension with 1 or 2 approvers only", () => {
    expect(ProductProfileRecord.parse({ ...upstreamProfile, approvals: { required: 2 } }).approvals).toEqual({
      required: 2,
    });
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, approvals: { required: 3 } }).success).toBe(false);
    expect(ProductProfileRecord.safeParse({ ...upstreamProfile, approvals: {} }).success).toBe(false);
  });
});

describe("health monitoring", () => {
  it("derives record tokens like upstream", () => {
    expect(healthCheckRecordToken("  Public Ingress! ")).toBe("public-ingress");
    expect(canonicalHealthCheckRecordToken("Public Ingress")).toBe("");
    expect(canonicalHealthCheckRecordToken("Runtime API")).toBe("runtime-api");
  });

  it("requires an explicit monitoring_intent once checks exist", () => {
    const result = ProductLaneHealthMonitoringPolicy.safeParse({ checks: [{ name: "ingress" }] });
    expect(messages(result)).toContain("product lane health monitoring checks require explicit monitoring_intent");
    const policy = ProductLaneHealthMonitoringPolicy.parse({ monitoring_intent: "public", checks: [{ name: "ingress" }] });
    expect(policy.checks[0]?.kind).toBe("public_http");
    expect(ProductLaneHealthMonitoringPolicy.parse({}).monitoring_intent).toBe("prelaunch");
  });

  it("matches intent to enabled check kinds", () => {
    const disabledPublic = { monitoring_intent: "public", checks: [{ name: "ingress", enabled: false }] };
    expect(messages(ProductLaneHealthMonitoringPolicy.safeParse(disabledPublic))).toContain(
      "public monitoring intent requires an enabled public HTTP health check",
    );
    const privateWithoutPrivateCheck = { monitoring_intent: "private", checks: [{ name: "ingress" }] };
    expect(messages(ProductLaneHealthMonitoringPolicy.safeParse(privateWithoutPrivateCheck))).toContain(
      "private monitoring intent requires an enabled private HTTP health check",
    );
  });

  it("rejects duplicate check names by token", () => {
    const policy = { monitoring_intent: "prelaunch", checks: [{ name: "Runtime API" }, { name: "runtime-api" }] };
    expect(messages(ProductLaneHealthMonitoringPolicy.safeParse(policy))).toContain(
      "product lane health check names must be unique",
    );
  });

  it("enforces per-kind check fields", () => {
    const cases: [Json, string][] = [
      [{ name: "x", kind: "private_http", url: "http://10.0.0.1/" }, "private HTTP health checks must use private_endpoint_key"],
      [{ name: "public-ingress", kind: "provider", provider: "p", provider_check: "c" }, "non-public health checks cannot use the reserved public-ingress name"],
      [{ name: "x", provider: "dokploy" }, "HTTP health checks cannot set provider fields"],
      [{ name: "x", private_endpoint_key: "k" }, "only private HTTP health checks can set private_endpoint_key"],
      [{ name: "x", kind: "provider", provider: "p", provider_check: "c", url: "https://a" }, "provider health checks cannot set url"],
      [{ name: "x", kind: "provider", provider_check: "c" }, "provider health check requires provider"],
      [{ name: "x", kind: "provider", provider: "p" }, "provider health check requires provider_check"],
      [{ name: "  " }, "product lane health check requires name"],
      [{ name: "---" }, "product lane health check name must contain at least one alphanumeric character"],
    ];
    for (const [check, message] of cases) {
      expect(messages(ProductLaneHealthCheck.safeParse(check))).toContain(message);
    }
    expect(ProductLaneHealthCheck.safeParse({ name: "x", recovery_observation_threshold: 11 }).success).toBe(false);
    expect(ProductLaneHealthCheck.safeParse({ name: "x", alert_issue_url: "https://github.com/o/r/issues/1" }).success).toBe(false);
  });
});

describe("nested policies", () => {
  it("validates the preview policy", () => {
    expect(messages(ProductPreviewProfile.safeParse({ enabled: true }))).toContain(
      "enabled product preview profile requires context",
    );
    expect(messages(ProductPreviewProfile.safeParse({ enabled: true, context: "c", slug_template: "pr" }))).toContain(
      "enabled product preview profile slug_template requires {number}",
    );
    expect(messages(ProductPreviewProfile.safeParse({ copied_env_keys: ["A", " A"] }))).toContain(
      "product preview profile copied_env_keys values must be unique",
    );
    expect(messages(ProductPreviewProfile.safeParse({ copied_env_keys: ["B", "A"], omitted_env_keys: ["A", "B"] }))).toContain(
      "product preview profile cannot both copy and omit env keys: A, B",
    );
    expect(messages(ProductPreviewProfile.safeParse({ seed_command: "npm run seed" }))).toContain(
      "product preview profile migration_command/seed_command require a data transport mode",
    );
    expect(ProductPreviewProfile.parse({ enable_label: "  " }).enable_label).toBe("launchplane-preview");
    expect(ProductPreviewProfile.safeParse({ override_env: { A: 1 } }).success).toBe(false);
  });

  it("validates the promotion workflow inputs", () => {
    expect(messages(ProductPromotionWorkflowProfile.safeParse({ bump_input: "dry_run" }))).toContain(
      "product promotion workflow input names must be unique",
    );
    expect(messages(ProductPromotionWorkflowProfile.safeParse({ default_bump: "huge" }))).toContain(
      "product promotion workflow default_bump must be patch, minor, or major",
    );
  });

  it("validates and normalizes Odoo lane policies", () => {
    const bootstrap = ProductOdooStableBootstrapPolicy.parse({
      enabled: true,
      approval_issue_url: "https://github.com/o/r/issues/5",
      confirmation: " Bootstrap CM Testing ",
      expected_target_name: "cm-testing",
      expected_domains: ["https://CM.example.com/", "cm.example.com"],
    });
    expect(bootstrap.confirmation).toBe("bootstrap cm testing");
    expect(bootstrap.expected_domains).toEqual(["cm.example.com"]);
    expect(messages(ProductOdooStableBootstrapPolicy.safeParse({ enabled: true }))).toContain(
      "enabled Odoo stable bootstrap policy requires approval_issue_url",
    );
    expect(messages(ProductOdooLaneDataPolicy.safeParse({ allowed_rebuild_sources: ["empty"] }))).toContain(
      "unknown Odoo data authority cannot allow rebuild sources",
    );
    expect(
      messages(ProductOdooLaneDataPolicy.safeParse({ data_authority: "authoritative", requires_restore_proof: false })),
    ).toContain("authoritative Odoo data policy requires restore proof");
  });

  it("validates expected config requirements", () => {
    const duplicate = {
      ...upstreamProfile,
      expected_config: { runtime_environment_keys: [{ key: "A" }, { key: " A " }] },
    };
    expect(messages(ProductProfileRecord.safeParse(duplicate))).toContain(
      "product expected runtime config keys must be unique",
    );
    const orphanInstance = {
      ...upstreamProfile,
      expected_config: { managed_secret_bindings: [{ binding_key: "K", instance: "prod" }] },
    };
    expect(messages(ProductProfileRecord.safeParse(orphanInstance))).toContain(
      "instance secret config requirement requires context",
    );
    expect(productConfigRequirementAppliesToLane({ context: "", instance: "" }, { context: "c", instance: "prod" })).toBe(true);
    expect(productConfigRequirementAppliesToLane({ context: "c", instance: "testing" }, { context: "c", instance: "prod" })).toBe(false);
  });
});

describe("ProductProfileWriteRequest", () => {
  it("accepts the upstream fixture as the POST body", () => {
    expect(ProductProfileWriteRequest.parse(upstreamProfile).product).toBe("example-site");
  });

  it("rejects inert public checks on write but not on read", () => {
    const inert = withLane({
      instance: "testing",
      context: "example-site",
      health_monitoring: { monitoring_intent: "public", checks: [{ name: "public-ingress", kind: "public_http" }] },
    });
    expect(ProductProfileRecord.safeParse(inert).success).toBe(true);
    expect(messages(ProductProfileWriteRequest.safeParse(inert))).toContain(
      "public HTTP health check requires base_url or explicit health_url",
    );
  });

  it("requires an endpoint key for enabled private checks", () => {
    const profile = ProductProfileRecord.parse(
      withLane({
        instance: "prod",
        context: "example-site",
        health_monitoring: { monitoring_intent: "private", checks: [{ name: "runtime", kind: "private_http" }] },
      }),
    );
    expect(productProfileWriteContractError(profile)).toBe("private HTTP health check requires private_endpoint_key");
  });
});

describe("history transitions", () => {
  const base = ProductProfileRecord.parse({ ...upstreamProfile, historical_contexts: ["example-site-testing"] });

  it("keeps historical contexts append-only", () => {
    const replacement = { ...base, historical_contexts: [] };
    expect(productProfileHistoryTransitionError(base, replacement)).toBe(
      "product profile historical contexts are append-only: example-site-testing",
    );
  });

  it("refuses a current lane that reuses a historical context", () => {
    const replacement = {
      ...base,
      lanes: [{ ...base.lanes[0]!, context: "example-site-testing" }],
    };
    expect(productProfileHistoryTransitionError(base, replacement)).toBe(
      "product profile current contexts cannot reuse historical contexts: lane:testing=example-site-testing",
    );
    expect(productProfileHistoryTransitionError(null, base)).toBeNull();
  });
});

describe("normalizeLegacyProductProfile", () => {
  it("strips alert_issue_url from checks and reports it", () => {
    const legacy = withLane({
      instance: "prod",
      context: "example-site",
      base_url: "https://example-site.example",
      health_monitoring: {
        checks: [{ name: "public-ingress", kind: "public_http", alert_issue_url: "https://github.com/o/r/issues/929" }],
      },
    });
    const result = normalizeLegacyProductProfile(legacy);
    expect(result.strippedAlertIssueUrl).toBe(true);
    expect(result.changes).toContain("lanes[0].health_monitoring.checks[0]: stripped alert_issue_url");
    expect(result.changes).toContain("lanes[0].health_monitoring: inferred monitoring_intent=public");
    expect(ProductProfileRecord.safeParse(legacy).success).toBe(false);
    const profile = ProductProfileRecord.parse(result.profile);
    expect(profile.lanes[0]?.health_monitoring.monitoring_intent).toBe("public");
    expect(JSON.stringify(profile)).not.toContain("alert_issue_url");
    // The input is not modified.
    expect(JSON.stringify(legacy)).toContain("alert_issue_url");
  });

  it("migrates the older public_ingress_monitoring lane policy", () => {
    const legacy = withLane({
      instance: "prod",
      context: "example-site",
      base_url: "https://example-site.example",
      public_ingress_monitoring: { enabled: false, alert_issue_url: "https://github.com/o/r/issues/929" },
    });
    const result = normalizeLegacyProductProfile(legacy);
    expect(result.strippedAlertIssueUrl).toBe(true);
    const lane = ProductProfileRecord.parse(result.profile).lanes[0]!;
    expect(lane.health_monitoring.checks).toHaveLength(1);
    expect(lane.health_monitoring.checks[0]?.enabled).toBe(false);
    expect(lane.health_monitoring.monitoring_intent).toBe("prelaunch");
  });

  it("leaves a current payload untouched", () => {
    const result = normalizeLegacyProductProfile(upstreamProfile);
    expect(result.strippedAlertIssueUrl).toBe(false);
    expect(result.changes).toEqual([]);
    expect(result.profile).toEqual(upstreamProfile);
    expect(normalizeLegacyProductProfile("nope").profile).toBe("nope");
  });
});
