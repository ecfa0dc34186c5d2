import type { z } from "zod";
import { verifyWorkflowToken } from "@/server/auth/oidc";
import { type Identity, identityScope } from "@/server/auth/identity";
import { requestFingerprint } from "@/server/contracts/idempotency-record";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { type ErrorCode, isLaunchplaneError, LaunchplaneError } from "@/server/errors";
import { parseContract } from "@/server/services/contract-input";
import { PayloadTooLarge, readLimitedBody, parseJson } from "@/server/http/request-body";
import { isPlainParameter } from "@/server/http/storable-text";
import { newTraceId } from "@/server/http/trace-id";
import { acceptedBody, acceptedResponse, okResponse, rejectedResponse, type AcceptedBody, type AuditTarget } from "@/server/http/v1-envelope";
import type { AuditEvent } from "@/server/contracts/audit-event";
import { afterCommit } from "@/server/events/post-commit";
import { logger } from "@/server/logger";
import { buildAuditEvent, recordAudit } from "@/server/services/audit-trail";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { idempotencyRepository, type IdempotencyKeyRef } from "@/server/repositories/idempotency-repository";
import { authorizeIdentity } from "@/server/http/v1-authorization";
import type { V1GetSpec, V1PostSpec } from "@/server/http/v1-catalog";
import { sessionOperator } from "@/server/http/v1-session";

/**
 * The one wrapper every /v1 route file calls. For each request, in this
 * order (DECISIONS 1): trace id → body size limit (413) → authentication is
 * configured (503) → authentication (401) → JSON + contract (400) →
 * authorization against the body's product and context (403) → idempotency
 * replay or 409 → the service, in one transaction with its audit event and
 * idempotency row.
 */
type RouteParams = Record<string, string | string[] | undefined>;
type NextContext = { params: Promise<RouteParams> };
type Handler = (request: Request, context: NextContext) => Promise<Response>;

/** What a request acts on; the action defaults to the route's own. */
export interface Scope {
  action?: string;
  /** Further actions that authorize a write as well (upstream's alternatives); the 403 names the first. */
  alternativeActions?: readonly string[];
  product: string;
  context: string;
}

export interface ReadContext {
  identity: Identity;
  traceId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Throws 403 unless the caller may perform `action` on product/context. */
  authorize(scope: Scope): Promise<void>;
  /** True when the caller may perform `action` on product/context. */
  allows(scope: Scope): Promise<boolean>;
}

export interface GatherContext<B> {
  body: B;
  identity: Identity;
  traceId: string;
}

export interface WriteContext<B, G = undefined> extends GatherContext<B> {
  /** The request's transaction (records, audit event, idempotency row); services join it. */
  db: DbClient;
  /** What `gather` returned. */
  gathered: G;
}

/** The hot path's view of the request's Idempotency-Key, when it has one. */
export interface FastIdempotency {
  ref: IdempotencyKeyRef;
  fingerprint: string;
  traceId: string;
  expiresAt: Date;
  /** The exact body a replay must return for an accepted outcome. */
  responseFor(accepted: AcceptedBody): Record<string, unknown>;
}

export interface FastPathContext<B> extends GatherContext<B> {
  idempotency: FastIdempotency | null;
  /** The audit event of this write, for a one-statement path to store with the records. */
  auditEvent(target: AuditTarget): AuditEvent;
}

export interface PostHandlers<B, G = undefined> {
  /** Rewrites a legacy body before the contract sees it (e.g. stripped upstream fields). */
  prepare?: (raw: unknown) => unknown;
  /** The product and context the body asks to act on (and the action, when it depends on the body). */
  scope: (body: B) => Scope;
  /**
   * Calls to other services (GitHub) that must not hold a transaction open:
   * runs after authorization and outside the idempotency transaction, and
   * is skipped when the key already has a stored answer (a replay or a 409).
   */
  gather?: (context: GatherContext<B>) => Promise<G>;
  handle: (context: WriteContext<B, G>) => Promise<AcceptedBody>;
  /**
   * Optional one-statement path for simply-new evidence, including the
   * idempotency row. It returns null when it wrote nothing and `handle`
   * (the transactional path, which owns every rule) must decide.
   */
  fastPath?: (context: FastPathContext<B>) => Promise<AcceptedBody | null>;
}

