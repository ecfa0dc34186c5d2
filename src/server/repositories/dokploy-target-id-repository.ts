import type { DokployTargetIdRecord } from "@/server/contracts/dokploy-target-id";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { LaneKey } from "@/server/repositories/provider-target-repository";
import { requiredDate } from "@/server/repositories/timestamps";
import type { DokployTargetId } from "@/generated/prisma/client";

/**
 * Dokploy target ids: the live Dokploy id of a tracked route, kept apart from
 * its route metadata so either can change alone. Current state keyed by (context, instance).
 */
export function dokployTargetIdRepository(db: DbClient) {
  return {
    async upsert(record: DokployTargetIdRecord): Promise<void> {
      const columns = {
        targetId: record.target_id,
        updatedAt: requiredDate(record.updated_at, "Dokploy target-id updated_at"),
        payload: asJson(record),
      };
      await db.dokployTargetId.upsert({
        where: { context_instance: { context: record.context, instance: record.instance } },
        create: { context: record.context, instance: record.instance, ...columns },
        update: columns,
      });
    },

    async find(lane: LaneKey): Promise<DokployTargetIdRecord | null> {
      const row = await db.dokployTargetId.findUnique({ where: { context_instance: lane } });
      return row ? toRecord(row) : null;
    },

    async list(filter: { context?: string; take: number }): Promise<DokployTargetIdRecord[]> {
      const rows = await db.dokployTargetId.findMany({
        where: { context: filter.context },
        orderBy: [{ context: "asc" }, { instance: "asc" }],
        take: filter.take,
      });
      return rows.map(toRecord);
    },
  };
}

export type DokployTargetIdRepository = ReturnType<typeof dokployTargetIdRepository>;

function toRecord(row: DokployTargetId): DokployTargetIdRecord {
  return row.payload as unknown as DokployTargetIdRecord;
}
