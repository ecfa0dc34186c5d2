import { describe, expect, it } from "vitest";

import { isSecretKey, sanitizeAuditDetail } from "./audit-trail";

describe("isSecretKey", () => {
  it("flags keys that may carry secret material, in any spelling", () => {
    for (const key of [
      "token",
      "Token",
      "secret",
      "value",
      "plaintext",
      "ciphertext",
      "ciphertext_b64",
      "password",
      "secretValue",
      "secret-value",
      "github_token",
      "clientSecret",
      "api_key",
      "authorization",
      "private_key",
      "raw_claims",
      "token_prefix",
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
  });

  it("keeps identifiers and labels", () => {
    for (const key of ["secret_id", "secretId", "token_label", "binding_key", "idempotency_key", "value_count", "reason", "env"]) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

describe("sanitizeAuditDetail", () => {
  it("removes secret-bearing keys at any depth and reports their paths", () => {
    const { detail, redacted } = sanitizeAuditDetail({
      reason: "rotate",
      secret_id: "secret-1",
      value: "hunter2",
      binding: { key: "DATABASE_URL", plaintext: "postgres://u:p@h/db", nested: [{ token: "abc", name: "x" }] },
    });
    expect(detail).toEqual({ reason: "rotate", secret_id: "secret-1", binding: { key: "DATABASE_URL", nested: [{ name: "x" }] } });
    expect(redacted).toEqual(["value", "binding.plaintext", "binding.nested[0].token"]);
    expect(JSON.stringify(detail)).not.toContain("hunter2");
    expect(JSON.stringify(detail)).not.toContain("postgres://");
  });

  it("replaces token-shaped strings wherever they appear", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJyZXBvc2l0b3J5IjoiZXZlcnkvdmVyaXJlZWwifQ.c2lnbmF0dXJl";
    const { detail, redacted } = sanitizeAuditDetail({
      note: `header was Bearer ${jwt}`,
      list: ["fine", "ghp_0123456789abcdefghijABCDEFGHIJ"],
    });
    expect(detail).toEqual({ note: "[redacted]", list: ["fine", "[redacted]"] });
    expect(redacted).toEqual(["note", "list[1]"]);
  });

  it("returns plain JSON: dates as ISO strings, undefined and functions dropped", () => {
    const { detail } = sanitizeAuditDetail({
      at: new Date("2026-05-07T16:00:00.000Z"),
      missing: undefined,
      fn: () => 1,
      count: 3,
      big: BigInt(12),
      ok: true,
      none: null,
    });
    expect(detail).toEqual({ at: "2026-05-07T16:00:00.000Z", count: 3, big: "12", ok: true, none: null });
  });
});
