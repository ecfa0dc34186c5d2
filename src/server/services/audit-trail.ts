import { randomBytes } from "node:crypto";

import type { ReadScope } from "@/server/auth/authorize";
import type { Identity, OperatorRole } from "@/server/auth/identity";
import { type AuditActor, type AuditActorKind, AuditEvent } from "@/server/contracts/audit-event";
import { RECORD_ID_PATTERN } from "@/server/contracts/primitives";
import { LaunchplaneError } from "@/server/errors";
import { logger } from "@/server/logger";
import { auditEventRepository } from "@/server/repositories/audit-event-repository";
import type { DbClient } from "@/server/repositories/db-client";
import { isoUtc } from "@/server/repositories/timestamps";

/** The service acting on its own behalf (start-up seeding, scheduled jobs). */
export interface SystemActor {
  kind: "system";
  name: string;
}

export interface AuditInput {
  actor: Identity | SystemActor;
  /** An operator's role at the time, when the caller knows it. */
  actorRole?: OperatorRole;
  action: string;
  product?: string;
  context?: string;
  instance?: string;
  targetType?: string;
  targetId?: string;
  traceId?: string;
  detail: Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Secret hygiene: audit detail never carries secret material (ARCHITECTURE rule 6).
// ---------------------------------------------------------------------------

const SECRET_KEYS = new Set([
  "token",
  "secret",
  "value",
  "values",
  "plaintext",
  "ciphertext",
  "password",
  "passphrase",
  "authorization",
  "cookie",
  "cookies",
  "credential",
  "credentials",
  "private_key",
  "api_key",
  "client_secret",
  "access_token",
  "refresh_token",
  "id_token",
  "bearer",
  "raw_claims",
  "token_prefix",
  "env_text",
  "env_dump",
  "request_body",
]);
const SECRET_SUFFIXES = ["_token", "_secret", "_password", "_passphrase", "_value", "_values", "_private_key", "_api_key"];
const SECRET_PREFIXES = ["plaintext", "ciphertext"];

/** Token-shaped strings: JWTs, bearer headers, GitHub tokens. */
const SECRET_VALUE = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|\bbearer\s+\S{8,}|\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/i;

function normalizedKey(key: string): string {
  return key
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
}

/** Keys whose values may be secret material; identifiers such as `secret_id` stay. */
export function isSecretKey(key: string): boolean {
  const normalized = normalizedKey(key);
  return (
    SECRET_KEYS.has(normalized) ||
    SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix)) ||
    SECRET_PREFIXES.some((prefix) => normalized.startsWith(prefix))
  );
}

/**
 * A JSON copy of `detail` without secret-bearing keys (reported by path) and
 * with token-shaped strings replaced. Non-JSON values (functions, undefined)
 * are dropped; dates become ISO strings.
 */
export function sanitizeAuditDetail(detail: Record<string, unknown>): { detail: Record<string, unknown>; redacted: string[] } {
  const redacted: string[] = [];
  const seen = new WeakSet<object>();
  const visit = (value: unknown, path: string): unknown => {
    if (value === null || typeof value === "boolean") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "string") {
      if (!SECRET_VALUE.test(value)) return value;
      redacted.push(path || "$");
      return "[redacted]";
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoUtc(value);
    if (typeof value !== "object") return undefined;
    if (seen.has(value)) return "[circular]";
    seen.add(value);
    if (Array.isArray(value)) return value.map((item, index) => visit(item, `${path}[${index}]`) ?? null);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key;
      if (isSecretKey(key)) {
        redacted.push(itemPath);
        continue;
      }
      const cleaned = visit(item, itemPath);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return out;
  };
  return { detail: visit(detail, "") as Record<string, unknown>, redacted };
}

// ---------------------------------------------------------------------------
// Writing.
// ---------------------------------------------------------------------------

