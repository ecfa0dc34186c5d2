import type { PublicIngressObservationRecord } from "@/server/contracts/public-ingress-observation";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PublicIngressObservation } from "@/generated/prisma/client";

export interface LaneScope {
  product: string;
  context: string;
  instance: string;
}

export interface CheckScope extends LaneScope {
  checkName: string;
  checkKind: string;
}

interface RawObservationRow {
  product: string;
  payload: unknown;
  operation_id: string | null;
  stored_at: Date;
}

/** Public ingress observations: append-only evidence, one row per record_id. */
export function publicIngressObservationRepository(db: DbClient) {
  return {
    /** Inserts the observation unless its id exists; then returns what is stored. */
    async insert(
      product: string,
      record: PublicIngressObservationRecord,
      operationId: string | null,
    ): Promise<InsertOutcome<PublicIngressObservationRecord>> {
      const created = await db.publicIngressObservation.createMany({
        data: [
          {
            recordId: record.record_id,
            product,
            context: record.context,
            instance: record.instance,
            checkName: record.check_name,
            checkKind: record.check_kind,
            status: record.status,
            failureCode: record.failure_code ?? null,
            observedAt: requiredDate(record.observed_at, "public ingress observation observed_at"),
            operationId,
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.record_id);
      if (!existing) throw new Error(`public ingress observation ${record.record_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(recordId: string): Promise<StoredRecord<PublicIngressObservationRecord> | null> {
      const row = await db.publicIngressObservation.findUnique({ where: { recordId } });
      return row ? toStored(row) : null;
    },

    /** True when the check already has an observation taken after `observedAt`. */
    async hasNewer(check: CheckScope, observedAt: Date): Promise<boolean> {
      const row = await db.publicIngressObservation.findFirst({
        where: { ...check, observedAt: { gt: observedAt } },
        select: { recordId: true },
      });
      return row !== null;
    },

    /** The newest observations of a lane (all checks), newest first. */
    async latestForLane(lane: LaneScope, take: number): Promise<Array<StoredRecord<PublicIngressObservationRecord>>> {
      const rows = await db.publicIngressObservation.findMany({
        where: lane,
        orderBy: [{ observedAt: "desc" }, { recordId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /**
     * The newest observation of every check of a lane, in one statement. A
     * recursive walk over the check index visits each distinct check once
     * (a loose index scan), so the cost follows the number of checks, not
     * the length of the history.
     */
    async latestPerCheck(lane: LaneScope, maxChecks: number): Promise<Array<StoredRecord<PublicIngressObservationRecord>>> {
      const { product, context, instance } = lane;
      const rows = await db.$queryRaw<RawObservationRow[]>`
        WITH RECURSIVE checks AS (
          (SELECT o.check_name, o.check_kind
             FROM launchplane_public_ingress_observations o
            WHERE o.product = ${product} AND o.context = ${context} AND o.instance = ${instance}
            ORDER BY o.check_name, o.check_kind
            LIMIT 1)
          UNION ALL
          SELECT next.check_name, next.check_kind
            FROM checks c
            CROSS JOIN LATERAL (
              SELECT o.check_name, o.check_kind
                FROM launchplane_public_ingress_observations o
               WHERE o.product = ${product} AND o.context = ${context} AND o.instance = ${instance}
                 AND (o.check_name, o.check_kind) > (c.check_name, c.check_kind)
               ORDER BY o.check_name, o.check_kind
               LIMIT 1
            ) next
        )
        SELECT latest.product, latest.payload, latest.operation_id, latest.stored_at
          FROM (SELECT * FROM checks LIMIT ${maxChecks}) c
          CROSS JOIN LATERAL (
            SELECT o.product, o.payload, o.operation_id, o.stored_at
              FROM launchplane_public_ingress_observations o
             WHERE o.product = ${product} AND o.context = ${context} AND o.instance = ${instance}
               AND o.check_name = c.check_name AND o.check_kind = c.check_kind
             ORDER BY o.observed_at DESC, o.record_id DESC
             LIMIT 1
          ) latest
         ORDER BY c.check_name, c.check_kind`;
      return rows.map(fromRaw);
    },

    /**
     * For each incident, the observations of its check taken while it was
     * open (opened_at through resolved_at, or through its latest failure
     * while still open), newest first and at most `perIncident` each. One
     * statement whatever the number of incidents.
     */
    async forIncidentWindows(
      incidentIds: readonly string[],
      perIncident: number,
    ): Promise<Map<string, Array<StoredRecord<PublicIngressObservationRecord>>>> {
      const byIncident = new Map<string, Array<StoredRecord<PublicIngressObservationRecord>>>();
      if (incidentIds.length === 0) return byIncident;
      const rows = await db.$queryRaw<Array<RawObservationRow & { incident_id: string }>>`
        SELECT i.incident_id, w.product, w.payload, w.operation_id, w.stored_at
          FROM launchplane_public_ingress_incidents i
          CROSS JOIN LATERAL (
            SELECT o.product, o.payload, o.operation_id, o.stored_at, o.observed_at, o.record_id
              FROM launchplane_public_ingress_observations o
             WHERE o.product = i.product AND o.context = i.context AND o.instance = i.instance
               AND o.check_name = i.check_name AND o.check_kind = i.check_kind
               AND o.observed_at >= i.opened_at
               AND o.observed_at <= COALESCE(i.resolved_at, i.latest_observed_at)
             ORDER BY o.observed_at DESC, o.record_id DESC
             LIMIT ${perIncident}
          ) w
         WHERE i.incident_id = ANY(${[...incidentIds]}::text[])
         ORDER BY i.incident_id, w.observed_at DESC, w.record_id DESC`;
      for (const row of rows) {
        const list = byIncident.get(row.incident_id) ?? [];
        list.push(fromRaw(row));
        byIncident.set(row.incident_id, list);
      }
      return byIncident;
    },
  };
}

export type PublicIngressObservationRepository = ReturnType<typeof publicIngressObservationRepository>;

function toStored(row: PublicIngressObservation): StoredRecord<PublicIngressObservationRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PublicIngressObservationRecord,
    operationId: row.operationId,
    storedAt: row.storedAt,
  };
}

function fromRaw(row: RawObservationRow): StoredRecord<PublicIngressObservationRecord> {
  return {
    product: row.product,
    record: row.payload as PublicIngressObservationRecord,
    operationId: row.operation_id,
    storedAt: row.stored_at,
  };
}
