import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { expectedSecretId } from "@/server/contracts/secret";
import { secretRepository } from "@/server/repositories/secret-repository";
import {
  bindManagedSecret,
  disableManagedSecret,
  type ManagedSecretWriteInput,
  retireManagedSecret,
  secretStatus,
  secretStatusForLane,
  unbindManagedSecret,
  writeManagedSecret,
} from "@/server/services/managed-secrets";
import { decryptSecretValue } from "@/server/services/secret-encryption";
import { uniqueProduct, useTestDb } from "../../support/database";
import { expectNoSecretMaterial, setMasterKey, uniquePlaintext, withMasterKey } from "./config-fixtures";
import { refusal } from "../../support/refusal";

const { db, queryCount, resetQueryCount } = useTestDb();
const master = withMasterKey();

function laneSecret(context: string, patch: Partial<ManagedSecretWriteInput> = {}): ManagedSecretWriteInput {
  return {
    scope: "context_instance",
    integration: "runtime_environment",
    name: "api-token",
    context,
    instance: "testing",
    plaintext: uniquePlaintext("api"),
    binding_key: "API_TOKEN",
    description: "Token for the upstream API",
    actor: "operator:alice",
    source_label: "test",
    ...patch,
  };
}

/** Rows this secret owns in every secret table (versions counted, not read). */
async function footprint(secretId: string) {
  const [versions, records, bindings, events] = await Promise.all([
    db.secretVersion.count({ where: { secretId } }),
    db.secret.count({ where: { secretId } }),
    db.secretBinding.count({ where: { secretId } }),
    db.secretAuditEvent.count({ where: { secretId } }),
  ]);
  return { versions, records, bindings, events };
}

async function eventTypes(secretId: string): Promise<string[]> {
  const rows = await db.secretAuditEvent.findMany({ where: { secretId }, orderBy: { recordedAt: "asc" }, select: { eventType: true } });
  return rows.map((row) => row.eventType);
}

