// Secret audit event: one append-only entry per managed-secret lifecycle or access event. Mirrors
// upstream SecretAuditEvent in control_plane/contracts/secret_record.py (event types extended, see
// below). Events carry metadata only: never plaintext, ciphertext, token prefixes or env dumps.
import { z } from "zod";

import { nonBlank, schemaVersion } from "./primitives";

/** Event types upstream writes today. Upstream records re-encryption as "rotated". */
export const UPSTREAM_SECRET_EVENT_TYPES = [
  "created",
  "rotated",
  "imported",
  "validated",
  "disabled",
  "relabelled",
] as const;

/**
 * Extension event types (not upstream) for the categories the records reference asks audit to
 * separate: re-encryption under a new key, retirement, bind/unbind, plaintext resolution for a
 * runtime destination, a refused reveal, and a key-safety gate evaluation.
 */
export const EXTENSION_SECRET_EVENT_TYPES = [
  "reencrypted",
  "retired",
  "bound",
  "unbound",
  "plaintext_resolved",
  "reveal_denied",
  "key_safety_evaluated",
] as const;

export const secretEventType = z.enum([...UPSTREAM_SECRET_EVENT_TYPES, ...EXTENSION_SECRET_EVENT_TYPES]);
export type SecretEventType = z.infer<typeof secretEventType>;

export const SecretAuditEvent = z.strictObject({
  schema_version: schemaVersion,
  event_id: nonBlank("secret audit event event_id"),
  secret_id: nonBlank("secret audit event secret_id"),
  event_type: secretEventType,
  recorded_at: nonBlank("secret audit event recorded_at"),
  actor: z.string().default(""),
  detail: z.string().default(""),
  /**
   * String-only metadata (binding ids/keys, version ids, key ids, source, reason, digests,
   * destination class, finding codes). Never values.
   */
  metadata: z.record(z.string(), z.string()).default(() => ({})),
});
export type SecretAuditEvent = z.output<typeof SecretAuditEvent>;

/** Metadata keys that would only ever hold secret material. */
const FORBIDDEN_METADATA_KEYS = new Set([
  "plaintext",
  "plaintext_value",
  "value",
  "secret",
  "secret_value",
  "ciphertext",
  "token",
  "password",
  "env",
  "request_body",
]);

/** Fernet tokens (upstream's ciphertext format) always start with this prefix. */
const FERNET_TOKEN = /gAAAAA[A-Za-z0-9_-]{20,}/;
/** Envelope ciphertext this service writes (aes-256-gcm-v1) starts with this prefix. */
const ENVELOPE_TOKEN = /lpenc1\.[A-Za-z0-9_-]{20,}/;
/** GitHub token shapes, whose prefixes must not be logged either. */
const GITHUB_TOKEN = /(?:gh[pousr]_[A-Za-z0-9]{8,}|github_pat_[A-Za-z0-9_]{8,})/;

/**
 * Reasons an audit event must not be written as is (empty when it is clean). Writers call this
 * before persisting; the schema itself stays wire-compatible with upstream payloads.
 */
export function secretAuditEventLeaks(event: Pick<SecretAuditEvent, "detail" | "metadata">): string[] {
  const leaks: string[] = [];
  const texts: [string, string][] = [["detail", event.detail], ...Object.entries(event.metadata)];
  for (const [key, text] of texts) {
    if (key !== "detail" && FORBIDDEN_METADATA_KEYS.has(key.toLowerCase())) {
      leaks.push(`metadata key "${key}" may only hold secret material`);
    }
    if (FERNET_TOKEN.test(text) || ENVELOPE_TOKEN.test(text)) leaks.push(`${key} contains ciphertext`);
    if (GITHUB_TOKEN.test(text)) leaks.push(`${key} contains a token`);
  }
  return leaks;
}
