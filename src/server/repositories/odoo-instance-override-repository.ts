import type { OdooInstanceOverrideRecord } from "@/server/contracts/odoo-instance-override";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { LaneKey } from "@/server/repositories/provider-target-repository";
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
  };
}

export type OdooInstanceOverrideRepository = ReturnType<typeof odooInstanceOverrideRepository>;

function toRecord(row: OdooInstanceOverride): OdooInstanceOverrideRecord {
  return row.payload as unknown as OdooInstanceOverrideRecord;
}
