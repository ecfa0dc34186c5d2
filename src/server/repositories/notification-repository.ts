import type {
  NotificationAttemptRecord,
  NotificationDeliveryStatus,
  NotificationPolicyRecord,
  NotificationStatus,
} from "@/server/contracts/notification";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { LaneScope } from "@/server/repositories/public-ingress-observation-repository";
import { requiredDate } from "@/server/repositories/timestamps";
import type { NotificationAttempt } from "@/generated/prisma/client";

/**
 * `pending`: the attempt is claimed and its delivery has started but no
 * outcome is recorded yet. Only the `delivery_status` column carries it; the
 * payload stays a valid attempt record (see the notification service).
 */
export type NotificationAttemptState = NotificationDeliveryStatus | "pending";

export interface StoredNotificationAttempt {
  record: NotificationAttemptRecord;
  state: NotificationAttemptState;
  storedAt: Date;
}

export type AttemptClaim = { claimed: true } | { claimed: false; existing: StoredNotificationAttempt };

interface RawAttemptRow {
  incident_id: string;
  payload: unknown;
  delivery_status: string;
  stored_at: Date;
}

/** Notification policies (current state by policy_id) and delivery attempts (evidence by attempt_id). */
export function notificationRepository(db: DbClient) {
  return {
    async upsertPolicy(record: NotificationPolicyRecord): Promise<void> {
      const columns = {
        product: record.product,
        context: record.context,
        instance: record.instance,
        status: record.status,
        updatedAt: requiredDate(record.updated_at, "notification policy updated_at"),
        payload: asJson(record),
      };
      await db.notificationPolicy.upsert({
        where: { policyId: record.policy_id },
        create: { policyId: record.policy_id, ...columns },
        update: columns,
      });
    },

    async findPolicy(policyId: string): Promise<NotificationPolicyRecord | null> {
      const row = await db.notificationPolicy.findUnique({ where: { policyId } });
      return row ? (row.payload as unknown as NotificationPolicyRecord) : null;
    },

    /**
     * Enabled policies whose product/context/instance scope covers the lane
     * ("" is a wildcard). Check name and kind are matched by the caller.
     */
    async listEnabledCovering(lane: LaneScope, take: number): Promise<NotificationPolicyRecord[]> {
      const rows = await db.notificationPolicy.findMany({
        where: {
          status: "enabled",
          product: { in: ["", lane.product] },
          context: { in: ["", lane.context] },
          instance: { in: ["", lane.instance] },
        },
        orderBy: { policyId: "asc" },
        take,
      });
      return rows.map((row) => row.payload as unknown as NotificationPolicyRecord);
    },

    /** Policies scoped to a product (or global ones with product ""), ordered by id. */
    async listPolicies(filter: { product?: string; status?: NotificationStatus; take: number }): Promise<NotificationPolicyRecord[]> {
      const rows = await db.notificationPolicy.findMany({
        where: { product: filter.product, status: filter.status },
        orderBy: { policyId: "asc" },
        take: filter.take,
      });
      return rows.map((row) => row.payload as unknown as NotificationPolicyRecord);
    },

    /**
     * Claims an attempt id before delivery: inserts the row as `pending`
     * unless the id exists, in which case the stored attempt is returned and
     * the caller must not deliver again.
     */
    async claimAttempt(placeholder: NotificationAttemptRecord): Promise<AttemptClaim> {
      const created = await db.notificationAttempt.createMany({
        data: [{ ...attemptColumns(placeholder), deliveryStatus: "pending" }],
        skipDuplicates: true,
      });
      if (created.count === 1) return { claimed: true };
      const existing = await this.findAttempt(placeholder.attempt_id);
      if (!existing) throw new Error(`notification attempt ${placeholder.attempt_id} vanished during claim`);
      return { claimed: false, existing };
    },

    /** Records the outcome of a pending attempt; false when it is not pending (nothing written). */
    async settleAttempt(record: NotificationAttemptRecord): Promise<boolean> {
      const { attemptId, incidentId, policyId, ...rest } = attemptColumns(record);
      const updated = await db.notificationAttempt.updateMany({
        where: { attemptId, incidentId, policyId, deliveryStatus: "pending" },
        data: rest,
      });
      return updated.count === 1;
    },

    /** Inserts a finished attempt (e.g. imported evidence) unless its id exists. */
    async insertAttempt(record: NotificationAttemptRecord): Promise<boolean> {
      const created = await db.notificationAttempt.createMany({ data: [attemptColumns(record)], skipDuplicates: true });
      return created.count === 1;
    },

    async findAttempt(attemptId: string): Promise<StoredNotificationAttempt | null> {
      const row = await db.notificationAttempt.findUnique({ where: { attemptId } });
      return row ? toStoredAttempt(row) : null;
    },

    /** The newest attempts of each incident (at most `perIncident` each), in one statement. */
    async attemptsForIncidents(
      incidentIds: readonly string[],
      perIncident: number,
    ): Promise<Map<string, StoredNotificationAttempt[]>> {
      const byIncident = new Map<string, StoredNotificationAttempt[]>();
      if (incidentIds.length === 0) return byIncident;
      const rows = await db.$queryRaw<RawAttemptRow[]>`
        SELECT ids.incident_id, a.payload, a.delivery_status, a.stored_at
          FROM unnest(${[...incidentIds]}::text[]) AS ids(incident_id)
          CROSS JOIN LATERAL (
            SELECT n.payload, n.delivery_status, n.stored_at, n.attempted_at, n.attempt_id
              FROM launchplane_notification_attempts n
             WHERE n.incident_id = ids.incident_id
             ORDER BY n.attempted_at DESC, n.attempt_id DESC
             LIMIT ${perIncident}
          ) a
         ORDER BY ids.incident_id, a.attempted_at DESC, a.attempt_id DESC`;
      for (const row of rows) {
        const list = byIncident.get(row.incident_id) ?? [];
        list.push({
          record: row.payload as NotificationAttemptRecord,
          state: row.delivery_status as NotificationAttemptState,
          storedAt: row.stored_at,
        });
        byIncident.set(row.incident_id, list);
      }
      return byIncident;
    },
  };
}

export type NotificationRepository = ReturnType<typeof notificationRepository>;

function attemptColumns(record: NotificationAttemptRecord) {
  return {
    attemptId: record.attempt_id,
    incidentId: record.incident_id,
    event: record.event,
    policyId: record.policy_id,
    destinationKind: record.destination_kind,
    deliveryStatus: record.delivery_status as NotificationAttemptState,
    attemptedAt: requiredDate(record.attempted_at, "notification attempt attempted_at"),
    payload: asJson(record),
  };
}

function toStoredAttempt(row: NotificationAttempt): StoredNotificationAttempt {
  return {
    record: row.payload as unknown as NotificationAttemptRecord,
    state: row.deliveryStatus as NotificationAttemptState,
    storedAt: row.storedAt,
  };
}
