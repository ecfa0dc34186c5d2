import type { PreviewPrFeedbackRecord } from "@/server/contracts/preview-pr-feedback";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PreviewPrFeedback } from "@/generated/prisma/client";

/** Preview PR feedback attempts: append-only, one row per feedback_id. */
export function previewPrFeedbackRepository(db: DbClient) {
  return {
    /** Inserts the record unless its id exists; then returns what is stored. */
    async insert(record: PreviewPrFeedbackRecord): Promise<InsertOutcome<PreviewPrFeedbackRecord>> {
      const created = await db.previewPrFeedback.createMany({
        data: [
          {
            feedbackId: record.feedback_id,
            product: record.product,
            context: record.context,
            anchorRepo: record.anchor_repo,
            anchorPrNumber: record.anchor_pr_number,
            status: record.status,
            deliveryStatus: record.delivery_status,
            requestedAt: requiredDate(record.requested_at, "preview PR feedback requested_at"),
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.feedback_id);
      if (!existing) throw new Error(`preview PR feedback ${record.feedback_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(feedbackId: string): Promise<StoredRecord<PreviewPrFeedbackRecord> | null> {
      const row = await db.previewPrFeedback.findUnique({ where: { feedbackId } });
      return row ? toStored(row) : null;
    },

    /** Feedback attempts for one pull request, newest first (bounded). */
    async listForPullRequest(
      anchorRepo: string,
      anchorPrNumber: number,
      options: { context?: string; take?: number } = {},
    ): Promise<Array<StoredRecord<PreviewPrFeedbackRecord>>> {
      const rows = await db.previewPrFeedback.findMany({
        where: { anchorRepo, anchorPrNumber, ...(options.context ? { context: options.context } : {}) },
        orderBy: [{ requestedAt: "desc" }, { feedbackId: "desc" }],
        take: Math.min(Math.max(1, Math.trunc(options.take ?? 20)), 200),
      });
      return rows.map(toStored);
    },
  };
}

export type PreviewPrFeedbackRepository = ReturnType<typeof previewPrFeedbackRepository>;

function toStored(row: PreviewPrFeedback): StoredRecord<PreviewPrFeedbackRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewPrFeedbackRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
