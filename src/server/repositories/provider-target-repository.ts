import type { ProviderTargetRecord } from "@/server/contracts/provider-target";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";
import type { ProviderTarget } from "@/generated/prisma/client";

export interface LaneKey {
  context: string;
  instance: string;
}

/** Provider targets: the provider-neutral target identity of a lane, current state keyed by (context, instance). */
export function providerTargetRepository(db: DbClient) {
  return {
    async upsert(record: ProviderTargetRecord): Promise<void> {
      const columns = {
        providerId: record.provider_id,
        targetCategory: record.target_category,
        targetId: record.target_id,
        displayName: record.display_name,
        providerTargetType: record.provider_target_type,
        updatedAt: requiredDate(record.updated_at, "provider target updated_at"),
        payload: asJson(record),
      };
      await db.providerTarget.upsert({
        where: { context_instance: { context: record.context, instance: record.instance } },
        create: { context: record.context, instance: record.instance, ...columns },
        update: columns,
      });
    },

    async find(lane: LaneKey): Promise<ProviderTargetRecord | null> {
      const row = await db.providerTarget.findUnique({ where: { context_instance: lane } });
      return row ? toRecord(row) : null;
    },

    /** The targets of several lanes in one query (absent lanes are simply missing). */
    async findForLanes(lanes: readonly LaneKey[]): Promise<ProviderTargetRecord[]> {
      if (lanes.length === 0) return [];
      const rows = await db.providerTarget.findMany({
        where: { OR: lanes.map((lane) => ({ context: lane.context, instance: lane.instance })) },
        take: lanes.length,
      });
      return rows.map(toRecord);
    },

    /** Reverse lookup from a provider's own target id (provider events). */
    async findByProviderTarget(providerId: string, targetId: string, take: number): Promise<ProviderTargetRecord[]> {
      const rows = await db.providerTarget.findMany({
        where: { providerId, targetId },
        orderBy: [{ context: "asc" }, { instance: "asc" }],
        take,
      });
      return rows.map(toRecord);
    },
  };
}

export type ProviderTargetRepository = ReturnType<typeof providerTargetRepository>;

function toRecord(row: ProviderTarget): ProviderTargetRecord {
  return row.payload as unknown as ProviderTargetRecord;
}
