import type { PreviewRecord } from "@/server/contracts/preview";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { Preview } from "@/generated/prisma/client";

/** Bound on every preview list read. */
export const PREVIEW_LIST_MAX = 200;

/**
 * Previews: current state, one row per preview identity (context/repo/PR);
 * transitions rewrite the row, destroy keeps it readable.
 */
export function previewRepository(db: DbClient) {
  return {
    async find(previewId: string): Promise<StoredRecord<PreviewRecord> | null> {
      const row = await db.preview.findUnique({ where: { previewId } });
      return row ? toStored(row) : null;
    },

    /** The preview of one pull request (the triple is unique). */
    async findByAnchor(context: string, anchorRepo: string, anchorPrNumber: number): Promise<StoredRecord<PreviewRecord> | null> {
      const row = await db.preview.findUnique({
        where: { context_anchorRepo_anchorPrNumber: { context, anchorRepo, anchorPrNumber } },
      });
      return row ? toStored(row) : null;
    },

    /**
     * Serialises writers of one preview identity until the surrounding
     * transaction ends (covers a preview that does not exist yet, which a
     * row lock cannot). Only meaningful inside a transaction.
     */
    async lockIdentity(previewId: string): Promise<void> {
      const key = `launchplane_preview:${previewId}`;
      await db.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))::text AS locked`;
    },

    /** Inserts or replaces the preview row from the typed record. */
    async save(product: string, record: PreviewRecord): Promise<void> {
      const columns = {
        product,
        context: record.context,
        anchorRepo: record.anchor_repo,
        anchorPrNumber: record.anchor_pr_number,
        state: record.state,
        updatedAt: requiredDate(record.updated_at, "preview updated_at"),
        payload: asJson(record),
      };
      await db.preview.upsert({
        where: { previewId: record.preview_id },
        create: { previewId: record.preview_id, ...columns },
        update: columns,
      });
    },

    /** Previews of a context, most recently updated first (bounded). */
    async listForContext(
      context: string,
      options: { product?: string; take?: number } = {},
    ): Promise<Array<StoredRecord<PreviewRecord>>> {
      const rows = await db.preview.findMany({
        where: { context, ...(options.product ? { product: options.product } : {}) },
        orderBy: [{ updatedAt: "desc" }, { previewId: "desc" }],
        take: boundedTake(options.take),
      });
      return rows.map(toStored);
    },

    /** Previews in preview id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<PreviewRecord>>> {
      const rows = await db.preview.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { previewId: { gt: page.after } } : {}) },
        orderBy: { previewId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.preview.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type PreviewRepository = ReturnType<typeof previewRepository>;

function boundedTake(take: number | undefined): number {
  if (take === undefined) return 50;
  return Math.min(Math.max(1, Math.trunc(take)), PREVIEW_LIST_MAX);
}

function toStored(row: Preview): StoredRecord<PreviewRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
