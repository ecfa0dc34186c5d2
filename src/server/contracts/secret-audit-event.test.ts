import { describe, expect, it } from "vitest";

import { SecretAuditEvent, UPSTREAM_SECRET_EVENT_TYPES, secretAuditEventLeaks } from "./secret-audit-event";

// Shape used by upstream storage tests.
const event = {
  event_id: "secret-dokploy-token-opw-testing-event-imported-0123456789ab",
  secret_id: "secret-dokploy-token-opw-testing",
  event_type: "imported",
  recorded_at: "2026-04-20T18:00:00Z",
  actor: "launchplane-bootstrap",
  detail: "Imported existing Dokploy secret",
  metadata: { source: "dokploy.env" },
};

describe("SecretAuditEvent", () => {
  it("accepts every upstream event type and fills defaults", () => {
    for (const eventType of UPSTREAM_SECRET_EVENT_TYPES) {
      expect(SecretAuditEvent.safeParse({ ...event, event_type: eventType }).success).toBe(true);
    }
    const minimal = SecretAuditEvent.parse({ event_id: "e", secret_id: "s", event_type: "created", recorded_at: "t" });
    expect(minimal.metadata).toEqual({});
    expect(minimal.actor).toBe("");
  });

  it("accepts the extension event types", () => {
    for (const eventType of ["reencrypted", "bound", "unbound", "plaintext_resolved", "reveal_denied", "key_safety_evaluated", "retired"]) {
      expect(SecretAuditEvent.safeParse({ ...event, event_type: eventType }).success).toBe(true);
    }
    expect(SecretAuditEvent.safeParse({ ...event, event_type: "revealed" }).success).toBe(false);
  });

  it("rejects unknown fields, non-string metadata and blank ids", () => {
    expect(SecretAuditEvent.safeParse({ ...event, plaintext: "x" }).success).toBe(false);
    expect(SecretAuditEvent.safeParse({ ...event, metadata: { attempt: 2 } }).success).toBe(false);
    const blank = SecretAuditEvent.safeParse({ ...event, recorded_at: "  " });
    expect(blank.error?.issues[0]?.message).toBe("secret audit event recorded_at is required");
  });

  it("flags secret material before an event is written", () => {
    expect(secretAuditEventLeaks(SecretAuditEvent.parse(event))).toEqual([]);
    expect(
      secretAuditEventLeaks({ detail: "rotated", metadata: { value: "x", note: "gAAAAABoAbCdEfGhIjKlMnOpQrStUv" } }),
    ).toEqual(['metadata key "value" may only hold secret material', "note contains ciphertext"]);
    expect(secretAuditEventLeaks({ detail: "token ghp_abcdefghijklmnop1234", metadata: {} })).toEqual([
      "detail contains a token",
    ]);
    expect(
      secretAuditEventLeaks({ detail: "rotated", metadata: { note: "lpenc1.AbCdEfGhIjKlMnOpQrStUvWx.yz" } }),
    ).toEqual(["note contains ciphertext"]);
  });
});
