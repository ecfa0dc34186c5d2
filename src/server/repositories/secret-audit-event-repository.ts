import type { SecretAuditEvent } from "@/server/contracts/secret-audit-event";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

/** Secret audit events: append-only evidence. Rows are never updated or deleted. */
export function secretAuditEventRepository(db: DbClient) {
  return {
    /** Inserts events; an event id that already exists is left as stored. Returns how many were new. */
    async insertMany(events: SecretAuditEvent[]): Promise<number> {
      if (events.length === 0) return 0;
      const created = await db.secretAuditEvent.createMany({
        data: events.map((event) => ({
          eventId: event.event_id,
          secretId: event.secret_id,
          eventType: event.event_type,
          recordedAt: requiredDate(event.recorded_at, "secret audit event recorded_at"),
          payload: asJson(event),
        })),
        skipDuplicates: true,
      });
      return created.count;
    },

    /** One secret's events, newest first. */
    async listForSecret(secretId: string, take = 50): Promise<SecretAuditEvent[]> {
      const rows = await db.secretAuditEvent.findMany({
        where: { secretId },
        orderBy: [{ recordedAt: "desc" }, { eventId: "desc" }],
        select: { payload: true },
        take: Math.min(take, 500),
      });
      return rows.map((row) => row.payload as unknown as SecretAuditEvent);
    },

    /** The newest `perSecret` events of each secret, in one query, newest first per secret. */
    async recentForSecrets(secretIds: string[], perSecret = 5): Promise<Map<string, SecretAuditEvent[]>> {
      const recent = new Map<string, SecretAuditEvent[]>();
      if (secretIds.length === 0) return recent;
      const limit = Math.max(1, Math.min(perSecret, 50));
      const rows = await db.$queryRaw<Array<{ secret_id: string; payload: unknown }>>`
        SELECT e.secret_id, e.payload
        FROM unnest(${secretIds}::text[]) AS wanted(secret_id)
        CROSS JOIN LATERAL (
          SELECT secret_id, payload FROM launchplane_secret_audit_events
          WHERE secret_id = wanted.secret_id
          ORDER BY recorded_at DESC, event_id DESC
          LIMIT ${limit}
        ) AS e`;
      for (const row of rows) {
        const list = recent.get(row.secret_id) ?? [];
        list.push(row.payload as SecretAuditEvent);
        recent.set(row.secret_id, list);
      }
      // Row order across the lateral join is not guaranteed; restore newest first.
      for (const list of recent.values()) {
        list.sort((left, right) => Date.parse(right.recorded_at) - Date.parse(left.recorded_at) || (left.event_id < right.event_id ? 1 : -1));
      }
      return recent;
    },
  };
}

export type SecretAuditEventRepository = ReturnType<typeof secretAuditEventRepository>;
