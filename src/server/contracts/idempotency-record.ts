// Idempotency record: stored replay of an accepted /v1 write, and the request fingerprint (SHA-256 of the body's canonical
// JSON, from ./canonical-json) and caller scope that key it.
// Mirrors upstream control_plane/contracts/idempotency_record.py (schema v1).
import { z } from "zod";
import { canonicalJsonSha256, sha256Hex } from "./canonical-json";

/** Idempotency fingerprint of a decoded request body (upstream `_request_fingerprint`). */
export function requestFingerprint(payload: unknown): string {
  return canonicalJsonSha256(payload);
}

/**
 * Caller scope for workflow identities (upstream `_idempotency_scope`):
 * `repository|workflow_ref (or job_workflow_ref)|sub`, each part trimmed.
 */
export function workflowIdempotencyScope(identity: {
  repository: string;
  workflow_ref?: string;
  job_workflow_ref?: string;
  sub: string;
}): string {
  const workflowRef = identity.workflow_ref || identity.job_workflow_ref || "";
  return [identity.repository.trim(), workflowRef.trim(), identity.sub.trim()].join("|");
}

/** `idempotency-<first 24 hex of sha256(scope\nroute\nkey)>` (upstream `build_launchplane_idempotency_record_id`). */
export function buildIdempotencyRecordId(input: {
  scope: string;
  route_path: string;
  idempotency_key: string;
}): string {
  const material = `${input.scope.trim()}\n${input.route_path.trim()}\n${input.idempotency_key.trim()}`;
  return `idempotency-${sha256Hex(material).slice(0, 24)}`;
}

// ---------------------------------------------------------------------------
// The stored record.
// ---------------------------------------------------------------------------

/**
 * Upstream declares this model without `extra="forbid"`, so unknown keys are tolerated (and kept).
 * Its string fields carry no blank checks and `schema_version` has no lower bound.
 */
export const IdempotencyRecord = z.looseObject({
  schema_version: z.number().int().default(1),
  record_id: z.string(),
  scope: z.string(),
  route_path: z.string(),
  idempotency_key: z.string(),
  request_fingerprint: z.string(),
  response_status_code: z.number().int().min(100).max(599),
  response_trace_id: z.string(),
  recorded_at: z.string(),
  response_payload: z.record(z.string(), z.unknown()),
});
export type IdempotencyRecord = z.output<typeof IdempotencyRecord>;