describe("writeManagedSecret", () => {
  it("creates, then answers unchanged for the same value, then rotates for a new one", async () => {
    const context = uniqueProduct("secret");
    const input = laneSecret(context);
    const created = await writeManagedSecret(db, input);
    const secretId = expectedSecretId({ integration: "runtime_environment", name: "api-token", context, instance: "testing" });
    expect(created).toMatchObject({ status: "ok", action: "created", secret_id: secretId, binding_id: `${secretId}-binding-api-token` });
    expect(created.version_id).toMatch(new RegExp(`^${secretId}-version-[0-9a-f]{12}$`));
    expect(await footprint(secretId)).toEqual({ versions: 1, records: 1, bindings: 1, events: 1 });
    expect(await eventTypes(secretId)).toEqual(["created"]);
    const recordAfterCreate = await db.secret.findUnique({ where: { secretId } });

    const unchanged = await writeManagedSecret(db, { ...input, actor: "operator:bob" });
    expect(unchanged).toEqual({ status: "ok", secret_id: secretId, action: "unchanged", binding_id: `${secretId}-binding-api-token` });
    expect(await footprint(secretId)).toEqual({ versions: 1, records: 1, bindings: 1, events: 1 });
    expect(await db.secret.findUnique({ where: { secretId } })).toEqual(recordAfterCreate);

    const newValue = uniquePlaintext("rotated");
    const rotated = await writeManagedSecret(db, { ...input, plaintext: newValue, actor: "operator:carol" });
    expect(rotated.action).toBe("rotated");
    expect(rotated.version_id).not.toBe(created.version_id);
    expect(await footprint(secretId)).toEqual({ versions: 2, records: 1, bindings: 1, events: 2 });
    expect(await eventTypes(secretId)).toEqual(["created", "rotated"]);
    const rotatedEvent = await db.secretAuditEvent.findFirst({ where: { secretId, eventType: "rotated" } });
    expect(rotatedEvent?.payload).toMatchObject({
      actor: "operator:carol",
      detail: "Launchplane rotated managed secret from test.",
      metadata: { source: "test", binding_key: "API_TOKEN", version_id: rotated.version_id, previous_version_id: created.version_id },
    });

    const record = await secretRepository(db).find(secretId);
    expect(record).toMatchObject({ current_version_id: rotated.version_id, status: "configured", updated_by: "operator:carol" });
    expect(record?.created_at).toBe((recordAfterCreate?.payload as { created_at: string }).created_at);
    const current = await secretRepository(db).readCurrentVersionForDecryption(secretId);
    expect(current?.cipher_alg).toBe("aes-256-gcm-v1");
    expect(decryptSecretValue(current!)).toBe(newValue);
  });

  it("serializes concurrent first writes of one secret: one creates, the other rotates", async () => {
    const context = uniqueProduct("race");
    const [first, second] = await Promise.all([
      writeManagedSecret(db, laneSecret(context)),
      writeManagedSecret(db, laneSecret(context)),
    ]);
    expect([first.action, second.action].sort()).toEqual(["created", "rotated"]);
    expect(await footprint(first.secret_id)).toEqual({ versions: 2, records: 1, bindings: 1, events: 2 });
  });

  it("refuses a blank value and writes nothing", async () => {
    const context = uniqueProduct("blank");
    const error = await refusal(() => writeManagedSecret(db, laneSecret(context, { plaintext: "   " })));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe("Launchplane managed secrets require a non-empty plaintext value.");
    const secretId = expectedSecretId({ integration: "runtime_environment", name: "api-token", context, instance: "testing" });
    expect(await footprint(secretId)).toEqual({ versions: 0, records: 0, bindings: 0, events: 0 });
  });

  it("refuses scope violations and a value echoed into a label, writing nothing", async () => {
    const context = uniqueProduct("scope");
    const secretId = expectedSecretId({ integration: "runtime_environment", name: "api-token", context, instance: "testing" });
    const scope = await refusal(() => writeManagedSecret(db, laneSecret(context, { scope: "context" })));
    expect(scope.code).toBe("invalid_request");
    expect(scope.message).toContain("only instance-scoped secret records may set instance");

    const plaintext = uniquePlaintext("echo");
    const echoed = await refusal(() =>
      writeManagedSecret(db, laneSecret(context, { plaintext, description: `token is ${plaintext}` })),
    );
    expect(echoed.code).toBe("invalid_request");
    expect(echoed.message).toBe("Managed secret description must not contain the secret value.");
    expect(echoed.message).not.toContain(plaintext);
    expect(await footprint(secretId)).toEqual({ versions: 0, records: 0, bindings: 0, events: 0 });
    expect(await footprint(expectedSecretId({ integration: "runtime_environment", name: "api-token", context }))).toEqual({
      versions: 0,
      records: 0,
      bindings: 0,
      events: 0,
    });
  });

  it("fails closed with secret_configuration_required without a master key, writing nothing", async () => {
    const context = uniqueProduct("nokey");
    const existing = await writeManagedSecret(db, laneSecret(context));
    setMasterKey(undefined);
    try {
      const fresh = await refusal(() => writeManagedSecret(db, laneSecret(`${context}-new`)));
      expect(fresh.code).toBe("secret_configuration_required");
      expect(fresh.status).toBe(503);
      const rotate = await refusal(() => writeManagedSecret(db, laneSecret(context)));
      expect(rotate.code).toBe("secret_configuration_required");
      setMasterKey("not-a-32-byte-key");
      const invalid = await refusal(() => writeManagedSecret(db, laneSecret(context)));
      expect(invalid.code).toBe("secret_configuration_required");
      expect(invalid.message).not.toContain("not-a-32-byte-key");
    } finally {
      setMasterKey(master.key);
    }
    const newId = expectedSecretId({ integration: "runtime_environment", name: "api-token", context: `${context}-new`, instance: "testing" });
    expect(await footprint(newId)).toEqual({ versions: 0, records: 0, bindings: 0, events: 0 });
    expect(await footprint(existing.secret_id)).toEqual({ versions: 1, records: 1, bindings: 1, events: 1 });
  });
});

describe("after a master key change", () => {
  it("writes a value as a rotation when the current version is sealed under a key no longer configured", async () => {
    const context = uniqueProduct("newkey");
    const input = laneSecret(context);
    const created = await writeManagedSecret(db, input);
    const oldKeyId = (await db.secretVersion.findUnique({ where: { versionId: created.version_id! } }))!.keyId;
    setMasterKey(randomBytes(32).toString("hex"));
    try {
      const rotated = await writeManagedSecret(db, input);
      expect(rotated.action).toBe("rotated");
      const event = await db.secretAuditEvent.findFirst({ where: { secretId: created.secret_id, eventType: "rotated" } });
      expect(event?.payload).toMatchObject({ metadata: { previous_key_id: oldKeyId, previous_version_id: created.version_id } });
      expect((await db.secretVersion.findUnique({ where: { versionId: rotated.version_id! } }))!.keyId).not.toBe(oldKeyId);
      expect((await writeManagedSecret(db, input)).action).toBe("unchanged");
    } finally {
      setMasterKey(master.key);
    }
  });
});

