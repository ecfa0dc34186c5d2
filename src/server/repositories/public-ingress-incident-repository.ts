import type { ReadScope } from "@/server/auth/authorize";
import type { PublicIngressIncidentRecord, PublicIngressIncidentStatus } from "@/server/contracts/public-ingress-incident";
import { lockForTransaction } from "@/server/repositories/advisory-lock";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { CheckScope, LaneScope } from "@/server/repositories/public-ingress-observation-repository";
import { requiredDate, toDate } from "@/server/repositories/timestamps";
import type { Prisma, PublicIngressIncident } from "@/generated/prisma/client";

export interface StoredIncident {
  record: PublicIngressIncidentRecord;
  storedAt: Date;
}

/** Position in the incident history (newest opened first). */
export interface IncidentCursor {
  openedAt: Date;
  incidentId: string;
}

/**
 * Public ingress incidents: lifecycle rows (open, then resolved). At most one
 * open incident per lane check (partial unique index); a resolved incident is
 * never modified again.
 */
export function publicIngressIncidentRepository(db: DbClient) {
  return {
    /**
     * Serialises lifecycle changes of one lane check until the surrounding
     * transaction ends, so concurrent observations of the same check apply
     * one after the other.
     */
    async lockCheck(check: CheckScope): Promise<void> {
      const key = [check.product, check.context, check.instance, check.checkName, check.checkKind].join("\u001f");
      await lockForTransaction(db, "public-ingress-check", key);
    },

    async findOpenForCheck(check: CheckScope): Promise<PublicIngressIncidentRecord | null> {
      const row = await db.publicIngressIncident.findFirst({ where: { ...check, status: "open" } });
      return row ? (row.payload as unknown as PublicIngressIncidentRecord) : null;
    },

    /** The incident of a check that this observation opened or resolved (for replays). */
    async findTransitionedBy(check: CheckScope, observationId: string): Promise<PublicIngressIncidentRecord | null> {
      const row = await db.publicIngressIncident.findFirst({
        where: {
          ...check,
          OR: [
            { payload: { path: ["opened_observation_id"], equals: observationId } },
            { payload: { path: ["resolved_observation_id"], equals: observationId } },
          ],
        },
        orderBy: { openedAt: "desc" },
      });
      return row ? (row.payload as unknown as PublicIngressIncidentRecord) : null;
    },

    /** Inserts a new incident; false when its id is already taken (nothing written). */
    async insert(record: PublicIngressIncidentRecord): Promise<boolean> {
      const created = await db.publicIngressIncident.createMany({
        data: [{ incidentId: record.incident_id, ...columns(record) }],
        skipDuplicates: true,
      });
      return created.count === 1;
    },

    /** Rewrites a still-open incident; false when it is not open (nothing written). */
    async updateOpen(record: PublicIngressIncidentRecord): Promise<boolean> {
      const updated = await db.publicIngressIncident.updateMany({
        where: { incidentId: record.incident_id, status: "open" },
        data: columns(record),
      });
      return updated.count === 1;
    },

    async find(incidentId: string): Promise<StoredIncident | null> {
      const row = await db.publicIngressIncident.findUnique({ where: { incidentId } });
      return row ? toStored(row) : null;
    },

    /** Open incidents of a product, or of one lane, newest first. */
    async listOpen(scope: { product: string; context?: string; instance?: string }, take: number): Promise<StoredIncident[]> {
      const rows = await db.publicIngressIncident.findMany({
        where: { product: scope.product, context: scope.context, instance: scope.instance, status: "open" },
        orderBy: [{ openedAt: "desc" }, { incidentId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /**
     * One page of incident history, newest opened first: one product's, or
     * (without a product) every product's inside a read scope.
     */
    async page(
      filter: Partial<LaneScope> & { status?: PublicIngressIncidentStatus; scope?: ReadScope },
      after: IncidentCursor | null,
      take: number,
    ): Promise<StoredIncident[]> {
      if (filter.scope && filter.scope.grants.length === 0) return [];
      const and: Prisma.PublicIngressIncidentWhereInput[] = [
        { product: filter.product, context: filter.context, instance: filter.instance, status: filter.status },
      ];
      if (filter.scope) {
        const grants = filter.scope.grants.map((grant) => ({
          ...(grant.products ? { product: { in: [...grant.products] } } : {}),
          ...(grant.contexts ? { context: { in: [...grant.contexts] } } : {}),
        }));
        if (!grants.some((grant) => Object.keys(grant).length === 0)) and.push({ OR: grants });
      }
      if (after) {
        and.push({
          OR: [{ openedAt: { lt: after.openedAt } }, { openedAt: after.openedAt, incidentId: { lt: after.incidentId } }],
        });
      }
      const rows = await db.publicIngressIncident.findMany({
        where: { AND: and },
        orderBy: [{ openedAt: "desc" }, { incidentId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },
  };
}

export type PublicIngressIncidentRepository = ReturnType<typeof publicIngressIncidentRepository>;

function columns(record: PublicIngressIncidentRecord) {
  return {
    product: record.product,
    context: record.context,
    instance: record.instance,
    checkName: record.check_name,
    checkKind: record.check_kind,
    status: record.status,
    openedAt: requiredDate(record.opened_at, "public ingress incident opened_at"),
    latestObservedAt: requiredDate(record.latest_observed_at, "public ingress incident latest_observed_at"),
    resolvedAt: toDate(record.resolved_at),
    payload: asJson(record),
  };
}

function toStored(row: PublicIngressIncident): StoredIncident {
  return { record: row.payload as unknown as PublicIngressIncidentRecord, storedAt: row.storedAt };
}