export type ReadHandler = (context: ReadContext) => Promise<Record<string, unknown>>;

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** Route exports for every method: the given ones, and 405s for the rest. */
export function v1Methods(handlers: Partial<Record<"GET" | "POST", Handler>>): Record<Method, Handler> {
  const allow = Object.keys(handlers).join(", ");
  const notAllowed: Handler = async (request) => {
    const traceId = newTraceId();
    logRequest(request, traceId, 405, Date.now());
    return rejectedResponse(traceId, "method_not_allowed", `${request.method} is not allowed here; use ${allow}`, {
      headers: { allow },
    });
  };
  const routes: Partial<Record<Method, Handler>> = { ...handlers };
  if (handlers.GET) routes.HEAD = handlers.GET;
  return Object.fromEntries(METHODS.map((method) => [method, routes[method] ?? notAllowed])) as Record<Method, Handler>;
}

export function v1Post<S extends z.ZodType, G = undefined>(spec: V1PostSpec<S>, handlers: PostHandlers<z.output<S>, G>): Handler {
  return async (request) => {
    const traceId = newTraceId();
    const started = Date.now();
    try {
      const text = await readLimitedBody(request, env().LAUNCHPLANE_MAX_BODY_BYTES);
      const identity = await authenticateWorkflow(request);
      const raw = parseJson(text);
      const body = parseContract(spec.request, handlers.prepare ? handlers.prepare(raw) : raw);
      const scope = handlers.scope(body);
      await authorizeAnyAction(identity, scope, spec.action);

      const key = idempotencyKey(request);
      const ref: IdempotencyKeyRef | null = key ? { scope: identityScope(identity), routePath: spec.path, idempotencyKey: key } : null;
      const audit = writeAudit(spec, scope, identity, traceId, key ?? null);
      if (handlers.fastPath) {
        const fastPath = handlers.fastPath;
        const idempotency = ref ? fastIdempotency(ref, body, traceId) : null;
        const accepted = await afterCommit(() => fastPath({ body, identity, traceId, idempotency, auditEvent: audit.event }));
        if (accepted) {
          logRequest(request, traceId, 202, started);
          return acceptedResponse(acceptedBody(traceId, accepted), traceId);
        }
      }
      const gather = onceGathered(handlers.gather, { body, identity, traceId });
      if (handlers.gather && !(ref && (await idempotencyRepository(db()).find(ref)))) await gather();
      // Records, idempotency row and audit event commit together; services join this transaction.
      const write = async (tx: DbClient) => {
        // gather() normally ran above; it runs here only when a stored answer expired in between.
        const outcome = await handlers.handle({ body, identity, traceId, db: tx, gathered: await gather() });
        if (outcome.audit) await audit.record(tx, outcome.audit);
        return outcome;
      };
      const response = ref
        ? await withIdempotency(ref, body, traceId, write)
        : acceptedResponse(acceptedBody(traceId, await afterCommit(() => inTransaction(db(), write))), traceId);
      logRequest(request, traceId, response.status, started);
      return response;
    } catch (error) {
      return failure(request, traceId, started, error);
    }
  };
}

export function v1Get(spec: V1GetSpec, handle: ReadHandler): Handler {
  return async (request, context) => {
    const traceId = newTraceId();
    const started = Date.now();
    try {
      const identity: Identity | null = spec.action === null ? null : await authenticateReader(request);
      const params = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.join("/") : (value ?? "")]),
      );
      const query = new URL(request.url).searchParams;
      requirePlainParameters(params, query);
      const authorize = (scope: Scope) =>
        authorizeIdentity(identity as Identity, { ...scope, action: scope.action ?? spec.action ?? undefined });
      const readContext: ReadContext = {
        identity: identity as Identity,
        traceId,
        params,
        query,
        authorize,
        allows: (scope) =>
          authorize(scope).then(
            () => true,
            () => false,
          ),
      };
      const payload = await handle(readContext);
      const response = okResponse(traceId, payload);
      logRequest(request, traceId, 200, started);
      return response;
    } catch (error) {
      return failure(request, traceId, started, error);
    }
  };
}

