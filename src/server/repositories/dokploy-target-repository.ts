import type { DokployTargetRecord } from "@/server/contracts/dokploy-target";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { LaneKey } from "@/server/repositories/provider-target-repository";
import { requiredDate } from "@/server/repositories/timestamps";
import type { DokployTarget } from "@/generated/prisma/client";

/** Dokploy targets: provider execution configuration of a tracked route, current state keyed by (context, instance). */
export function dokployTargetRepository(db: DbClient) {
  return {
    async upsert(record: DokployTargetRecord): Promise<void> {
      const columns = { updatedAt: requiredDate(record.updated_at, "Dokploy target updated_at"), payload: asJson(record) };
      await db.dokployTarget.upsert({
        where: { context_instance: { context: record.context, instance: record.instance } },
        create: { context: record.context, instance: record.instance, ...columns },
        update: columns,
      });
    },

    async find(lane: LaneKey): Promise<DokployTargetRecord | null> {
      const row = await db.dokployTarget.findUnique({ where: { context_instance: lane } });
      return row ? toRecord(row) : null;
    },

    /** Tracked routes ordered by lane, optionally one context. */
    async list(filter: { context?: string; take: number }): Promise<DokployTargetRecord[]> {
      const rows = await db.dokployTarget.findMany({
        where: { context: filter.context },
        orderBy: [{ context: "asc" }, { instance: "asc" }],
        take: filter.take,
      });
      return rows.map(toRecord);
    },
  };
}

export type DokployTargetRepository = ReturnType<typeof dokployTargetRepository>;

function toRecord(row: DokployTarget): DokployTargetRecord {
  return row.payload as unknown as DokployTargetRecord;
}
