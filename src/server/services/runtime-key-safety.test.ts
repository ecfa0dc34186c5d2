import { describe, expect, it } from "vitest";

import { globMatches } from "@/server/auth/glob-pattern";
import { RuntimeKeySafetyTarget, RuntimeSecretSafetyRule } from "@/server/contracts/runtime-key-safety-policy";
import { SecretBinding } from "@/server/contracts/secret-binding";
import { LaunchplaneError } from "@/server/errors";

import {
  evaluateRuntimeKeySafetyBindings,
  isIntegrationRuntimeKey,
  mergeRuntimeKeySafetyRules,
  runtimeEnvironmentClassOf,
} from "./runtime-key-safety";

const rule = (input: Record<string, unknown>) => RuntimeSecretSafetyRule.parse(input);
const target = (context: string, instance: string) =>
  RuntimeKeySafetyTarget.parse({ context, instance, environment_class: runtimeEnvironmentClassOf(instance) });

function binding(key: string, patch: Record<string, unknown> = {}): SecretBinding {
  const context = (patch.context as string | undefined) ?? "opw";
  const instance = (patch.instance as string | undefined) ?? "testing";
  const secretId = `secret-${key.toLowerCase()}-${context || "global"}-${instance || "all"}`;
  return SecretBinding.parse({
    binding_id: `${secretId}-binding-${key.toLowerCase()}`,
    secret_id: secretId,
    integration: "runtime_environment",
    binding_key: key,
    context,
    instance,
    created_at: "2026-04-20T00:00:00Z",
    updated_at: "2026-04-20T00:00:00Z",
    ...patch,
  });
}

const codes = (result: ReturnType<typeof evaluateRuntimeKeySafetyBindings>) => result.findings.map((item) => item.code);

describe("classification helpers", () => {
  it("maps instance names to runtime classes", () => {
    expect(["prod", "Production", "testing", "stage", "pr-42", "preview", "local", "qa"].map(runtimeEnvironmentClassOf)).toEqual([
      "prod",
      "prod",
      "testing",
      "testing",
      "preview",
      "preview",
      "dev",
      "unknown",
    ]);
  });

  it("recognizes production integration keys by whole key parts", () => {
    expect(isIntegrationRuntimeKey("SHOPIFY_API_KEY")).toBe(true);
    expect(isIntegrationRuntimeKey("app.smtp.password")).toBe(true);
    expect(isIntegrationRuntimeKey("AUTHORIZE_NET_LOGIN")).toBe(true);
    expect(isIntegrationRuntimeKey("MAILBOX_SIZE")).toBe(false);
    expect(isIntegrationRuntimeKey("AUTHORIZE_TOKEN")).toBe(false);
    expect(isIntegrationRuntimeKey("ACME_ERP_TOKEN", ["ACME_ERP"])).toBe(true);
  });

  it("matches instance patterns like fnmatchcase", () => {
    expect(globMatches("pr-*", "pr-12")).toBe(true);
    expect(globMatches("pr-*", "prod")).toBe(false);
    expect(globMatches("pr-?", "pr-1")).toBe(true);
    expect(globMatches("pr-?", "PR-1")).toBe(false);
    expect(globMatches("[!a]x", "bx")).toBe(true);
    expect(globMatches("[!a]x", "ax")).toBe(false);
    expect(globMatches("a[", "a[")).toBe(true);
    expect(globMatches("pr-1.?", "pr-1.2")).toBe(true);
    expect(globMatches("pr-1.?", "pr-1x2")).toBe(false);
  });
});

