import type { z } from "zod";
import { canonicalJson } from "@/server/contracts/canonical-json";
import { GenericWebRollbackPlanRecord } from "@/server/contracts/generic-web-rollback-plan";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { genericWebRollbackPlanRepository } from "@/server/repositories/generic-web-rollback-plan-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { parseContract } from "@/server/services/contract-input";

export type RollbackPlanWrite = "created" | "replaced" | "unchanged";

export interface RollbackPlanResult {
  outcome: RollbackPlanWrite;
  records: { generic_web_rollback_plan_id: string };
}

const MAX_PLANS = 200;

/**
 * Records a generic-web rollback plan (the plan itself is computed by the
 * guarded-operation planner). Plan ids are deterministic per lane and target
 * deployment, so planning the same deployment again replaces that plan, as
 * upstream does. A stored plan never moves to another product or lane: the
 * same id with a different scope is refused and nothing is written.
 */
export async function recordGenericWebRollbackPlan(
  db: DbClient,
  input: z.input<typeof GenericWebRollbackPlanRecord>,
): Promise<RollbackPlanResult> {
  const plan = parseContract(GenericWebRollbackPlanRecord, input, "generic web rollback plan record");
  const outcome = await inTransaction(db, async (tx): Promise<RollbackPlanWrite> => {
    const repository = genericWebRollbackPlanRepository(tx);
    const existing = await repository.find(plan.plan_id);
    if (existing) {
      const stored = existing.record;
      if (stored.product !== plan.product || stored.context !== plan.context || stored.instance !== plan.instance) {
        throw new LaunchplaneError(
          "record_conflict",
          `generic web rollback plan ${plan.plan_id} belongs to ${stored.product} ${stored.context}/${stored.instance}`,
        );
      }
      if (canonicalJson(stored) === canonicalJson(plan)) return "unchanged";
    }
    await repository.upsert(plan);
    return existing ? "replaced" : "created";
  });
  if (outcome !== "unchanged") {
    void publishRecordEvent({
      kind: "generic_web_rollback_plan",
      product: plan.product,
      id: plan.plan_id,
      context: plan.context,
      instance: plan.instance,
    });
  }
  return { outcome, records: { generic_web_rollback_plan_id: plan.plan_id } };
}

/** One plan of a product; 404 when it does not exist for that product. */
export async function readGenericWebRollbackPlan(db: DbClient, product: string, planId: string): Promise<GenericWebRollbackPlanRecord> {
  const stored = await genericWebRollbackPlanRepository(db).find(planId);
  if (!stored || stored.product !== product) {
    throw new LaunchplaneError("not_found", `generic web rollback plan ${planId} was not found for product ${product}`);
  }
  return stored.record;
}

/** The newest plans of a product, or of one of its lanes (one query). */
export async function listGenericWebRollbackPlans(
  db: DbClient,
  query: { product: string; context?: string; instance?: string; limit?: number },
): Promise<GenericWebRollbackPlanRecord[]> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PLANS) {
    throw new LaunchplaneError("invalid_request", `limit must be an integer from 1 to ${MAX_PLANS}`);
  }
  const repository = genericWebRollbackPlanRepository(db);
  let plans: Array<StoredRecord<GenericWebRollbackPlanRecord>>;
  if (query.context && query.instance) {
    plans = await repository.latestForLane({ product: query.product, context: query.context, instance: query.instance }, limit);
  } else if (!query.context && !query.instance) {
    plans = await repository.latestForProduct(query.product, limit);
  } else {
    throw new LaunchplaneError("invalid_request", "a lane filter needs both context and instance");
  }
  return plans.map((stored) => stored.record);
}
