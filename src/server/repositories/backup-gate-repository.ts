import type { BackupGateRecord } from "@/server/contracts/backup-gate";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { BackupGate } from "@/generated/prisma/client";

/** Backup gate evidence: append-only, one row per backup run (record_id). */
export function backupGateRepository(db: DbClient) {
  return {
    /** Inserts the record unless its id exists; then returns what is stored. */
    async insert(product: string, record: BackupGateRecord, operationId: string | null): Promise<InsertOutcome<BackupGateRecord>> {
      const created = await db.backupGate.createMany({
        data: [
          {
            recordId: record.record_id,
            product,
            context: record.context,
            instance: record.instance,
            status: record.status,
            required: record.required,
            occurredAt: requiredDate(record.created_at, "backup gate created_at"),
            operationId,
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.record_id);
      if (!existing) throw new Error(`backup gate ${record.record_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(recordId: string): Promise<StoredRecord<BackupGateRecord> | null> {
      const row = await db.backupGate.findUnique({ where: { recordId } });
      return row ? toStored(row) : null;
    },

    /** The newest backup gates of a lane, newest first. */
    async latestForLane(context: string, instance: string, take = 1): Promise<Array<StoredRecord<BackupGateRecord>>> {
      const rows = await db.backupGate.findMany({
        where: { context, instance },
        orderBy: [{ occurredAt: "desc" }, { recordId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /** Backup gates in record id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<BackupGateRecord>>> {
      const rows = await db.backupGate.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { recordId: { gt: page.after } } : {}) },
        orderBy: { recordId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.backupGate.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type BackupGateRepository = ReturnType<typeof backupGateRepository>;

function toStored(row: BackupGate): StoredRecord<BackupGateRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as BackupGateRecord,
    operationId: row.operationId,
    storedAt: row.storedAt,
  };
}