/** 403 unless the caller may perform the scope's action or one of its alternatives. */
async function authorizeAnyAction(identity: Identity, scope: Scope, routeAction: string): Promise<void> {
  const { alternativeActions = [], ...target } = scope;
  const primary = target.action ?? routeAction;
  try {
    await authorizeIdentity(identity, { ...target, action: primary });
  } catch (denied) {
    if (!isLaunchplaneError(denied) || denied.code !== "authorization_denied") throw denied;
    for (const action of alternativeActions) {
      if (action === primary) continue;
      const allowed = await authorizeIdentity(identity, { ...target, action }).then(
        () => true,
        (error: unknown) => {
          if (isLaunchplaneError(error) && error.code === "authorization_denied") return false;
          throw error;
        },
      );
      if (allowed) return;
    }
    throw denied;
  }
}

/** `gather` at most once per request (undefined when the route has none). */
function onceGathered<B, G>(gather: PostHandlers<B, G>["gather"], context: GatherContext<B>): () => Promise<G> {
  let result: Promise<G> | undefined;
  return () => (result ??= gather ? gather(context) : Promise.resolve(undefined as G));
}

/**
 * Every accepted write is audited with the workflow identity that made it:
 * the record's provenance (repository, workflow, ref, run) for the console.
 */
function writeAudit(spec: V1PostSpec, scope: Scope, identity: Identity, traceId: string, key: string | null) {
  const input = (target: AuditTarget) => ({
    actor: identity,
    action: scope.action ?? spec.action,
    product: scope.product,
    context: scope.context,
    targetType: target.targetType,
    targetId: target.targetId,
    traceId,
    detail: { route: spec.path, ...(key ? { idempotency_key: key } : {}) },
  });
  return {
    event: (target: AuditTarget) => buildAuditEvent(input(target)),
    record: (tx: DbClient, target: AuditTarget) => recordAudit(tx, input(target)),
  };
}

function expiry(): Date {
  return new Date(Date.now() + env().LAUNCHPLANE_IDEMPOTENCY_TTL_HOURS * 3_600_000);
}

function fastIdempotency(ref: IdempotencyKeyRef, body: unknown, traceId: string): FastIdempotency {
  return {
    ref,
    fingerprint: requestFingerprint(body),
    traceId,
    expiresAt: expiry(),
    responseFor: (accepted) => acceptedBody(traceId, accepted),
  };
}

async function withIdempotency<B>(
  ref: IdempotencyKeyRef,
  body: B,
  traceId: string,
  run: (tx: DbClient) => Promise<AcceptedBody>,
): Promise<Response> {
  const fingerprint = requestFingerprint(body);
  const expiresAt = expiry();
  return afterCommit(() => inTransaction(db(), async (tx) => {
    const repository = idempotencyRepository(tx);
    if (!(await repository.claim(ref, fingerprint, traceId, expiresAt))) {
      const stored = await repository.find(ref);
      if (!stored || !stored.completed) throw new LaunchplaneError("idempotency_key_reused", "this Idempotency-Key is in use");
      if (stored.fingerprint !== fingerprint) {
        throw new LaunchplaneError("idempotency_key_reused", "this Idempotency-Key was used with a different request body");
      }
      return acceptedResponse({ ...stored.body, trace_id: traceId, replayed: true, original_trace_id: stored.traceId }, traceId);
    }
    const outcome = await run(tx);
    const accepted = acceptedBody(traceId, outcome);
    if (outcome.replayable === false) await repository.release(ref);
    else await repository.complete(ref, 202, traceId, accepted);
    return acceptedResponse(accepted, traceId);
  }));
}

