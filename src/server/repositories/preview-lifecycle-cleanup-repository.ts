import type {
  PreviewLifecycleCleanupRecord,
  PreviewLifecycleCleanupStatus,
} from "@/server/contracts/preview-lifecycle-cleanup";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PreviewLifecycleCleanup } from "@/generated/prisma/client";

/** Preview lifecycle cleanups: append-only, one row per cleanup_id. */
export function previewLifecycleCleanupRepository(db: DbClient) {
  return {
    /** Inserts the record unless its id exists; then returns what is stored. */
    async insert(record: PreviewLifecycleCleanupRecord): Promise<InsertOutcome<PreviewLifecycleCleanupRecord>> {
      const created = await db.previewLifecycleCleanup.createMany({
        data: [
          {
            cleanupId: record.cleanup_id,
            product: record.product,
            context: record.context,
            planId: record.plan_id,
            status: record.status,
            apply: record.apply,
            requestedAt: requiredDate(record.requested_at, "preview lifecycle cleanup requested_at"),
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.cleanup_id);
      if (!existing) throw new Error(`preview lifecycle cleanup ${record.cleanup_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(cleanupId: string): Promise<StoredRecord<PreviewLifecycleCleanupRecord> | null> {
      const row = await db.previewLifecycleCleanup.findUnique({ where: { cleanupId } });
      return row ? toStored(row) : null;
    },

    /** The newest cleanup of a plan in one of the given statuses, if any. */
    async latestForPlan(
      planId: string,
      options: { statuses?: readonly PreviewLifecycleCleanupStatus[]; apply?: boolean } = {},
    ): Promise<StoredRecord<PreviewLifecycleCleanupRecord> | null> {
      const row = await db.previewLifecycleCleanup.findFirst({
        where: {
          planId,
          ...(options.statuses ? { status: { in: [...options.statuses] } } : {}),
          ...(options.apply !== undefined ? { apply: options.apply } : {}),
        },
        orderBy: [{ requestedAt: "desc" }, { cleanupId: "desc" }],
      });
      return row ? toStored(row) : null;
    },

    /** Cleanups of a context, newest first (bounded). */
    async listForContext(context: string, options: { product?: string; take?: number } = {}): Promise<Array<StoredRecord<PreviewLifecycleCleanupRecord>>> {
      const rows = await db.previewLifecycleCleanup.findMany({
        where: { context, ...(options.product ? { product: options.product } : {}) },
        orderBy: [{ requestedAt: "desc" }, { cleanupId: "desc" }],
        take: Math.min(Math.max(1, Math.trunc(options.take ?? 20)), 200),
      });
      return rows.map(toStored);
    },
  };
}

export type PreviewLifecycleCleanupRepository = ReturnType<typeof previewLifecycleCleanupRepository>;

function toStored(row: PreviewLifecycleCleanup): StoredRecord<PreviewLifecycleCleanupRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewLifecycleCleanupRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
