import { describe, expect, it } from "vitest";

import { RuntimeKeySafetyEvaluation, RuntimeKeySafetyPolicyApplyRequest, RuntimeKeySafetyPolicyRecord, RuntimeSecretSafetyRule, instancePatternError, runtimeKeySafetyPolicySha256 } from "./runtime-key-safety-policy";
import { canonicalJson } from "./canonical-json";

const policy = {
  record_id: "runtime-key-safety-policy-20260720t120000z-9fa41f722732",
  status: "active",
  source: "service:runtime-key-safety-policy",
  updated_at: "2026-07-20T12:00:00Z",
  rules: [
    { binding_key: "SMTP_PASSWORD", secret_class: "prod_only", allowed_contexts: ["cm"], allowed_instances: ["prod"] },
    {
      binding_key: "PREVIEW_DB_PASSWORD",
      secret_class: "preview",
      allowed_targets: [{ context: "cm-preview", instance_patterns: ["pr-*"] }],
    },
  ],
};
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("RuntimeKeySafetyPolicyRecord", () => {
  it("accepts a policy and fills defaults", () => {
    const record = RuntimeKeySafetyPolicyRecord.parse(policy);
    expect(record.schema_version).toBe(1);
    expect(record.integration_key_markers).toEqual([]);
    expect(record.rules[1]?.allowed_targets[0]).toEqual({
      context: "cm-preview",
      instances: [],
      instance_patterns: ["pr-*"],
    });
  });

  it("rejects unknown fields and wrong types", () => {
    expect(RuntimeKeySafetyPolicyRecord.safeParse({ ...policy, plaintext: "x" }).success).toBe(false);
    expect(RuntimeKeySafetyPolicyRecord.safeParse({ ...policy, rules: "SMTP_PASSWORD" }).success).toBe(false);
    expect(RuntimeKeySafetyPolicyRecord.safeParse({ ...policy, status: "draft" }).success).toBe(false);
  });

  it("requires at least one rule and unique binding keys", () => {
    expect(messages(RuntimeKeySafetyPolicyRecord.safeParse({ ...policy, rules: [] }))).toContain(
      "runtime key safety policy record requires at least one rule",
    );
    const duplicate = { ...policy, rules: [policy.rules[0], { binding_key: " SMTP_PASSWORD ", secret_class: "testing" }] };
    expect(messages(RuntimeKeySafetyPolicyRecord.safeParse(duplicate))).toContain(
      "runtime key safety policy rules must be unique by binding_key",
    );
  });

  it("normalizes integration key markers", () => {
    const record = RuntimeKeySafetyPolicyRecord.parse({ ...policy, integration_key_markers: [" shopify ", "SHOPIFY"] });
    expect(record.integration_key_markers).toEqual(["SHOPIFY"]);
    expect(messages(RuntimeKeySafetyPolicyRecord.safeParse({ ...policy, integration_key_markers: ["SHOP-IFY"] }))).toContain(
      "runtime key safety integration_key_markers may contain only letters, digits and underscores",
    );
  });

  it("validates rule scopes and instance patterns", () => {
    const rule = RuntimeSecretSafetyRule.parse({
      binding_key: " API_KEY ",
      secret_class: "non_prod",
      allowed_contexts: ["a", " a "],
      description: "  shared  ",
    });
    expect(rule.binding_key).toBe("API_KEY");
    expect(rule.allowed_contexts).toEqual(["a"]);
    expect(rule.description).toBe("shared");
    expect(messages(RuntimeSecretSafetyRule.safeParse({ binding_key: "K", secret_class: "testing", allowed_instances: [""] }))).toContain(
      "runtime secret safety allowed_instances values must be non-empty",
    );
    expect(instancePatternError("pr/*", "allowed_instance_patterns")).toBe(
      "runtime secret safety allowed_instance_patterns cannot contain path separators",
    );
    expect(instancePatternError("*?", "x")).toBe("runtime secret safety x must contain a literal character");
    expect(instancePatternError("pr *", "x")).toBe("runtime secret safety x cannot contain whitespace");
    expect(RuntimeSecretSafetyRule.safeParse({ binding_key: "K", secret_class: "secret" }).success).toBe(false);
  });
});

