// Managed secret record (the write-only secret's identity and current version pointer) and secret
// version record (one encrypted value). Mirrors upstream SecretRecord, SecretVersion and
// SecretRotationWrite in control_plane/contracts/secret_record.py, plus the redacted status view
// of control_plane/secrets.py. Ciphertext exists in storage only; see SECRET_VERSION_SECRET_FIELDS.
import { randomUUID } from "node:crypto";

import { z } from "zod";

import { nonBlank, schemaVersion } from "./primitives";
import { SecretAuditEvent, secretEventType } from "./secret-audit-event";

export const secretScope = z.enum(["global", "context", "context_instance"]);
export type SecretScope = z.infer<typeof secretScope>;

export const secretPolicy = z.enum(["write_only"]);
export const secretStatus = z.enum(["configured", "disabled"]);
export type SecretStatus = z.infer<typeof secretStatus>;

/** Outcome of writing a plaintext: same value -> unchanged; new value -> new version. */
export const secretWriteAction = z.enum(["created", "rotated", "unchanged"]);
export type SecretWriteAction = z.infer<typeof secretWriteAction>;

/** Integrations upstream resolves bindings for. */
export const DOKPLOY_SECRET_INTEGRATION = "dokploy";
export const RUNTIME_ENVIRONMENT_SECRET_INTEGRATION = "runtime_environment";

/** The only cipher upstream writes: Fernet (AES-128-CBC + HMAC-SHA256) tokens. */
export const SECRET_CIPHER_ALG = "fernet-v1";
/**
 * Extension: the cipher this service writes (AES-256-GCM envelope under the master key, see
 * services/secret-encryption.ts). Upstream versions keep "fernet-v1" and stay readable.
 */
export const SECRET_ENVELOPE_CIPHER_ALG = "aes-256-gcm-v1";
/** key_id of versions encrypted with the single master key (LAUNCHPLANE_MASTER_ENCRYPTION_KEY). */
export const LEGACY_SECRET_KEY_ID = "launchplane-master-key";

export const SecretRecordFields = z.strictObject({
  schema_version: schemaVersion,
  secret_id: nonBlank("secret record secret_id"),
  scope: secretScope,
  integration: nonBlank("secret record integration"),
  name: nonBlank("secret record name"),
  context: z.string().default(""),
  instance: z.string().default(""),
  description: z.string().default(""),
  policy: secretPolicy.default("write_only"),
  status: secretStatus.default("configured"),
  /** Points at the active SecretVersion; distinct from the version's encryption key_id. */
  current_version_id: nonBlank("secret record current_version_id"),
  created_at: nonBlank("secret record created_at"),
  updated_at: nonBlank("secret record updated_at"),
  last_validated_at: z.string().default(""),
  updated_by: z.string().default(""),
});

export const SecretRecord = SecretRecordFields.superRefine((record, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: "custom", message });
  if ((record.scope === "context" || record.scope === "context_instance") && !record.context.trim()) {
    fail("context-scoped secret record requires context");
  }
  if (record.scope === "context_instance" && !record.instance.trim()) {
    fail("instance-scoped secret record requires instance");
  }
  if (record.scope !== "context_instance" && record.instance.trim()) {
    fail("only instance-scoped secret records may set instance");
  }
});
export type SecretRecord = z.output<typeof SecretRecord>;

/**
 * One encrypted value of a secret. The storage shape: it is never returned by any route, log or
 * audit payload. Use SecretVersionMetadata for anything that leaves the repository layer.
 */
export const SecretVersion = z.strictObject({
  schema_version: schemaVersion,
  version_id: nonBlank("secret version version_id"),
  secret_id: nonBlank("secret version secret_id"),
  created_at: nonBlank("secret version created_at"),
  created_by: z.string().default(""),
  cipher_alg: z.enum([SECRET_CIPHER_ALG, SECRET_ENVELOPE_CIPHER_ALG]).default(SECRET_CIPHER_ALG),
  /** Non-secret id of the encryption key in the key ring. */
  key_id: z.string().default(LEGACY_SECRET_KEY_ID),
  /** SECRET MATERIAL. Fernet token, or the envelope text of aes-256-gcm-v1. */
  ciphertext: nonBlank("secret version ciphertext"),
});
export type SecretVersion = z.output<typeof SecretVersion>;

