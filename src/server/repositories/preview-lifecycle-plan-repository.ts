import type { PreviewLifecyclePlanRecord } from "@/server/contracts/preview-lifecycle-plan";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { PreviewLifecyclePlan } from "@/generated/prisma/client";

/** Preview lifecycle plans: append-only, one row per plan_id. */
export function previewLifecyclePlanRepository(db: DbClient) {
  return {
    /** Inserts the plan unless its id exists; then returns what is stored. */
    async insert(record: PreviewLifecyclePlanRecord): Promise<InsertOutcome<PreviewLifecyclePlanRecord>> {
      const created = await db.previewLifecyclePlan.createMany({
        data: [
          {
            planId: record.plan_id,
            product: record.product,
            context: record.context,
            status: record.status,
            inventoryScanId: record.inventory_scan_id,
            desiredStateId: record.desired_state_id,
            plannedAt: requiredDate(record.planned_at, "preview lifecycle plan planned_at"),
            payload: asJson(record),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.plan_id);
      if (!existing) throw new Error(`preview lifecycle plan ${record.plan_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(planId: string): Promise<StoredRecord<PreviewLifecyclePlanRecord> | null> {
      const row = await db.previewLifecyclePlan.findUnique({ where: { planId } });
      return row ? toStored(row) : null;
    },

    /**
     * Reads the plan and locks its row until the surrounding transaction
     * ends, so decisions taken on one plan (cleanup approval) serialise.
     */
    async findForUpdate(planId: string): Promise<StoredRecord<PreviewLifecyclePlanRecord> | null> {
      const rows = await db.$queryRaw<Array<{ product: string; payload: unknown; stored_at: Date }>>`
        SELECT product, payload, stored_at FROM launchplane_preview_lifecycle_plans
        WHERE plan_id = ${planId} FOR UPDATE`;
      const row = rows[0];
      if (!row) return null;
      return { product: row.product, record: row.payload as PreviewLifecyclePlanRecord, operationId: null, storedAt: row.stored_at };
    },

    /** The latest plan of a context (planned_at, then plan_id, descending). */
    async latestForContext(context: string, product?: string): Promise<StoredRecord<PreviewLifecyclePlanRecord> | null> {
      const row = await db.previewLifecyclePlan.findFirst({
        where: { context, ...(product ? { product } : {}) },
        orderBy: [{ plannedAt: "desc" }, { planId: "desc" }],
      });
      return row ? toStored(row) : null;
    },
  };
}

export type PreviewLifecyclePlanRepository = ReturnType<typeof previewLifecyclePlanRepository>;

function toStored(row: PreviewLifecyclePlan): StoredRecord<PreviewLifecyclePlanRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewLifecyclePlanRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