describe("disable, retire, bind and unbind", () => {
  it("disables the record and its bindings; the same value keeps it off, a new value turns it on", async () => {
    const context = uniqueProduct("disable");
    const input = laneSecret(context);
    const { secret_id: secretId, binding_id: bindingId } = await writeManagedSecret(db, input);

    const missingReason = await refusal(() => disableManagedSecret(db, { secret_id: secretId, actor: "operator:alice", reason: " " }));
    expect(missingReason.code).toBe("invalid_request");
    expect(await eventTypes(secretId)).toEqual(["created"]);

    const disabled = await disableManagedSecret(db, { secret_id: secretId, actor: "operator:alice", reason: "key leaked in a log" });
    expect(disabled).toEqual({ status: "ok", secret_id: secretId, action: "disabled", disabled_binding_ids: [bindingId] });
    expect((await db.secret.findUnique({ where: { secretId } }))?.status).toBe("disabled");
    expect((await db.secretBinding.findUnique({ where: { bindingId } }))?.status).toBe("disabled");
    expect(await eventTypes(secretId)).toEqual(["created", "disabled"]);

    expect((await disableManagedSecret(db, { secret_id: secretId, actor: "a", reason: "again" })).action).toBe("unchanged");
    expect((await writeManagedSecret(db, input)).action).toBe("unchanged");
    expect((await db.secret.findUnique({ where: { secretId } }))?.status).toBe("disabled");
    expect(await eventTypes(secretId)).toEqual(["created", "disabled"]);

    const rotated = await writeManagedSecret(db, { ...input, plaintext: uniquePlaintext("fresh") });
    expect(rotated.action).toBe("rotated");
    expect((await db.secret.findUnique({ where: { secretId } }))?.status).toBe("configured");
    expect((await db.secretBinding.findUnique({ where: { bindingId } }))?.status).toBe("configured");
    const rotatedEvent = await db.secretAuditEvent.findFirst({ where: { secretId, eventType: "rotated" } });
    expect(rotatedEvent?.payload).toMatchObject({ metadata: { previous_status: "disabled" } });
  });

  it("retires with a reason and refuses an unknown secret", async () => {
    const context = uniqueProduct("retire");
    const { secret_id: secretId } = await writeManagedSecret(db, laneSecret(context));
    const noReason = await refusal(() => retireManagedSecret(db, { secret_id: secretId, actor: "a", reason: "" }));
    expect(noReason.message).toBe("Retiring a managed secret requires a reason.");
    const retired = await retireManagedSecret(db, { secret_id: secretId, actor: "operator:alice", reason: "context cut over" });
    expect(retired.action).toBe("retired");
    const event = await db.secretAuditEvent.findFirst({ where: { secretId, eventType: "retired" } });
    expect(event?.payload).toMatchObject({ actor: "operator:alice", metadata: { reason: "context cut over", disabled_binding_count: "1" } });
    const unknown = await refusal(() => retireManagedSecret(db, { secret_id: `${secretId}-nope`, actor: "a", reason: "r" }));
    expect(unknown.code).toBe("not_found");
  });

  it("binds and unbinds keys with audit events, idempotently", async () => {
    const context = uniqueProduct("bind");
    const { secret_id: secretId } = await writeManagedSecret(db, laneSecret(context));
    const bound = await bindManagedSecret(db, {
      secret_id: secretId,
      binding_key: "LEGACY_API_TOKEN",
      actor: "operator:alice",
      declared_secret_class: "testing",
    });
    expect(bound).toEqual({ status: "ok", secret_id: secretId, binding_id: `${secretId}-binding-legacy-api-token`, action: "bound" });
    const stored = await db.secretBinding.findUnique({ where: { bindingId: bound.binding_id } });
    expect(stored).toMatchObject({ bindingKey: "LEGACY_API_TOKEN", context, instance: "testing", status: "configured" });
    expect(stored?.payload).toMatchObject({ declared_secret_class: "testing" });
    expect((await bindManagedSecret(db, { secret_id: secretId, binding_key: "LEGACY_API_TOKEN", actor: "b" })).action).toBe(
      "unchanged",
    );

    const unbound = await unbindManagedSecret(db, { secret_id: secretId, binding_key: "LEGACY_API_TOKEN", actor: "c", reason: "renamed" });
    expect(unbound.action).toBe("unbound");
    expect((await db.secretBinding.findUnique({ where: { bindingId: bound.binding_id } }))?.status).toBe("disabled");
    expect((await unbindManagedSecret(db, { secret_id: secretId, binding_key: "LEGACY_API_TOKEN", actor: "c" })).action).toBe(
      "unchanged",
    );
    expect(await eventTypes(secretId)).toEqual(["created", "bound", "unbound"]);

    const missing = await refusal(() => unbindManagedSecret(db, { secret_id: secretId, binding_key: "NEVER_BOUND", actor: "c" }));
    expect(missing.code).toBe("not_found");
  });

  it("refuses to bind a disabled or unknown secret and an invalid classification, writing nothing", async () => {
    const context = uniqueProduct("bindno");
    const { secret_id: laneId } = await writeManagedSecret(db, laneSecret(context));
    await disableManagedSecret(db, { secret_id: laneId, actor: "a", reason: "paused" });
    const before = await footprint(laneId);
    const disabled = await refusal(() => bindManagedSecret(db, { secret_id: laneId, binding_key: "OTHER_KEY", actor: "a" }));
    expect(disabled.code).toBe("invalid_request");
    expect(disabled.message).toContain("is disabled and cannot be bound");
    expect(await footprint(laneId)).toEqual(before);

    const { secret_id: contextId } = await writeManagedSecret(
      db,
      laneSecret(context, { scope: "context", instance: "", name: "shared-token", binding_key: "SHARED_TOKEN" }),
    );
    const beforeClass = await footprint(contextId);
    const classless = await refusal(() =>
      bindManagedSecret(db, { secret_id: contextId, binding_key: "SHARED_TOKEN_2", actor: "a", declared_secret_class: "testing" }),
    );
    expect(classless.code).toBe("invalid_request");
    expect(classless.message).toContain("declared_secret_class requires context and instance");
    expect(await footprint(contextId)).toEqual(beforeClass);

    const unknown = await refusal(() => bindManagedSecret(db, { secret_id: `${laneId}-unknown`, binding_key: "K", actor: "a" }));
    expect(unknown.code).toBe("not_found");
  });
});