describe("policy digest", () => {
  it("matches Python's canonical json.dumps (sorted keys, ASCII escapes)", () => {
    expect(canonicalJson({ b: 1, a: ["café ✓ 😀", true, null] })).toBe(
      '{"a":["caf\\u00e9 \\u2713 \\ud83d\\ude00",true,null],"b":1}',
    );
  });

  it("hashes the policy content the way upstream does", () => {
    const record = RuntimeKeySafetyPolicyRecord.parse({
      record_id: "x",
      source: "s",
      updated_at: "t",
      rules: [{ binding_key: "SMTP_PASSWORD", secret_class: "prod_only", allowed_contexts: ["cm"] }],
    });
    // Digest computed with upstream's runtime_key_safety_policy_sha256 for the same content.
    expect(runtimeKeySafetyPolicySha256(record)).toBe(
      "9fa41f722732937bfe9923d20165c51f5bf383ce8bc398be805a00347a97bf23",
    );
    const relabelled = { ...record, record_id: "y", source: "other", updated_at: "later" };
    expect(runtimeKeySafetyPolicySha256(relabelled)).toBe(runtimeKeySafetyPolicySha256(record));
    const withUnicode = {
      ...record,
      rules: [{ ...record.rules[0]!, description: "café ✓ 😀" }],
    };
    expect(runtimeKeySafetyPolicySha256(withUnicode)).toBe(
      "3a888a9554d9501165968a2bff1448b3f291724e458d0d024617ac4c8c61bc67",
    );
    const withMarkers = { ...record, integration_key_markers: ["SHOPIFY"] };
    expect(runtimeKeySafetyPolicySha256(withMarkers)).not.toBe(runtimeKeySafetyPolicySha256(record));
  });
});

describe("RuntimeKeySafetyEvaluation", () => {
  const target = { context: "cm", instance: "testing", environment_class: "testing" };

  it("accepts a failing evaluation with findings (metadata only)", () => {
    const evaluation = RuntimeKeySafetyEvaluation.parse({
      status: "fail",
      target,
      checked_binding_keys: ["SMTP_PASSWORD", " SMTP_PASSWORD"],
      findings: [{ code: "secret_class_not_allowed", binding_key: "SMTP_PASSWORD", secret_class: "prod_only", detail: "prod-only key on testing" }],
    });
    expect(evaluation.checked_binding_keys).toEqual(["SMTP_PASSWORD"]);
  });

  it("ties status to findings", () => {
    expect(messages(RuntimeKeySafetyEvaluation.safeParse({ status: "fail", target, checked_binding_keys: [] }))).toContain(
      "failing runtime key safety evaluation requires findings",
    );
    const passWithFinding = {
      status: "pass",
      target,
      checked_binding_keys: [],
      findings: [{ code: "binding_missing", detail: "missing" }],
    };
    expect(messages(RuntimeKeySafetyEvaluation.safeParse(passWithFinding))).toContain(
      "passing runtime key safety evaluation cannot include findings",
    );
    expect(RuntimeKeySafetyEvaluation.safeParse({ status: "pass", target: { ...target, environment_class: "qa" }, checked_binding_keys: [] }).success).toBe(false);
  });
});

describe("RuntimeKeySafetyPolicyApplyRequest", () => {
  it("accepts a launchplane-scoped request and defaults the source label", () => {
    const request = RuntimeKeySafetyPolicyApplyRequest.parse({ product: " launchplane ", source_label: " ", rules: policy.rules });
    expect(request.product).toBe("launchplane");
    expect(request.source_label).toBe("service:runtime-key-safety-policy");
  });

  it("rejects other products, empty rules and unknown fields", () => {
    expect(messages(RuntimeKeySafetyPolicyApplyRequest.safeParse({ product: "cm", rules: policy.rules }))).toContain(
      "Runtime key-safety policy writes require product 'launchplane'.",
    );
    expect(messages(RuntimeKeySafetyPolicyApplyRequest.safeParse({ product: "launchplane", rules: [] }))).toContain(
      "Runtime key-safety policy writes require at least one rule.",
    );
    expect(RuntimeKeySafetyPolicyApplyRequest.safeParse({ product: "launchplane", rules: policy.rules, record_id: "x" }).success).toBe(false);
  });
});
