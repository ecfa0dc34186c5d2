import { describe, expect, it } from "vitest";

import {
  SECRET_VERSION_SECRET_FIELDS,
  SecretRecord,
  SecretRotationWrite,
  SecretStatusSummary,
  SecretVersion,
  SecretVersionMetadata,
  expectedSecretBindingId,
  expectedSecretId,
  newSecretAuditEventId,
  newSecretVersionId,
  secretSlug,
  secretVersionMetadata,
} from "./secret";

// Shapes used by upstream storage tests (Dokploy token bootstrap secret).
const record = {
  secret_id: "secret-dokploy-token-opw-testing",
  scope: "context_instance",
  integration: "dokploy",
  name: "token",
  context: "opw",
  instance: "testing",
  current_version_id: "secret-dokploy-token-opw-testing-version-0123456789ab",
  created_at: "2026-04-20T18:00:00Z",
  updated_at: "2026-04-20T18:00:00Z",
};
const version = {
  version_id: "secret-dokploy-token-opw-testing-version-0123456789ab",
  secret_id: "secret-dokploy-token-opw-testing",
  created_at: "2026-04-20T18:00:00Z",
  created_by: "launchplane-bootstrap",
  ciphertext: "gAAAAABo-bootstrap-ciphertext",
};
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("SecretRecord", () => {
  it("accepts an upstream record and fills defaults", () => {
    const parsed = SecretRecord.parse(record);
    expect(parsed.policy).toBe("write_only");
    expect(parsed.status).toBe("configured");
    expect(parsed.last_validated_at).toBe("");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(SecretRecord.safeParse({ ...record, value: "hunter2" }).success).toBe(false);
    expect(SecretRecord.safeParse({ ...record, status: "active" }).success).toBe(false);
    expect(SecretRecord.safeParse({ ...record, scope: "instance" }).success).toBe(false);
  });

  it("ties scope to context and instance", () => {
    expect(messages(SecretRecord.safeParse({ ...record, context: "" }))).toContain(
      "context-scoped secret record requires context",
    );
    expect(messages(SecretRecord.safeParse({ ...record, instance: " " }))).toContain(
      "instance-scoped secret record requires instance",
    );
    expect(messages(SecretRecord.safeParse({ ...record, scope: "context" }))).toContain(
      "only instance-scoped secret records may set instance",
    );
    expect(SecretRecord.safeParse({ ...record, scope: "global", context: "", instance: "" }).success).toBe(true);
  });
});

describe("SecretVersion", () => {
  it("defaults the cipher and key id and requires ciphertext", () => {
    const parsed = SecretVersion.parse(version);
    expect(parsed.cipher_alg).toBe("fernet-v1");
    expect(parsed.key_id).toBe("launchplane-master-key");
    expect(messages(SecretVersion.safeParse({ ...version, ciphertext: " " }))).toContain(
      "secret version ciphertext is required",
    );
    expect(SecretVersion.safeParse({ ...version, cipher_alg: "aes-gcm" }).success).toBe(false);
    expect(SecretVersion.parse({ ...version, cipher_alg: "aes-256-gcm-v1" }).cipher_alg).toBe("aes-256-gcm-v1");
  });

  it("marks ciphertext as secret material and can drop it", () => {
    expect(SECRET_VERSION_SECRET_FIELDS).toEqual(["ciphertext"]);
    const metadata = secretVersionMetadata(SecretVersion.parse(version));
    expect(metadata).not.toHaveProperty("ciphertext");
    expect(metadata.key_id).toBe("launchplane-master-key");
    expect(SecretVersionMetadata.safeParse(version).success).toBe(false);
    expect(SecretVersionMetadata.safeParse(metadata).success).toBe(true);
  });
});

describe("SecretRotationWrite", () => {
  const next = { ...version, version_id: "secret-dokploy-token-opw-testing-version-ba9876543210", key_id: "key-2" };
  const write = {
    expected_current_version_id: version.version_id,
    record: { ...record, current_version_id: next.version_id },
    version: next,
    audit_event: {
      event_id: "secret-dokploy-token-opw-testing-event-rotated-ba9876543210",
      secret_id: record.secret_id,
      event_type: "rotated",
      recorded_at: "2026-05-01T00:00:00Z",
      metadata: { old_key_id: "launchplane-master-key", new_key_id: "key-2" },
    },
  };

  it("accepts a consistent re-encryption step", () => {
    expect(SecretRotationWrite.parse(write).version.key_id).toBe("key-2");
  });

  it("rejects inconsistent steps", () => {
    expect(messages(SecretRotationWrite.safeParse({ ...write, expected_current_version_id: next.version_id }))).toContain(
      "secret rotation must create a new version",
    );
    expect(messages(SecretRotationWrite.safeParse({ ...write, record: record }))).toContain(
      "secret rotation record must point to the new version",
    );
    const otherSecret = { ...write, audit_event: { ...write.audit_event, secret_id: "secret-other" } };
    expect(messages(SecretRotationWrite.safeParse(otherSecret))).toContain(
      "secret rotation record and audit event must reference the same secret",
    );
  });
});

describe("SecretStatusSummary", () => {
  it("has no place for secret material", () => {
    const summary = {
      ...SecretRecord.parse(record),
      version_count: 1,
      current_version_created_at: version.created_at,
      binding: null,
      recent_audit_events: [],
    };
    const { schema_version: _schemaVersion, ...view } = summary;
    expect(SecretStatusSummary.safeParse(view).success).toBe(true);
    expect(SecretStatusSummary.safeParse({ ...view, ciphertext: version.ciphertext }).success).toBe(false);
  });
});

describe("id derivation", () => {
  it("builds upstream-compatible ids", () => {
    expect(secretSlug("  SMTP_PASSWORD ")).toBe("smtp-password");
    expect(secretSlug("---")).toBe("secret");
    expect(expectedSecretId({ integration: "runtime_environment", name: "SMTP_PASSWORD", context: "example-site", instance: "prod" })).toBe(
      "secret-runtime-environment-smtp-password-example-site-prod",
    );
    expect(expectedSecretId({ integration: "dokploy", name: "token" })).toBe("secret-dokploy-token");
    expect(expectedSecretBindingId("secret-dokploy-token", "DOKPLOY_TOKEN")).toBe(
      "secret-dokploy-token-binding-dokploy-token",
    );
    expect(newSecretVersionId("secret-dokploy-token")).toMatch(/^secret-dokploy-token-version-[0-9a-f]{12}$/);
    expect(newSecretAuditEventId("secret-dokploy-token", "rotated")).toMatch(
      /^secret-dokploy-token-event-rotated-[0-9a-f]{12}$/,
    );
  });
});
