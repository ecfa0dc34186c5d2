import type { PreviewInventoryScanRecord } from "@/server/contracts/preview-inventory-scan";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PreviewInventoryScan } from "@/generated/prisma/client";

/** Preview inventory scans: append-only, one row per scan_id. */
export function previewInventoryScanRepository(db: DbClient) {
  return {
    /** Inserts the scan unless its id exists; then returns what is stored. */
    async insert(product: string, record: PreviewInventoryScanRecord): Promise<InsertOutcome<PreviewInventoryScanRecord>> {
      const created = await db.previewInventoryScan.createMany({
        data: [
          {
            scanId: record.scan_id,
            product,
            context: record.context,
            source: record.source,
            status: record.status,
            previewCount: record.preview_count,
            scannedAt: requiredDate(record.scanned_at, "preview inventory scan scanned_at"),
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.scan_id);
      if (!existing) throw new Error(`preview inventory scan ${record.scan_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(scanId: string): Promise<StoredRecord<PreviewInventoryScanRecord> | null> {
      const row = await db.previewInventoryScan.findUnique({ where: { scanId } });
      return row ? toStored(row) : null;
    },

    /**
     * The latest scan of a context (scanned_at, then scan_id, descending), or
     * null when none was ever recorded: unknown inventory, not an empty one.
     */
    async latestForContext(context: string, product?: string): Promise<StoredRecord<PreviewInventoryScanRecord> | null> {
      const row = await db.previewInventoryScan.findFirst({
        where: { context, ...(product ? { product } : {}) },
        orderBy: [{ scannedAt: "desc" }, { scanId: "desc" }],
      });
      return row ? toStored(row) : null;
    },
  };
}

export type PreviewInventoryScanRepository = ReturnType<typeof previewInventoryScanRepository>;

function toStored(row: PreviewInventoryScan): StoredRecord<PreviewInventoryScanRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewInventoryScanRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