function auditActor(actor: Identity | SystemActor, role: OperatorRole | undefined): AuditActor {
  if (actor.kind === "system") return { kind: "system", name: actor.name };
  if (actor.kind === "operator") return role ? { kind: "operator", login: actor.login, role } : { kind: "operator", login: actor.login };
  return {
    kind: "workflow",
    repository: actor.repository,
    workflow_ref: actor.workflow_ref,
    job_workflow_ref: actor.job_workflow_ref,
    ref: actor.ref,
    event_name: actor.event_name,
    environment: actor.environment,
    sha: actor.sha,
    run_id: actor.run_id,
    sub: actor.sub,
  };
}

let eventSequence = 0;

/**
 * `audit-<ms since epoch>-<process sequence>-<random>` (hex): events one process
 * records within the same millisecond still sort in the order they happened.
 */
function newEventId(at: Date): string {
  eventSequence = (eventSequence + 1) % 0x1_0000_0000;
  const time = at.getTime().toString(16).padStart(12, "0");
  return `audit-${time}-${eventSequence.toString(16).padStart(8, "0")}-${randomBytes(4).toString("hex")}`;
}

/**
 * Appends one audit event. Call it with the transaction that makes the change,
 * so the event exists exactly when the change does.
 */
export async function recordAudit(tx: DbClient, input: AuditInput): Promise<AuditEvent> {
  const event = buildAuditEvent(input);
  await auditEventRepository(tx).insert(event);
  return event;
}

/** The sanitized event `recordAudit` stores (also written by one-statement paths). */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  const occurredAt = new Date();
  const { detail, redacted } = sanitizeAuditDetail(input.detail);
  if (redacted.length > 0) {
    logger.warn({ action: input.action, redacted_keys: redacted }, "audit detail carried secret-looking fields; removed");
  }
  return AuditEvent.parse({
    schema_version: 1,
    event_id: newEventId(occurredAt),
    occurred_at: isoUtc(occurredAt),
    actor: auditActor(input.actor, input.actorRole),
    action: input.action,
    product: input.product ?? "",
    context: input.context ?? "",
    instance: input.instance ?? "",
    target_type: input.targetType ?? "",
    target_id: input.targetId ?? "",
    trace_id: input.traceId ?? "",
    detail,
    redacted_keys: redacted,
  });
}

// ---------------------------------------------------------------------------
// Reading.
// ---------------------------------------------------------------------------

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export interface AuditQuery {
  actor?: string;
  actorKind?: AuditActorKind;
  product?: string;
  context?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Restricts the page to what the caller may read (DECISIONS 3). */
  scope?: ReadScope;
  cursor?: string | null;
  limit?: number;
}

export interface AuditPage {
  items: AuditEvent[];
  next_cursor: string | null;
}

function encodeCursor(position: { occurredAt: Date; eventId: string }): string {
  return Buffer.from(`${isoUtc(position.occurredAt)}|${position.eventId}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { occurredAt: Date; eventId: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const [at = "", eventId = "", ...rest] = text.split("|");
  const occurredAt = new Date(at);
  if (rest.length > 0 || Number.isNaN(occurredAt.getTime()) || !RECORD_ID_PATTERN.test(eventId)) {
    throw new LaunchplaneError("invalid_request", "cursor is not a valid audit cursor");
  }
  return { occurredAt, eventId };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return AUDIT_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1) throw new LaunchplaneError("invalid_request", "limit must be a positive integer");
  return Math.min(limit, AUDIT_PAGE_MAX);
}

/** One page of audit events, newest first, filtered; `next_cursor` is null on the last page. */
export async function listAuditEvents(db: DbClient, query: AuditQuery = {}): Promise<AuditPage> {
  const take = pageSize(query.limit);
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await auditEventRepository(db).list(
    {
      actor: query.actor,
      actorKind: query.actorKind,
      product: query.product,
      context: query.context,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      scope: query.scope,
      before,
    },
    take + 1,
  );
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => row.event),
    next_cursor: rows.length > take && last ? encodeCursor(last.position) : null,
  };
}
