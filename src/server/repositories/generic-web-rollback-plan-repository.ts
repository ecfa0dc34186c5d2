import type { GenericWebRollbackPlanRecord } from "@/server/contracts/generic-web-rollback-plan";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { GenericWebRollbackPlan } from "@/generated/prisma/client";

/**
 * Generic-web rollback plans. The plan id is deterministic per lane and
 * target deployment, so re-planning the same deployment replaces that row
 * (as the upstream store does); other plans are never touched.
 */
export function genericWebRollbackPlanRepository(db: DbClient) {
  return {
    async upsert(record: GenericWebRollbackPlanRecord): Promise<void> {
      const columns = {
        product: record.product,
        context: record.context,
        instance: record.instance,
        status: record.status,
        rollbackDeploymentRecordId: record.rollback_deployment_record_id,
        plannedAt: requiredDate(record.created_at, "generic web rollback plan created_at"),
        payload: asJson(record),
      };
      await db.genericWebRollbackPlan.upsert({
        where: { planId: record.plan_id },
        create: { planId: record.plan_id, ...columns },
        update: columns,
      });
    },

    async find(planId: string): Promise<StoredRecord<GenericWebRollbackPlanRecord> | null> {
      const row = await db.genericWebRollbackPlan.findUnique({ where: { planId } });
      return row ? toStored(row) : null;
    },

    /** The newest plans of a lane, newest first. */
    async latestForLane(
      lane: { product: string; context: string; instance: string },
      take: number,
    ): Promise<Array<StoredRecord<GenericWebRollbackPlanRecord>>> {
      const rows = await db.genericWebRollbackPlan.findMany({
        where: lane,
        orderBy: [{ plannedAt: "desc" }, { planId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /** The newest plans of a product, newest first. */
    async latestForProduct(product: string, take: number): Promise<Array<StoredRecord<GenericWebRollbackPlanRecord>>> {
      const rows = await db.genericWebRollbackPlan.findMany({
        where: { product },
        orderBy: [{ plannedAt: "desc" }, { planId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },
  };
}

export type GenericWebRollbackPlanRepository = ReturnType<typeof genericWebRollbackPlanRepository>;

function toStored(row: GenericWebRollbackPlan): StoredRecord<GenericWebRollbackPlanRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as GenericWebRollbackPlanRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