/** Fields of SecretVersion that are secret material and must be excluded from every output. */
export const SECRET_VERSION_SECRET_FIELDS = ["ciphertext"] as const;

/** SecretVersion without its secret material: safe for responses and operator views. */
export const SecretVersionMetadata = SecretVersion.omit({ ciphertext: true });
export type SecretVersionMetadata = z.output<typeof SecretVersionMetadata>;

export function secretVersionMetadata(version: SecretVersion): SecretVersionMetadata {
  const { ciphertext: _ciphertext, ...metadata } = version;
  return metadata;
}

/**
 * One compare-and-write step of a re-encryption: the record moves from the expected current
 * version to a new version, with its audit event, in one transaction.
 */
export const SecretRotationWrite = z
  .strictObject({
    expected_current_version_id: nonBlank("secret rotation write expected_current_version_id"),
    record: SecretRecord,
    version: SecretVersion,
    audit_event: SecretAuditEvent,
  })
  .superRefine((write, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (write.record.secret_id !== write.version.secret_id) {
      fail("secret rotation record and version must reference the same secret");
    }
    if (write.record.secret_id !== write.audit_event.secret_id) {
      fail("secret rotation record and audit event must reference the same secret");
    }
    if (write.record.current_version_id !== write.version.version_id) {
      fail("secret rotation record must point to the new version");
    }
    if (write.expected_current_version_id === write.version.version_id) {
      fail("secret rotation must create a new version");
    }
  });
export type SecretRotationWrite = z.output<typeof SecretRotationWrite>;

/** Redacted operator view of one secret (upstream build_secret_status): ids, counts, metadata. */
export const SecretStatusSummary = z.strictObject({
  secret_id: z.string(),
  scope: secretScope,
  integration: z.string(),
  name: z.string(),
  context: z.string(),
  instance: z.string(),
  policy: secretPolicy,
  status: secretStatus,
  description: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
  last_validated_at: z.string(),
  current_version_id: z.string(),
  version_count: z.number().int().min(0),
  current_version_created_at: z.string(),
  binding: z
    .strictObject({
      binding_id: z.string(),
      binding_type: z.enum(["env"]),
      binding_key: z.string(),
      status: secretStatus,
      context: z.string(),
      instance: z.string(),
      updated_at: z.string(),
    })
    .nullable(),
  recent_audit_events: z.array(
    z.strictObject({
      event_id: z.string(),
      event_type: secretEventType,
      recorded_at: z.string(),
      actor: z.string(),
      detail: z.string(),
      metadata: z.record(z.string(), z.string()),
    }),
  ),
});
export type SecretStatusSummary = z.output<typeof SecretStatusSummary>;

// ---------------------------------------------------------------------------------------------
// Id derivation (upstream formats, so imported and native records share one id space)
// ---------------------------------------------------------------------------------------------

const ALNUM = /[\p{L}\p{N}]/u;

/** Lower-case alphanumerics, every other run of characters collapsed to one "-". */
export function secretSlug(value: string): string {
  let compact = "";
  for (const character of value.trim()) compact += ALNUM.test(character) ? character.toLowerCase() : "-";
  const normalized = compact
    .split("-")
    .filter((part) => part.length > 0)
    .join("-");
  return normalized || "secret";
}

/** `secret-<integration>-<name>[-<context>][-<instance>]`, each part slugged. */
export function expectedSecretId(input: {
  integration: string;
  name: string;
  context?: string;
  instance?: string;
}): string {
  const parts = ["secret", input.integration, input.name];
  if (input.context?.trim()) parts.push(input.context);
  if (input.instance?.trim()) parts.push(input.instance);
  return parts.map(secretSlug).join("-");
}

export function expectedSecretBindingId(secretId: string, bindingKey: string): string {
  return `${secretId}-binding-${secretSlug(bindingKey)}`;
}

const shortHex = () => randomUUID().replaceAll("-", "").slice(0, 12);

export function newSecretVersionId(secretId: string): string {
  return `${secretId}-version-${shortHex()}`;
}

export function newSecretAuditEventId(secretId: string, eventType: string): string {
  return `${secretId}-event-${secretSlug(eventType)}-${shortHex()}`;
}
