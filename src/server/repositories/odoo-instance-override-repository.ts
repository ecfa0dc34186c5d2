import type { OdooInstanceOverrideRecord } from "@/server/contracts/odoo-instance-override";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { LaneKey } from "@/server/repositories/provider-target-repository";
import { boundedPageSize, type LanePageRequest } from "@/server/repositories/record-page";
import { requiredDate } from "@/server/repositories/timestamps";
import type { OdooInstanceOverride } from "@/generated/prisma/client";

/** Odoo instance overrides: typed Odoo intent per context and stable instance, current state. */
export function odooInstanceOverrideRepository(db: DbClient) {
  return {
    async upsert(record: OdooInstanceOverrideRecord): Promise<void> {
      const columns = { updatedAt: requiredDate(record.updated_at, "Odoo instance override updated_at"), payload: asJson(record) };
      await db.odooInstanceOverride.upsert({
        where: { context_instance: { context: record.context, instance: record.instance } },
        create: { context: record.context, instance: record.instance, ...columns },
        update: columns,
      });
    },

    async find(lane: LaneKey): Promise<OdooInstanceOverrideRecord | null> {
      const row = await db.odooInstanceOverride.findUnique({ where: { context_instance: lane } });
      return row ? toRecord(row) : null;
    },

    async list(filter: { context?: string; take: number }): Promise<OdooInstanceOverrideRecord[]> {
      const rows = await db.odooInstanceOverride.findMany({
        where: { context: filter.context },
        orderBy: [{ context: "asc" }, { instance: "asc" }],
        take: filter.take,
      });
      return rows.map(toRecord);
    },

    /** Overrides in (context, instance) order after `after` (bounded page, for streaming exports). */
    async listPage(page: LanePageRequest): Promise<OdooInstanceOverrideRecord[]> {
      const after = page.after;
      const rows = await db.odooInstanceOverride.findMany({
        where: {
          ...(page.contexts ? { context: { in: [...page.contexts] } } : {}),
          ...(after ? { OR: [{ context: { gt: after.context } }, { context: after.context, instance: { gt: after.instance } }] } : {}),
        },
        orderBy: [{ context: "asc" }, { instance: "asc" }],
        take: boundedPageSize(page.take),
      });
      return rows.map(toRecord);
    },

    async count(filter: { contexts?: readonly string[] } = {}): Promise<number> {
      return db.odooInstanceOverride.count({ where: filter.contexts ? { context: { in: [...filter.contexts] } } : {} });
    },
  };
}

export type OdooInstanceOverrideRepository = ReturnType<typeof odooInstanceOverrideRepository>;

function toRecord(row: OdooInstanceOverride): OdooInstanceOverrideRecord {
  return row.payload as unknown as OdooInstanceOverrideRecord;
}