describe("status views", () => {
  it("reports version count, last rotation and bindings for a lane, metadata only", async () => {
    const context = uniqueProduct("status");
    const first = await writeManagedSecret(db, laneSecret(context, { actor: "operator:alice" }));
    const second = await writeManagedSecret(db, laneSecret(context, { plaintext: uniquePlaintext("two"), actor: "operator:bob" }));
    const contextWide = await writeManagedSecret(
      db,
      laneSecret(context, { scope: "context", instance: "", name: "smtp", binding_key: "SMTP_PASSWORD" }),
    );
    await writeManagedSecret(db, laneSecret(`${context}-elsewhere`));
    await bindManagedSecret(db, { secret_id: first.secret_id, binding_key: "OLD_TOKEN", actor: "a" });
    await unbindManagedSecret(db, { secret_id: first.secret_id, binding_key: "OLD_TOKEN", actor: "a" });

    const view = await secretStatusForLane(db, context, "testing");
    const mine = view.secrets.filter((secret) => secret.context === context);
    expect(mine.map((secret) => secret.secret_id)).toEqual([first.secret_id, contextWide.secret_id].sort());
    const lane = mine.find((secret) => secret.secret_id === first.secret_id)!;
    const currentVersion = await db.secretVersion.findUnique({ where: { versionId: second.version_id! } });
    expect(lane).toMatchObject({
      version_count: 2,
      current_version_id: second.version_id,
      last_rotated_by: "operator:bob",
      last_rotated_at: currentVersion!.createdAt.toISOString(),
      current_version_created_at: currentVersion!.createdAt.toISOString(),
      status: "configured",
      binding: { binding_key: "API_TOKEN", status: "configured" },
    });
    expect(lane.current_key_id).toMatch(/^master-[0-9a-f]{12}$/);
    expect(lane.bindings.map((binding) => [binding.binding_key, binding.status])).toEqual([
      ["API_TOKEN", "configured"],
      ["OLD_TOKEN", "disabled"],
    ]);
    expect(lane.recent_audit_events.map((event) => event.event_type)).toEqual(["unbound", "bound", "rotated", "created"]);
    expect(view.secrets.some((secret) => secret.context === `${context}-elsewhere`)).toBe(false);

    const single = await secretStatus(db, contextWide.secret_id);
    expect(single).toMatchObject({ scope: "context", version_count: 1, binding: { binding_key: "SMTP_PASSWORD" } });
    expect((await refusal(() => secretStatus(db, `${contextWide.secret_id}-x`))).code).toBe("not_found");
  });

  it("costs the same number of queries whatever the version and event history", async () => {
    const context = uniqueProduct("budget");
    const input = laneSecret(context);
    await writeManagedSecret(db, input);
    resetQueryCount();
    await secretStatusForLane(db, context, "testing");
    const small = queryCount();
    for (let index = 0; index < 8; index += 1) {
      await writeManagedSecret(db, { ...input, plaintext: uniquePlaintext(`v${index}`) });
    }
    resetQueryCount();
    const view = await secretStatusForLane(db, context, "testing");
    expect(queryCount()).toBe(small);
    expect(small).toBeLessThanOrEqual(4);
    const mine = view.secrets.find((secret) => secret.context === context)!;
    expect(mine.version_count).toBe(9);
    expect(mine.recent_audit_events).toHaveLength(5);
  });
});

