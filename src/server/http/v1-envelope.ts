import { ERROR_STATUS, type ErrorCode } from "@/server/errors";

/**
 * The /v1 wire envelope: accepted writes (202), reads (200) and rejections,
 * each carrying the request's trace id (also echoed in a header).
 */
const TRACE_HEADER = "x-launchplane-trace-id";

function json(body: unknown, status: number, traceId: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", [TRACE_HEADER]: traceId, ...headers },
  });
}

/** The record an accepted write is audited against. */
export interface AuditTarget {
  targetType: string;
  targetId: string;
}

export interface AcceptedBody {
  /** Set when the write changed something; duplicates that wrote nothing are not audited. */
  audit?: AuditTarget | null;
  records: Record<string, string>;
  result?: Record<string, unknown>;
  /** False for dry runs: they are answered but never stored as idempotency replays (DECISIONS 9). */
  replayable?: boolean;
}

export function acceptedBody(traceId: string, body: AcceptedBody): Record<string, unknown> {
  return { status: "accepted", trace_id: traceId, records: body.records, ...(body.result ? { result: body.result } : {}) };
}

export function acceptedResponse(body: Record<string, unknown>, traceId: string): Response {
  return json(body, 202, traceId);
}

export function okResponse(traceId: string, payload: Record<string, unknown>): Response {
  return json({ status: "ok", trace_id: traceId, ...payload }, 200, traceId);
}

export function rejectedResponse(
  traceId: string,
  code: ErrorCode,
  message: string,
  options: { headers?: Record<string, string>; details?: unknown } = {},
): Response {
  const error: Record<string, unknown> = { code, message };
  if (options.details !== undefined) error.details = options.details;
  return json({ status: "rejected", trace_id: traceId, error }, ERROR_STATUS[code], traceId, options.headers);
}