describe("mergeRuntimeKeySafetyRules", () => {
  it("unions scopes of the same class, lets unrestricted win, replaces another class, sorts by key", () => {
    const existing = [
      rule({ binding_key: "B_KEY", secret_class: "testing", allowed_contexts: ["opw"], allowed_instances: ["testing"] }),
      rule({ binding_key: "A_KEY", secret_class: "prod_only", allowed_contexts: ["opw"] }),
      rule({ binding_key: "C_KEY", secret_class: "non_prod", allowed_targets: [{ context: "opw", instances: ["dev"] }] }),
    ];
    const merged = mergeRuntimeKeySafetyRules(existing, [
      rule({ binding_key: "B_KEY", secret_class: "testing", allowed_contexts: ["cm"], allowed_instances: ["stage"] }),
      rule({ binding_key: "A_KEY", secret_class: "shared_safe" }),
      rule({ binding_key: "C_KEY", secret_class: "non_prod", allowed_targets: [{ context: "opw" }] }),
    ]);
    expect(merged.map((item) => item.binding_key)).toEqual(["A_KEY", "B_KEY", "C_KEY"]);
    expect(merged[0]).toMatchObject({ secret_class: "shared_safe", allowed_contexts: [] });
    expect(merged[1]).toMatchObject({ allowed_contexts: ["cm", "opw"], allowed_instances: ["stage", "testing"] });
    expect(merged[2]!.allowed_targets).toEqual([{ context: "opw", instances: [], instance_patterns: [] }]);
  });

  it("rewrites legacy instance patterns into paired targets and refuses mixing both", () => {
    const [normalized] = mergeRuntimeKeySafetyRules(
      [],
      [rule({ binding_key: "P", secret_class: "preview", allowed_contexts: ["opw", "cm"], allowed_instance_patterns: ["pr-*"] })],
    );
    expect(normalized).toMatchObject({ allowed_contexts: [], allowed_instances: [], allowed_instance_patterns: [] });
    expect(normalized!.allowed_targets).toEqual([
      { context: "opw", instances: [], instance_patterns: ["pr-*"] },
      { context: "cm", instances: [], instance_patterns: ["pr-*"] },
    ]);
    expect(() =>
      mergeRuntimeKeySafetyRules(
        [],
        [rule({ binding_key: "P", secret_class: "preview", allowed_instance_patterns: ["pr-*"], allowed_targets: [{ context: "opw" }] })],
      ),
    ).toThrow(LaunchplaneError);
    expect(() =>
      mergeRuntimeKeySafetyRules([], [rule({ binding_key: "P", secret_class: "preview", allowed_instance_patterns: ["pr-*"] })]),
    ).toThrow("must use paired allowed_targets or exact allowed_contexts");
  });
});

