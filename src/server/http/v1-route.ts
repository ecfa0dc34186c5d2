import type { z } from "zod";
import { verifyWorkflowToken } from "@/server/auth/oidc";
import { type Identity, identityScope } from "@/server/auth/identity";
import { requestFingerprint } from "@/server/contracts/idempotency-record";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { type ErrorCode, isLaunchplaneError, LaunchplaneError } from "@/server/errors";
import { parseContract } from "@/server/http/contract-errors";
import { readLimitedBody, parseJson } from "@/server/http/request-body";
import { newTraceId } from "@/server/http/trace-id";
import { acceptedBody, acceptedResponse, okResponse, rejectedResponse, type AcceptedBody } from "@/server/http/v1-envelope";
import { afterCommit } from "@/server/events/post-commit";
import { logger } from "@/server/logger";
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
 * replay or 409 → the service, in one transaction with the idempotency row.
 */
type RouteParams = Record<string, string | string[] | undefined>;
type NextContext = { params: Promise<RouteParams> };
type Handler = (request: Request, context: NextContext) => Promise<Response>;

/** What a request acts on; the action defaults to the route's own. */
export interface Scope {
  action?: string;
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

export interface WriteContext<B> {
  body: B;
  identity: Identity;
  traceId: string;
  /** A transaction when the request carries an Idempotency-Key; services join it. */
  db: DbClient;
}

export interface PostHandlers<B> {
  /** Rewrites a legacy body before the contract sees it (e.g. stripped upstream fields). */
  prepare?: (raw: unknown) => unknown;
  /** The product and context the body asks to act on (and the action, when it depends on the body). */
  scope: (body: B) => Scope;
  handle: (context: WriteContext<B>) => Promise<AcceptedBody>;
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

export function v1Post<S extends z.ZodType>(spec: V1PostSpec<S>, handlers: PostHandlers<z.output<S>>): Handler {
  return async (request) => {
    const traceId = newTraceId();
    const started = Date.now();
    try {
      const text = await readLimitedBody(request, env().LAUNCHPLANE_MAX_BODY_BYTES);
      const identity = await authenticateWorkflow(request);
      const raw = parseJson(text);
      const body = parseContract(spec.request, handlers.prepare ? handlers.prepare(raw) : raw);
      const scope = handlers.scope(body);
      await authorizeIdentity(identity, { ...scope, action: scope.action ?? spec.action });

      const key = request.headers.get("idempotency-key")?.trim();
      const response = key
        ? await withIdempotency({ scope: identityScope(identity), routePath: spec.path, idempotencyKey: key }, body, traceId, (tx) =>
            handlers.handle({ body, identity, traceId, db: tx }),
          )
        : acceptedResponse(
            acceptedBody(traceId, await afterCommit(() => handlers.handle({ body, identity, traceId, db: db() }))),
            traceId,
          );
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
      const params = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.join("/") : (value ?? "")]),
      );
      const query = new URL(request.url).searchParams;
      const identity: Identity | null = spec.action === null ? null : await authenticateReader(request);
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

async function withIdempotency<B>(
  ref: IdempotencyKeyRef,
  body: B,
  traceId: string,
  run: (tx: DbClient) => Promise<AcceptedBody>,
): Promise<Response> {
  const fingerprint = requestFingerprint(body);
  const expiresAt = new Date(Date.now() + env().LAUNCHPLANE_IDEMPOTENCY_TTL_HOURS * 3_600_000);
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
    return rejectedResponse(traceId, error.code, error.message, { details: error.details });
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

/** Connection failures (refused, reset, timed out) mean 503, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? "")}` : "";
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|Can't reach database|P1001|P1017|DatabaseNotReachable|database_required/i.test(
    text,
  );
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
