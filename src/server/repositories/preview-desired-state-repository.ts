import type { PreviewDesiredStateRecord } from "@/server/contracts/preview-desired-state";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PreviewDesiredState } from "@/generated/prisma/client";

/** Preview desired states: append-only, one row per desired_state_id. */
export function previewDesiredStateRepository(db: DbClient) {
  return {
    /** Inserts the record unless its id exists; then returns what is stored. */
    async insert(record: PreviewDesiredStateRecord): Promise<InsertOutcome<PreviewDesiredStateRecord>> {
      const created = await db.previewDesiredState.createMany({
        data: [
          {
            desiredStateId: record.desired_state_id,
            product: record.product,
            context: record.context,
            repository: record.repository,
            status: record.status,
            desiredCount: record.desired_count,
            discoveredAt: requiredDate(record.discovered_at, "preview desired state discovered_at"),
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.desired_state_id);
      if (!existing) throw new Error(`preview desired state ${record.desired_state_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(desiredStateId: string): Promise<StoredRecord<PreviewDesiredStateRecord> | null> {
      const row = await db.previewDesiredState.findUnique({ where: { desiredStateId } });
      return row ? toStored(row) : null;
    },

    /** The latest desired state of a context (discovered_at, then id, descending). */
    async latestForContext(context: string, product?: string): Promise<StoredRecord<PreviewDesiredStateRecord> | null> {
      const row = await db.previewDesiredState.findFirst({
        where: { context, ...(product ? { product } : {}) },
        orderBy: [{ discoveredAt: "desc" }, { desiredStateId: "desc" }],
      });
      return row ? toStored(row) : null;
    },
  };
}

export type PreviewDesiredStateRepository = ReturnType<typeof previewDesiredStateRepository>;

function toStored(row: PreviewDesiredState): StoredRecord<PreviewDesiredStateRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewDesiredStateRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