describe("evaluateRuntimeKeySafetyBindings", () => {
  const policy = (rules: RuntimeSecretSafetyRule[], markers: string[] = []) => ({ rules, integration_key_markers: markers });

  it("passes when every key has one configured binding whose class allows the target", () => {
    const result = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "testing"),
      requiredBindingKeys: ["API_TOKEN", " API_TOKEN "],
      bindings: [binding("API_TOKEN")],
      policy: policy([rule({ binding_key: "API_TOKEN", secret_class: "testing", allowed_contexts: ["opw"] })]),
    });
    expect(result.status).toBe("pass");
    expect(result.checked_binding_keys).toEqual(["API_TOKEN"]);
  });

  it("reports missing, ambiguous, disabled and unclassified bindings", () => {
    const result = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "testing"),
      requiredBindingKeys: ["MISSING", "OTHER_LANE", "TWICE", "OFF", "GLOBAL_UNRULED"],
      bindings: [
        binding("OTHER_LANE", { instance: "prod" }),
        binding("TWICE"),
        binding("TWICE", { secret_id: "secret-twice-second", binding_id: "secret-twice-second-binding-twice" }),
        binding("OFF", { status: "disabled" }),
        binding("GLOBAL_UNRULED", { context: "", instance: "" }),
      ],
      policy: policy([rule({ binding_key: "OFF", secret_class: "testing" })]),
    });
    expect(result.status).toBe("fail");
    expect(codes(result)).toEqual(["binding_missing", "binding_missing", "ambiguous_binding", "binding_disabled", "unclassified_binding"]);
    expect(result.findings[0]).toMatchObject({ binding_key: "MISSING", binding_id: "", secret_id: "" });
  });

  it("checks the rule's class and scope against the target", () => {
    const result = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "testing"),
      requiredBindingKeys: ["PROD_KEY", "OTHER_CONTEXT", "OTHER_INSTANCE", "PREVIEW_ONLY"],
      bindings: ["PROD_KEY", "OTHER_CONTEXT", "OTHER_INSTANCE", "PREVIEW_ONLY"].map((key) => binding(key)),
      policy: policy([
        rule({ binding_key: "PROD_KEY", secret_class: "prod_only" }),
        rule({ binding_key: "OTHER_CONTEXT", secret_class: "testing", allowed_contexts: ["cm"] }),
        rule({ binding_key: "OTHER_INSTANCE", secret_class: "non_prod", allowed_contexts: ["opw"], allowed_instances: ["dev"] }),
        rule({ binding_key: "PREVIEW_ONLY", secret_class: "non_prod", allowed_targets: [{ context: "opw", instance_patterns: ["pr-*"] }] }),
      ]),
    });
    expect(result.findings.map((item) => [item.binding_key, item.code])).toEqual([
      ["PROD_KEY", "secret_class_not_allowed"],
      ["OTHER_CONTEXT", "context_not_allowed"],
      ["OTHER_INSTANCE", "instance_not_allowed"],
      ["PREVIEW_ONLY", "instance_not_allowed"],
    ]);
    const preview = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "pr-17"),
      requiredBindingKeys: ["PREVIEW_ONLY"],
      bindings: [binding("PREVIEW_ONLY", { context: "opw", instance: "" })],
      policy: policy([
        rule({ binding_key: "PREVIEW_ONLY", secret_class: "non_prod", allowed_targets: [{ context: "opw", instance_patterns: ["pr-*"] }] }),
      ]),
    });
    expect(preview.status).toBe("pass");
  });

  it("lets a stable lane's own binding classify itself, except production integration keys off prod", () => {
    const laneOwn = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "testing"),
      requiredBindingKeys: ["FEATURE_TOKEN", "DECLARED_PROD", "STRIPE_SECRET_KEY", "SHOPIFY_TOKEN", "SMTP_PASSWORD"],
      bindings: [
        binding("FEATURE_TOKEN"),
        binding("DECLARED_PROD", { declared_secret_class: "prod_only" }),
        binding("STRIPE_SECRET_KEY"),
        binding("SHOPIFY_TOKEN", { declared_secret_class: "shared_safe" }),
        binding("SMTP_PASSWORD", {
          declared_secret_class: "shared_safe",
          sharing_reason: { kind: "site_shared", reason: "one mailbox", evidence: "checked scopes on 2026-04-01 (alice)" },
        }),
      ],
      policy: policy([]),
    });
    expect(laneOwn.findings.map((item) => [item.binding_key, item.code])).toEqual([
      ["DECLARED_PROD", "secret_class_not_allowed"],
      ["STRIPE_SECRET_KEY", "unclassified_binding"],
      ["SHOPIFY_TOKEN", "sharing_reason_missing"],
    ]);
    const onProd = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "prod"),
      requiredBindingKeys: ["STRIPE_SECRET_KEY"],
      bindings: [binding("STRIPE_SECRET_KEY", { instance: "prod" })],
      policy: policy([]),
    });
    expect(onProd.status).toBe("pass");
    const customMarker = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "testing"),
      requiredBindingKeys: ["ACME_ERP_TOKEN"],
      bindings: [binding("ACME_ERP_TOKEN")],
      policy: policy([], ["ACME_ERP"]),
    });
    expect(codes(customMarker)).toEqual(["unclassified_binding"]);
  });

  it("fails an unknown environment class and refuses an empty key list", () => {
    const unknown = evaluateRuntimeKeySafetyBindings({
      target: target("opw", "qa"),
      requiredBindingKeys: ["K"],
      bindings: [binding("K", { instance: "qa" })],
      policy: policy([rule({ binding_key: "K", secret_class: "shared_safe" })]),
    });
    expect(codes(unknown)).toEqual(["unknown_environment_class", "secret_class_not_allowed"]);
    expect(() =>
      evaluateRuntimeKeySafetyBindings({ target: target("opw", "testing"), requiredBindingKeys: [], bindings: [], policy: policy([]) }),
    ).toThrow("at least one binding key");
  });
});
