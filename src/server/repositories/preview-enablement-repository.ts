import type { PreviewEnablementRecord } from "@/server/contracts/preview-enablement";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PreviewEnablement } from "@/generated/prisma/client";

/**
 * Preview enablements: the current snapshot of one pull request's preview
 * request, one row per PR, replaced by newer events.
 */
export function previewEnablementRepository(db: DbClient) {
  return {
    async find(recordId: string): Promise<StoredRecord<PreviewEnablementRecord> | null> {
      const row = await db.previewEnablement.findUnique({ where: { recordId } });
      return row ? toStored(row) : null;
    },

    /** Reads the row and locks it until the surrounding transaction ends. */
    async findForUpdate(recordId: string): Promise<StoredRecord<PreviewEnablementRecord> | null> {
      const rows = await db.$queryRaw<Array<{ product: string; payload: unknown; stored_at: Date }>>`
        SELECT product, payload, stored_at FROM launchplane_preview_enablements
        WHERE record_id = ${recordId} FOR UPDATE`;
      const row = rows[0];
      if (!row) return null;
      return {
        product: row.product,
        record: row.payload as PreviewEnablementRecord,
        operationId: null,
        storedAt: row.stored_at,
      };
    },

    /** Inserts the snapshot unless a row with its id exists; true when inserted. */
    async insert(product: string, record: PreviewEnablementRecord): Promise<boolean> {
      const created = await db.previewEnablement.createMany({
        data: [{ recordId: record.record_id, ...columns(product, record) }],
        skipDuplicates: true,
      });
      return created.count === 1;
    },

    async replace(product: string, record: PreviewEnablementRecord): Promise<void> {
      await db.previewEnablement.update({
        where: { recordId: record.record_id },
        data: columns(product, record),
      });
    },

    /** Enablements of a context, most recent event first (bounded). */
    async listForContext(context: string, options: { product?: string; take?: number } = {}): Promise<Array<StoredRecord<PreviewEnablementRecord>>> {
      const rows = await db.previewEnablement.findMany({
        where: { context, ...(options.product ? { product: options.product } : {}) },
        orderBy: [{ updatedAt: "desc" }, { recordId: "desc" }],
        take: Math.min(Math.max(1, Math.trunc(options.take ?? 50)), 200),
      });
      return rows.map(toStored);
    },

    /** Enablements in record id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<PreviewEnablementRecord>>> {
      const rows = await db.previewEnablement.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { recordId: { gt: page.after } } : {}) },
        orderBy: { recordId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.previewEnablement.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type PreviewEnablementRepository = ReturnType<typeof previewEnablementRepository>;

function columns(product: string, record: PreviewEnablementRecord) {
  return {
    product,
    context: record.context,
    anchorRepo: record.anchor_repo,
    anchorPrNumber: record.anchor_pr_number,
    prState: record.pr_state,
    updatedAt: requiredDate(record.updated_at, "preview enablement updated_at"),
    payload: asJson(record),
  };
}

function toStored(row: PreviewEnablement): StoredRecord<PreviewEnablementRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewEnablementRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
