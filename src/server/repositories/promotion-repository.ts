import type { PromotionRecord } from "@/server/contracts/promotion";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { firstDate, toDate } from "@/server/repositories/timestamps";
import type { Promotion } from "@/generated/prisma/client";

/** Promotion evidence: append-only, one row per record_id. */
export function promotionRepository(db: DbClient) {
  return {
    /** Inserts the record unless its id exists; then returns what is stored. */
    async insert(product: string, record: PromotionRecord, operationId: string | null): Promise<InsertOutcome<PromotionRecord>> {
      const created = await db.promotion.createMany({
        data: [
          {
            recordId: record.record_id,
            product,
            context: record.context,
            fromInstance: record.from_instance,
            toInstance: record.to_instance,
            artifactId: record.artifact_identity.artifact_id,
            deploymentRecordId: record.deployment_record_id,
            backupRecordId: record.backup_record_id,
            deployStatus: record.deploy.status,
            deployStartedAt: toDate(record.deploy.started_at),
            deployFinishedAt: toDate(record.deploy.finished_at),
            occurredAt: firstDate(record.deploy.finished_at, record.deploy.started_at),
            operationId,
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.record_id);
      if (!existing) throw new Error(`promotion ${record.record_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(recordId: string): Promise<StoredRecord<PromotionRecord> | null> {
      const row = await db.promotion.findUnique({ where: { recordId } });
      return row ? toStored(row) : null;
    },

    /** The newest promotions into a lane, newest first. */
    async latestIntoLane(context: string, toInstance: string, take = 1): Promise<Array<StoredRecord<PromotionRecord>>> {
      const rows = await db.promotion.findMany({
        where: { context, toInstance },
        orderBy: [{ occurredAt: "desc" }, { recordId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /** Promotions in record id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<PromotionRecord>>> {
      const rows = await db.promotion.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { recordId: { gt: page.after } } : {}) },
        orderBy: { recordId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.promotion.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type PromotionRepository = ReturnType<typeof promotionRepository>;

function toStored(row: Promotion): StoredRecord<PromotionRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PromotionRecord,
    operationId: row.operationId,
    storedAt: row.storedAt,
  };
}
