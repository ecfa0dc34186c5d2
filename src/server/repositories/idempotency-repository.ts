import { buildIdempotencyRecordId } from "@/server/contracts/idempotency-record";
import { asJson, type DbClient } from "@/server/repositories/db-client";

export interface IdempotencyKeyRef {
  scope: string;
  routePath: string;
  idempotencyKey: string;
}

export interface StoredResponse {
  recordId: string;
  fingerprint: string;
  statusCode: number;
  traceId: string;
  /** Zero while the claiming request is still running (never visible outside its transaction). */
  completed: boolean;
  body: Record<string, unknown>;
}

/**
 * Replays of accepted /v1 writes. A request claims its key with an insert at
 * the start of its transaction: a concurrent request with the same key blocks
 * on the unique index until the first commits (then replays it) or rolls back
 * (then claims the key itself). Expired rows are reclaimed in place.
 */
export function idempotencyRepository(db: DbClient) {
  return {
    /** True when this request now owns the key. */
    async claim(ref: IdempotencyKeyRef, fingerprint: string, traceId: string, expiresAt: Date): Promise<boolean> {
      const recordId = buildIdempotencyRecordId({
        scope: ref.scope,
        route_path: ref.routePath,
        idempotency_key: ref.idempotencyKey,
      });
      const rows = await db.$queryRaw<Array<{ record_id: string }>>`
        insert into launchplane_idempotency_records
          (record_id, scope, route_path, idempotency_key, request_fingerprint, response_status_code,
           response_trace_id, recorded_at, expires_at, payload)
        values (${recordId}, ${ref.scope}, ${ref.routePath}, ${ref.idempotencyKey}, ${fingerprint}, 0,
                ${traceId}, now(), ${expiresAt}, '{}'::jsonb)
        on conflict (scope, route_path, idempotency_key) do update
          set record_id = excluded.record_id, request_fingerprint = excluded.request_fingerprint,
              response_status_code = 0, response_trace_id = excluded.response_trace_id,
              recorded_at = now(), expires_at = excluded.expires_at, payload = '{}'::jsonb, stored_at = now()
          where launchplane_idempotency_records.expires_at < now()
        returning record_id`;
      return rows.length === 1;
    },

    /** Stores the accepted response on the claimed row (same transaction). */
    async complete(ref: IdempotencyKeyRef, statusCode: number, traceId: string, body: Record<string, unknown>): Promise<void> {
      await db.idempotencyRecord.update({
        where: { scope_routePath_idempotencyKey: ref },
        data: { responseStatusCode: statusCode, responseTraceId: traceId, payload: asJson(body), recordedAt: new Date() },
      });
    },

    /** Gives a claimed key back (the request is answered but not replayable). */
    async release(ref: IdempotencyKeyRef): Promise<void> {
      await db.idempotencyRecord.delete({ where: { scope_routePath_idempotencyKey: ref } });
    },

    async find(ref: IdempotencyKeyRef): Promise<StoredResponse | null> {
      const row = await db.idempotencyRecord.findUnique({ where: { scope_routePath_idempotencyKey: ref } });
      if (!row) return null;
      return {
        recordId: row.recordId,
        fingerprint: row.requestFingerprint,
        statusCode: row.responseStatusCode,
        traceId: row.responseTraceId,
        completed: row.responseStatusCode !== 0,
        body: row.payload as Record<string, unknown>,
      };
    },

    /** Deletes expired rows; returns how many. */
    async purgeExpired(now = new Date()): Promise<number> {
      const result = await db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: now } } });
      return result.count;
    },
  };
}