/** Keys live in a unique index, so they are bounded and plain: 1-200 printable ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,200}$/;

function idempotencyKey(request: Request): string | undefined {
  const key = request.headers.get("idempotency-key")?.trim();
  if (!key) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new LaunchplaneError("invalid_request", "the Idempotency-Key header must be 1-200 printable ASCII characters");
  }
  return key;
}

/** Path and query values with control characters or broken Unicode name nothing (and would fail in SQL). */
function requirePlainParameters(params: Record<string, string>, query: URLSearchParams): void {
  for (const [name, value] of Object.entries(params)) {
    if (!isPlainParameter(value)) throw new LaunchplaneError("invalid_request", `the path parameter ${name} contains control characters`);
  }
  for (const [name, value] of query) {
    if (!isPlainParameter(name) || !isPlainParameter(value)) {
      throw new LaunchplaneError("invalid_request", "a query parameter contains control characters");
    }
  }
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new LaunchplaneError("authentication_required", "the Authorization header must use the Bearer scheme");
  return match[1];
}

function requireAuthConfigured(): void {
  if (!env().LAUNCHPLANE_OIDC_AUDIENCE) {
    throw new LaunchplaneError("auth_not_configured", "workflow authentication is not configured (LAUNCHPLANE_OIDC_AUDIENCE)");
  }
}

/** Writes need a workflow token; a browser session never authorizes a POST. */
async function authenticateWorkflow(request: Request): Promise<Identity> {
  requireAuthConfigured();
  const token = bearerToken(request);
  if (!token) throw new LaunchplaneError("authentication_required", "a GitHub Actions OIDC bearer token is required");
  return verifyWorkflowToken(token);
}

/** Reads take a workflow token or an operator's console session. */
async function authenticateReader(request: Request): Promise<Identity> {
  requireAuthConfigured();
  const token = bearerToken(request);
  if (token) return verifyWorkflowToken(token);
  const operator = await sessionOperator();
  if (operator) return operator;
  throw new LaunchplaneError("authentication_required", "a GitHub Actions OIDC bearer token or a console session is required");
}

function failure(request: Request, traceId: string, started: number, error: unknown): Response {
  if (isLaunchplaneError(error)) {
    logRequest(request, traceId, error.status, started, error.code);
    // Part of an oversized body was left unread: the connection cannot carry another request.
    const headers = error instanceof PayloadTooLarge && !error.connectionReusable ? { connection: "close" } : undefined;
    return rejectedResponse(traceId, error.code, error.message, { details: error.details, headers });
  }
  const code: ErrorCode = isDatabaseUnavailable(error) ? "database_required" : "internal_error";
  logger.error(
    { trace_id: traceId, route: new URL(request.url).pathname, err: error instanceof Error ? error.message : String(error) },
    "request failed",
  );
  logRequest(request, traceId, code === "database_required" ? 503 : 500, started, code);
  const message = code === "database_required" ? "the database is unavailable" : "internal error";
  return rejectedResponse(traceId, code, message);
}

/**
 * Connection failures mean 503, not 500: the server refused, reset or closed
 * the connection, timed out, is starting up or shutting down, does not accept
 * connections to this database (or it is gone), or the pool is exhausted.
 * Prisma, its pg adapter and pg report these in different shapes, so the
 * error, its `cause` chain and the adapter's mapped error are all checked.
 */
const UNAVAILABLE_CODES = new Set([
  // Prisma: can't reach, timed out, no such database, operation timed out, connection closed, pool timeout, too many connections
  ...["P1001", "P1002", "P1003", "P1008", "P1017", "P2024", "P2037"],
  // sockets
  ...["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"],
  // PostgreSQL: admin or crash shutdown, cannot connect now, too many connections, no such database
  ...["57P01", "57P02", "57P03", "53300", "3D000"],
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|Can't reach database|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Timed out fetching a new connection|Server has closed the connection|DatabaseNotReachable|ConnectionClosed|SocketTimeout/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth += 1) {
    const candidate = current as {
      code?: unknown;
      kind?: unknown;
      originalCode?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: unknown } };
      cause?: unknown;
    };
    const codes = [candidate.code, candidate.originalCode].filter((code): code is string => typeof code === "string");
    if (codes.some((code) => UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
    current = candidate.meta?.driverAdapterError?.cause ?? candidate.cause;
  }
  return false;
}

function logRequest(request: Request, traceId: string, status: number, started: number, code?: string): void {
  logger.info({
    trace_id: traceId,
    method: request.method,
    route: new URL(request.url).pathname,
    status,
    duration_ms: Date.now() - started,
    ...(code ? { code } : {}),
  });
}
