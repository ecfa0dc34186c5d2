import {
  expectedSecretBindingId,
  expectedSecretId,
  newSecretAuditEventId,
  newSecretVersionId,
  SecretRecord,
  type SecretScope,
  type SecretStatus,
  type SecretStatusSummary,
  SecretVersion,
  type SecretVersionMetadata,
  type SecretWriteAction,
} from "@/server/contracts/secret";
import { canonicalJson } from "@/server/contracts/canonical-json";
import { SecretAuditEvent, type SecretEventType, secretAuditEventLeaks } from "@/server/contracts/secret-audit-event";
import { SecretBinding, type SecretSharingReason } from "@/server/contracts/secret-binding";
import type { RuntimeSecretClass } from "@/server/contracts/runtime-key-safety-policy";
import { isLaunchplaneError, LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { secretAuditEventRepository } from "@/server/repositories/secret-audit-event-repository";
import { secretBindingRepository } from "@/server/repositories/secret-binding-repository";
import { type SecretNaturalKey, secretRepository } from "@/server/repositories/secret-repository";
import { isoUtc } from "@/server/repositories/timestamps";
import { parseContract } from "@/server/services/contract-input";
import {
  decryptSecretValue,
  encryptSecretValue,
  requireMasterKey,
  sameSecretValue,
} from "@/server/services/secret-encryption";

/*
 * Managed secrets: write-only values encrypted at rest, their env-key bindings and their audit
 * trail. Every multi-row change runs in one transaction, serialized per secret. Nothing here
 * returns, logs or audits a plaintext or ciphertext; status views are metadata only.
 *
 * Write semantics (upstream `write_secret_value`, one transaction instead of four writes):
 *  - same plaintext as the current version -> "unchanged": no version, no record change and no
 *    value audit event (upstream writes none either). If the binding was missing or disabled it
 *    is (re)configured and that binding change is audited as "bound". A disabled secret stays
 *    disabled and untouched: only a new value turns it back on.
 *  - a new value -> a new version, the record points at it and is configured again (a write
 *    re-enables a disabled secret, as upstream), the binding is configured, and one "created"
 *    (first write) or "rotated" event is written.
 */

const DEFAULT_SOURCE_LABEL = "manual";
/** Shorter values would match ordinary words in labels; the check is a net, not a filter. */
const MIN_ECHO_CHECK_LENGTH = 8;

export interface ManagedSecretWriteInput {
  scope: SecretScope;
  integration: string;
  name: string;
  context?: string;
  instance?: string;
  plaintext: string;
  binding_key: string;
  description?: string;
  actor: string;
  source_label?: string;
  /** Optional key-safety class for a secret stored on one exact lane; kept across rotations. */
  declared_secret_class?: RuntimeSecretClass | null;
  sharing_reason?: SecretSharingReason | null;
  /** Product the write was authorized for; names the live update only. */
  product?: string;
}

export interface ManagedSecretWriteResult {
  status: "ok";
  secret_id: string;
  action: SecretWriteAction;
  /** The new version (created/rotated only). */
  version_id?: string;
  binding_id: string;
}

export async function writeManagedSecret(db: DbClient, input: ManagedSecretWriteInput): Promise<ManagedSecretWriteResult> {
  if (typeof input.plaintext !== "string" || !input.plaintext.trim()) {
    throw new LaunchplaneError("invalid_request", "Launchplane managed secrets require a non-empty plaintext value.");
  }
  requireMasterKey();
  const plaintext = input.plaintext;
  const sourceLabel = input.source_label?.trim() || DEFAULT_SOURCE_LABEL;
  refuseEchoedPlaintext(plaintext, {
    name: input.name,
    integration: input.integration,
    context: input.context,
    instance: input.instance,
    binding_key: input.binding_key,
    description: input.description,
    source_label: sourceLabel,
    actor: input.actor,
  });
  const key: SecretNaturalKey = {
    scope: input.scope,
    integration: input.integration.trim(),
    name: input.name.trim(),
    context: input.context?.trim() ?? "",
    instance: input.instance?.trim() ?? "",
  };
  const bindingKey = input.binding_key?.trim() ?? "";
  if (!bindingKey) throw new LaunchplaneError("invalid_request", "Managed secret writes require binding_key.");
  const now = isoUtc();
  // Scope rules (context/instance per scope, non-blank names) are refused before any read.
  parseContract(
    SecretRecord,
    { schema_version: 1, secret_id: expectedSecretId(key), ...key, current_version_id: "pending", created_at: now, updated_at: now },
    "managed secret",
  );

  const result = await inTransaction(db, async (tx) => {
    const secrets = secretRepository(tx);
    const bindings = secretBindingRepository(tx);
    const audit = secretAuditEventRepository(tx);

    await secrets.lockNaturalKey(key);
    const existing = await secrets.findByNaturalKey(key);
    const secretId = existing?.secret_id ?? expectedSecretId(key);
    await secrets.lockSecret(secretId);
    if (!existing && (await secrets.find(secretId))) {
      throw new LaunchplaneError(
        "record_conflict",
        `Managed secret id ${secretId} already belongs to a secret with another scope, integration, name, context or instance.`,
      );
    }
    const bindingId = expectedSecretBindingId(secretId, bindingKey);
    const currentBinding = await bindings.find(bindingId);

    const bindingFor = (record: SecretRecord): SecretBinding =>
      parseContract(
        SecretBinding,
        {
          schema_version: 1,
          binding_id: bindingId,
          secret_id: secretId,
          integration: record.integration,
          binding_type: "env",
          binding_key: bindingKey,
          context: record.context,
          instance: record.instance,
          status: "configured",
          declared_secret_class:
            input.declared_secret_class !== undefined ? input.declared_secret_class : currentBinding?.declared_secret_class,
          sharing_reason: input.sharing_reason !== undefined ? input.sharing_reason : currentBinding?.sharing_reason,
          created_at: currentBinding?.created_at ?? record.created_at,
          updated_at: now,
        },
        "managed secret binding",
      );

    const current = existing ? await secrets.readCurrentVersionForDecryption(secretId) : null;
    const currentValue = current ? currentValueOrNull(current) : null;
    if (existing) {
      if (currentValue !== null && sameSecretValue(currentValue, plaintext)) {
        // A disabled secret stays off until a new value is written: re-sending the old value
        // (a retried workflow) must not undo an operator's decision.
        if (existing.status !== "configured") {
          return { status: "ok" as const, secret_id: secretId, action: "unchanged" as const, binding_id: bindingId };
        }
        const binding = bindingFor(existing);
        const bindingChanged = !currentBinding || !sameBindingState(currentBinding, binding);
        if (bindingChanged) {
          await bindings.upsert(binding);
          await audit.insertMany([
            auditEvent(secretId, "bound", input.actor, now, `Launchplane bound a managed secret from ${sourceLabel}.`, {
              source: sourceLabel,
              binding_id: bindingId,
              binding_key: bindingKey,
            }),
          ]);
        }
        return { status: "ok" as const, secret_id: secretId, action: "unchanged" as const, binding_id: bindingId };
      }
    }

    const action: SecretWriteAction = existing ? "rotated" : "created";
    const versionId = newSecretVersionId(secretId);
    const sealed = encryptSecretValue(plaintext, { secretId, versionId });
    const version = parseContract(
      SecretVersion,
      {
        schema_version: 1,
        version_id: versionId,
        secret_id: secretId,
        created_at: now,
        created_by: input.actor,
        ...sealed,
      },
      "managed secret version",
    );
    const record = parseContract(
      SecretRecord,
      {
        schema_version: 1,
        secret_id: secretId,
        ...key,
        description: input.description ?? existing?.description ?? "",
        policy: "write_only",
        status: "configured",
        current_version_id: versionId,
        created_at: existing?.created_at ?? now,
        updated_at: now,
        last_validated_at: existing?.last_validated_at ?? "",
        updated_by: input.actor,
      },
      "managed secret",
    );
    const binding = bindingFor(record);
    const metadata: Record<string, string> = {
      source: sourceLabel,
      binding_key: bindingKey,
      binding_id: bindingId,
      version_id: versionId,
      key_id: version.key_id,
    };
    if (existing) {
      metadata.previous_version_id = existing.current_version_id;
      if (current) metadata.previous_key_id = current.key_id;
      if (existing.status !== "configured") metadata.previous_status = existing.status;
    }
    const event = auditEvent(secretId, action, input.actor, now, `Launchplane ${action} managed secret from ${sourceLabel}.`, metadata);

    await secrets.insertVersion(version);
    await secrets.upsert(record);
    await bindings.upsert(binding);
    await audit.insertMany([event]);
    return { status: "ok" as const, secret_id: secretId, action, version_id: versionId, binding_id: bindingId };
  });

  if (result.action !== "unchanged") publishSecretEvent(input.product, result.secret_id, key.context, key.instance);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Disable / retire
// ---------------------------------------------------------------------------------------------

export interface ManagedSecretStateChange {
  secret_id: string;
  actor: string;
  reason: string;
  product?: string;
}

export interface ManagedSecretStateResult {
  status: "ok";
  secret_id: string;
  action: "disabled" | "retired" | "unchanged";
  disabled_binding_ids: string[];
}

/**
 * Turns a secret off: the record and every configured binding become `disabled` (resolution
 * and readiness stop treating them as usable), with one "disabled" audit event. A later write
 * of a new value configures it again.
 */
export function disableManagedSecret(db: DbClient, change: ManagedSecretStateChange): Promise<ManagedSecretStateResult> {
  return switchOffSecret(db, change, "disabled");
}

/**
 * Retires a secret that is no longer needed (e.g. a legacy context after cutover). The record
 * model has no retired status, so the state change is the same as disabling; the "retired"
 * event records that it was a permanent decision, not a pause.
 */
export function retireManagedSecret(db: DbClient, change: ManagedSecretStateChange): Promise<ManagedSecretStateResult> {
  return switchOffSecret(db, change, "retired");
}

async function switchOffSecret(
  db: DbClient,
  change: ManagedSecretStateChange,
  eventType: "disabled" | "retired",
): Promise<ManagedSecretStateResult> {
  const reason = change.reason?.trim() ?? "";
  const verb = eventType === "disabled" ? "Disabling" : "Retiring";
  if (!reason) throw new LaunchplaneError("invalid_request", `${verb} a managed secret requires a reason.`);
  const now = isoUtc();

  const result = await inTransaction(db, async (tx) => {
    const secrets = secretRepository(tx);
    const bindings = secretBindingRepository(tx);
    await secrets.lockSecret(change.secret_id);
    const record = await secrets.find(change.secret_id);
    if (!record) throw new LaunchplaneError("not_found", `Managed secret ${change.secret_id} was not found.`);
    const configured = (await bindings.listForSecrets([record.secret_id])).filter((binding) => binding.status === "configured");
    if (record.status === "disabled" && configured.length === 0) {
      return { record, action: "unchanged" as const, disabled: [] as string[] };
    }
    await secrets.upsert({ ...record, status: "disabled", updated_at: now, updated_by: change.actor });
    for (const binding of configured) await bindings.upsert({ ...binding, status: "disabled", updated_at: now });
    const disabled = configured.map((binding) => binding.binding_id);
    await secretAuditEventRepository(tx).insertMany([
      auditEvent(record.secret_id, eventType, change.actor, now, `Launchplane ${eventType} a managed secret.`, {
        reason,
        previous_status: record.status,
        disabled_binding_count: String(disabled.length),
        disabled_binding_ids: disabled.join(","),
      }),
    ]);
    return { record, action: eventType, disabled };
  });

  if (result.action !== "unchanged") {
    publishSecretEvent(change.product, result.record.secret_id, result.record.context, result.record.instance);
  }
  return { status: "ok", secret_id: result.record.secret_id, action: result.action, disabled_binding_ids: result.disabled };
}

// ---------------------------------------------------------------------------------------------
// Bind / unbind
// ---------------------------------------------------------------------------------------------

export interface ManagedSecretBindInput {
  secret_id: string;
  binding_key: string;
  actor: string;
  declared_secret_class?: RuntimeSecretClass | null;
  sharing_reason?: SecretSharingReason | null;
  product?: string;
}

export interface ManagedSecretUnbindInput {
  secret_id: string;
  binding_key: string;
  actor: string;
  reason?: string;
  product?: string;
}

export interface ManagedSecretBindingResult {
  status: "ok";
  secret_id: string;
  binding_id: string;
  action: "bound" | "unbound" | "unchanged";
}

/**
 * Binds a configured secret to an env key on the secret's own integration/context/instance
 * (binding id `<secret_id>-binding-<slug(key)>`), audited as "bound". A disabled secret is
 * refused: binding it would advertise a value resolution will not deliver.
 */
export async function bindManagedSecret(db: DbClient, input: ManagedSecretBindInput): Promise<ManagedSecretBindingResult> {
  const bindingKey = input.binding_key?.trim() ?? "";
  if (!bindingKey) throw new LaunchplaneError("invalid_request", "Managed secret bindings require binding_key.");
  const now = isoUtc();

  const result = await inTransaction(db, async (tx) => {
    const secrets = secretRepository(tx);
    const bindings = secretBindingRepository(tx);
    await secrets.lockSecret(input.secret_id);
    const record = await secrets.find(input.secret_id);
    if (!record) throw new LaunchplaneError("not_found", `Managed secret ${input.secret_id} was not found.`);
    if (record.status !== "configured") {
      throw new LaunchplaneError(
        "invalid_request",
        `Managed secret ${record.secret_id} is disabled and cannot be bound; write a new value to configure it first.`,
      );
    }
    const bindingId = expectedSecretBindingId(record.secret_id, bindingKey);
    const current = await bindings.find(bindingId);
    const binding = parseContract(
      SecretBinding,
      {
        schema_version: 1,
        binding_id: bindingId,
        secret_id: record.secret_id,
        integration: record.integration,
        binding_type: "env",
        binding_key: bindingKey,
        context: record.context,
        instance: record.instance,
        status: "configured",
        declared_secret_class:
          input.declared_secret_class !== undefined ? input.declared_secret_class : current?.declared_secret_class,
        sharing_reason: input.sharing_reason !== undefined ? input.sharing_reason : current?.sharing_reason,
        created_at: current?.created_at ?? now,
        updated_at: now,
      },
      "managed secret binding",
    );
    if (current && sameBindingState(current, binding)) {
      return { record, bindingId, action: "unchanged" as const };
    }
    await bindings.upsert(binding);
    const metadata: Record<string, string> = {
      binding_id: bindingId,
      binding_key: bindingKey,
      integration: record.integration,
      context: record.context,
      instance: record.instance,
    };
    if (binding.declared_secret_class) metadata.declared_secret_class = binding.declared_secret_class;
    if (binding.sharing_reason) metadata.sharing_kind = binding.sharing_reason.kind;
    await secretAuditEventRepository(tx).insertMany([
      auditEvent(record.secret_id, "bound", input.actor, now, "Launchplane bound a managed secret.", metadata),
    ]);
    return { record, bindingId, action: "bound" as const };
  });

  if (result.action !== "unchanged") {
    publishSecretEvent(input.product, result.record.secret_id, result.record.context, result.record.instance);
  }
  return { status: "ok", secret_id: result.record.secret_id, binding_id: result.bindingId, action: result.action };
}

/** Disables one binding of a secret (the row stays, as evidence), audited as "unbound". */
export async function unbindManagedSecret(db: DbClient, input: ManagedSecretUnbindInput): Promise<ManagedSecretBindingResult> {
  const bindingKey = input.binding_key?.trim() ?? "";
  if (!bindingKey) throw new LaunchplaneError("invalid_request", "Managed secret unbinding requires binding_key.");
  const now = isoUtc();

  const result = await inTransaction(db, async (tx) => {
    const secrets = secretRepository(tx);
    const bindings = secretBindingRepository(tx);
    await secrets.lockSecret(input.secret_id);
    const bindingId = expectedSecretBindingId(input.secret_id, bindingKey);
    const current = await bindings.find(bindingId);
    if (!current) {
      throw new LaunchplaneError("not_found", `Managed secret ${input.secret_id} has no binding for ${bindingKey}.`);
    }
    if (current.status === "disabled") return { binding: current, action: "unchanged" as const };
    await bindings.upsert({ ...current, status: "disabled", updated_at: now });
    const metadata: Record<string, string> = { binding_id: bindingId, binding_key: bindingKey };
    if (input.reason?.trim()) metadata.reason = input.reason.trim();
    await secretAuditEventRepository(tx).insertMany([
      auditEvent(current.secret_id, "unbound", input.actor, now, "Launchplane unbound a managed secret.", metadata),
    ]);
    return { binding: current, action: "unbound" as const };
  });

  if (result.action !== "unchanged") {
    publishSecretEvent(input.product, result.binding.secret_id, result.binding.context, result.binding.instance);
  }
  return { status: "ok", secret_id: result.binding.secret_id, binding_id: result.binding.binding_id, action: result.action };
}

// ---------------------------------------------------------------------------------------------
// Status views (metadata only)
// ---------------------------------------------------------------------------------------------

export interface SecretBindingStatus {
  binding_id: string;
  binding_key: string;
  integration: string;
  status: SecretStatus;
  context: string;
  instance: string;
  declared_secret_class: string;
  updated_at: string;
}

/** Upstream's redacted summary plus rotation metadata and every binding's status. */
export interface ManagedSecretStatus extends SecretStatusSummary {
  /** When the current value was written (= current_version_created_at) and by whom. */
  last_rotated_at: string;
  last_rotated_by: string;
  current_key_id: string;
  bindings: SecretBindingStatus[];
}

export interface LaneSecretStatus {
  context: string;
  instance: string;
  secrets: ManagedSecretStatus[];
}

const RECENT_AUDIT_EVENTS = 5;

/**
 * Metadata of every secret that reaches a lane (global, the lane context's, the lane's own):
 * version count, last rotation, bindings and the last audit events. Four queries whatever the
 * number of versions or events; no plaintext, ciphertext or prefix of either.
 */
export async function secretStatusForLane(db: DbClient, context: string, instance: string): Promise<LaneSecretStatus> {
  const records = await secretRepository(db).listForLane(context, instance);
  return { context, instance, secrets: await statusOf(db, records) };
}

/** The metadata view of one secret; 404 when it does not exist. */
export async function secretStatus(db: DbClient, secretId: string): Promise<ManagedSecretStatus> {
  const record = await secretRepository(db).find(secretId);
  if (!record) throw new LaunchplaneError("not_found", `Managed secret ${secretId} was not found.`);
  const [status] = await statusOf(db, [record]);
  return status!;
}

async function statusOf(db: DbClient, records: SecretRecord[]): Promise<ManagedSecretStatus[]> {
  if (records.length === 0) return [];
  const ids = records.map((record) => record.secret_id);
  const [stats, bindings, recent] = await Promise.all([
    secretRepository(db).versionStats(ids),
    secretBindingRepository(db).listForSecrets(ids),
    secretAuditEventRepository(db).recentForSecrets(ids, RECENT_AUDIT_EVENTS),
  ]);
  return records.map((record) => {
    const versionStats = stats.get(record.secret_id);
    const current: SecretVersionMetadata | null = versionStats?.currentVersion ?? null;
    const own = bindings.filter((binding) => binding.secret_id === record.secret_id);
    const configured = own.find((binding) => binding.status === "configured") ?? null;
    return {
      secret_id: record.secret_id,
      scope: record.scope,
      integration: record.integration,
      name: record.name,
      context: record.context,
      instance: record.instance,
      policy: record.policy,
      status: record.status,
      description: record.description,
      created_at: record.created_at,
      updated_at: record.updated_at,
      updated_by: record.updated_by,
      last_validated_at: record.last_validated_at,
      current_version_id: record.current_version_id,
      version_count: versionStats?.versionCount ?? 0,
      current_version_created_at: current?.created_at ?? "",
      binding: configured
        ? {
            binding_id: configured.binding_id,
            binding_type: configured.binding_type,
            binding_key: configured.binding_key,
            status: configured.status,
            context: configured.context,
            instance: configured.instance,
            updated_at: configured.updated_at,
          }
        : null,
      recent_audit_events: (recent.get(record.secret_id) ?? []).map((event) => ({
        event_id: event.event_id,
        event_type: event.event_type,
        recorded_at: event.recorded_at,
        actor: event.actor,
        detail: event.detail,
        metadata: { ...event.metadata },
      })),
      last_rotated_at: current?.created_at ?? "",
      last_rotated_by: current?.created_by ?? "",
      current_key_id: current?.key_id ?? "",
      bindings: own.map((binding) => ({
        binding_id: binding.binding_id,
        binding_key: binding.binding_key,
        integration: binding.integration,
        status: binding.status,
        context: binding.context,
        instance: binding.instance,
        declared_secret_class: binding.declared_secret_class ?? "",
        updated_at: binding.updated_at,
      })),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** Bindings that differ only in timestamps are the same state (no write, no event). */
function sameBindingState(left: SecretBinding, right: SecretBinding): boolean {
  const strip = ({ updated_at: _updated, created_at: _created, ...rest }: SecretBinding) => rest;
  return canonicalJson(presentFields(strip(left))) === canonicalJson(presentFields(strip(right)));
}

/** A missing field and a null one say the same. */
function presentFields(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && item !== null));
}

/**
 * The current value, or null when it is sealed under a key that is no longer configured (after
 * a master key change): a new value can then still be written, as a rotation. A ciphertext
 * that fails integrity checks is not "different", it is damage, and stops the write.
 */
function currentValueOrNull(version: SecretVersion): string | null {
  try {
    return decryptSecretValue(version);
  } catch (error) {
    if (isLaunchplaneError(error) && error.code === "secret_configuration_required") return null;
    throw error;
  }
}

/**
 * Builds an audit event and refuses to persist one that would carry ciphertext or token
 * material (a programming error, so it fails the whole transaction).
 */
function auditEvent(
  secretId: string,
  eventType: SecretEventType,
  actor: string,
  recordedAt: string,
  detail: string,
  metadata: Record<string, string>,
): SecretAuditEvent {
  const event = SecretAuditEvent.parse({
    schema_version: 1,
    event_id: newSecretAuditEventId(secretId, eventType),
    secret_id: secretId,
    event_type: eventType,
    recorded_at: recordedAt,
    actor,
    detail,
    metadata,
  });
  const leaks = secretAuditEventLeaks(event);
  if (leaks.length > 0) {
    throw new LaunchplaneError("internal_error", `Refused to record a secret audit event: ${leaks.join("; ")}.`);
  }
  return event;
}

/**
 * Labels, names and descriptions end up in records, audit events and views; a value pasted
 * into one of them would leak there. Refused before anything is written. The message names
 * the field, never the value.
 */
function refuseEchoedPlaintext(plaintext: string, fields: Record<string, string | undefined>): void {
  const value = plaintext.trim();
  if (value.length < MIN_ECHO_CHECK_LENGTH) return;
  for (const [field, text] of Object.entries(fields)) {
    if (text && text.includes(value)) {
      throw new LaunchplaneError("invalid_request", `Managed secret ${field} must not contain the secret value.`);
    }
  }
}

function publishSecretEvent(product: string | undefined, secretId: string, context: string, instance: string): void {
  void publishRecordEvent({
    kind: "managed_secret",
    product: product ?? "",
    id: secretId,
    ...(context ? { context } : {}),
    ...(instance ? { instance } : {}),
  });
}

/**
 * Hands a configured secret's plaintext to server-side code that must use it
 * now (a notification driver posting to a webhook, a GitHub call) and records
 * a `plaintext_resolved` audit event naming who asked and why — never the
 * value. Disabled or unknown secrets resolve to null, so callers fail closed.
 */
export async function resolveManagedSecretValue(
  db: DbClient,
  secretId: string,
  purpose: { actor: string; destination: string },
): Promise<string | null> {
  return inTransaction(db, async (tx) => {
    const secrets = secretRepository(tx);
    const record = await secrets.find(secretId);
    if (!record || record.status !== "configured") return null;
    const version = await secrets.readCurrentVersionForDecryption(secretId);
    if (!version) return null;
    const plaintext = decryptSecretValue(version);
    await secretAuditEventRepository(tx).insertMany([
      auditEvent(secretId, "plaintext_resolved", purpose.actor, isoUtc(), `Launchplane resolved a managed secret for ${purpose.destination}.`, {
        destination: purpose.destination,
        version_id: version.version_id,
      }),
    ]);
    return plaintext;
  });
}