describe("secret material never leaves", () => {
  it("keeps plaintext and ciphertext out of every result, view and audit payload", async () => {
    const context = uniqueProduct("leak");
    const values = [uniquePlaintext("one"), uniquePlaintext("two"), uniquePlaintext("three")];
    const input = laneSecret(context, { plaintext: values[0]! });
    const outputs: Array<[string, unknown]> = [];
    const created = await writeManagedSecret(db, input);
    outputs.push(["created", created]);
    outputs.push(["unchanged", await writeManagedSecret(db, input)]);
    outputs.push(["rotated", await writeManagedSecret(db, { ...input, plaintext: values[1]! })]);
    outputs.push(["bound", await bindManagedSecret(db, { secret_id: created.secret_id, binding_key: "SECOND_KEY", actor: "a" })]);
    outputs.push(["unbound", await unbindManagedSecret(db, { secret_id: created.secret_id, binding_key: "SECOND_KEY", actor: "a" })]);
    outputs.push(["disabled", await disableManagedSecret(db, { secret_id: created.secret_id, actor: "a", reason: "test" })]);
    outputs.push(["re-enabled", await writeManagedSecret(db, { ...input, plaintext: values[2]! })]);
    outputs.push(["lane status", await secretStatusForLane(db, context, "testing")]);
    outputs.push(["secret status", await secretStatus(db, created.secret_id)]);
    outputs.push(["version metadata", await secretRepository(db).listVersionMetadata(created.secret_id)]);
    outputs.push(["version stats", [...(await secretRepository(db).versionStats([created.secret_id])).values()]]);

    const versions = await db.secretVersion.findMany({ where: { secretId: created.secret_id }, select: { payload: true } });
    const ciphertexts = versions.map((version) => (version.payload as { ciphertext: string }).ciphertext);
    expect(ciphertexts).toHaveLength(3);
    for (const ciphertext of ciphertexts) expect(ciphertext.startsWith("lpenc1.")).toBe(true);
    const needles = [...values, ...ciphertexts.map((ciphertext) => ciphertext.split(".")[2]!), ...ciphertexts.map((c) => c.split(".")[1]!)];

    for (const [where, output] of outputs) expectNoSecretMaterial(output, needles, where);

    const events = await db.secretAuditEvent.findMany({ where: { secretId: created.secret_id }, select: { payload: true } });
    expect(events.map((event) => (event.payload as { event_type: string }).event_type).sort()).toEqual(
      ["bound", "created", "disabled", "rotated", "rotated", "unbound"].sort(),
    );
    for (const event of events) expectNoSecretMaterial(event.payload, needles, "audit event payload");
    const record = await db.secret.findUnique({ where: { secretId: created.secret_id }, select: { payload: true } });
    expectNoSecretMaterial(record?.payload, needles, "secret record payload");
    const bindings = await db.secretBinding.findMany({ where: { secretId: created.secret_id }, select: { payload: true } });
    for (const binding of bindings) expectNoSecretMaterial(binding.payload, needles, "binding payload");
  });
});
