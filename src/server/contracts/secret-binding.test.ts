import { describe, expect, it } from "vitest";

import { SecretBinding } from "./secret-binding";

// Shape used by upstream storage tests.
const binding = {
  binding_id: "secret-dokploy-token-opw-testing-binding-dokploy-token",
  secret_id: "secret-dokploy-token-opw-testing",
  integration: "dokploy",
  binding_key: "DOKPLOY_TOKEN",
  context: "opw",
  instance: "testing",
  created_at: "2026-04-20T18:00:00Z",
  updated_at: "2026-04-20T18:00:00Z",
};
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("SecretBinding", () => {
  it("accepts an upstream binding and fills defaults", () => {
    const parsed = SecretBinding.parse(binding);
    expect(parsed.binding_type).toBe("env");
    expect(parsed.status).toBe("configured");
    expect(parsed.declared_secret_class).toBeUndefined();
  });

  it("rejects unknown fields and wrong types", () => {
    expect(SecretBinding.safeParse({ ...binding, value: "x" }).success).toBe(false);
    expect(SecretBinding.safeParse({ ...binding, binding_type: "file" }).success).toBe(false);
    expect(SecretBinding.safeParse({ ...binding, status: true }).success).toBe(false);
    expect(messages(SecretBinding.safeParse({ ...binding, binding_key: " " }))).toContain(
      "secret binding binding_key is required",
    );
  });

  it("accepts a declared class with a sharing reason on one exact lane", () => {
    const shared = SecretBinding.parse({
      ...binding,
      declared_secret_class: "shared_safe",
      sharing_reason: {
        kind: "read_only_source",
        reason: "  read-only catalog token ",
        evidence: "ops verified scopes on 2026-05-01: read_products only",
      },
    });
    expect(shared.sharing_reason?.reason).toBe("read-only catalog token");
    expect(shared.sharing_reason?.recorded_by).toBe("");
    expect(SecretBinding.parse({ ...binding, declared_secret_class: null }).declared_secret_class).toBeNull();
  });

  it("enforces the classification rules", () => {
    expect(messages(SecretBinding.safeParse({ ...binding, instance: "", declared_secret_class: "testing" }))).toContain(
      "secret binding declared_secret_class requires context and instance",
    );
    const reasonWithoutClass = {
      ...binding,
      sharing_reason: { kind: "site_shared", reason: "r", evidence: "e" },
    };
    expect(messages(SecretBinding.safeParse(reasonWithoutClass))).toContain(
      "secret binding sharing_reason requires declared_secret_class",
    );
    const noEvidence = {
      ...binding,
      declared_secret_class: "testing",
      sharing_reason: { kind: "pre_live", reason: "r", evidence: " " },
    };
    expect(messages(SecretBinding.safeParse(noEvidence))).toContain(
      "A secret sharing reason requires evidence: who verified the key, when, and what.",
    );
    expect(SecretBinding.safeParse({ ...binding, declared_secret_class: "prod" }).success).toBe(false);
  });
});
