import { describe, expect, it } from "vitest";
import { buildGenericWebRollbackPlanId } from "@/server/contracts/generic-web-rollback-plan";
import {
  listGenericWebRollbackPlans,
  readGenericWebRollbackPlan,
  recordGenericWebRollbackPlan,
} from "@/server/services/generic-web-rollback-plans";
import { uniqueProduct, useTestDb } from "../../support/database";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();

function blockedPlan(product: string, deploymentId: string, overrides: Record<string, unknown> = {}) {
  return {
    plan_id: buildGenericWebRollbackPlanId({ context: product, instance: "prod", deployment_record_id: deploymentId }),
    product,
    context: product,
    instance: "prod",
    status: "blocked" as const,
    rollback_deployment_record_id: deploymentId,
    blockers: [
      { code: "target_deploy_not_passed" as const, message: "The selected deployment did not pass." },
      { code: "backup_gate_missing" as const, message: "No backup gate was recorded." },
    ],
    created_at: "2026-05-07T16:00:00Z",
    summary: "Rollback is blocked.",
    ...overrides,
  };
}


describe("generic-web rollback plans", () => {
  it("records a plan, writes nothing for an identical one, and replaces it when the same deployment is planned again", async () => {
    const product = uniqueProduct("rollback");
    const plan = blockedPlan(product, "deployment-Prod-1");
    expect(plan.plan_id).toBe(`generic-web-rollback-plan-${product}-prod-deployment-prod-1`);

    expect(await recordGenericWebRollbackPlan(db, plan)).toEqual({
      outcome: "created",
      records: { generic_web_rollback_plan_id: plan.plan_id },
    });
    expect((await recordGenericWebRollbackPlan(db, plan)).outcome).toBe("unchanged");
    const replanned = blockedPlan(product, "deployment-Prod-1", { created_at: "2026-05-07T17:00:00Z", summary: "Still blocked." });
    expect((await recordGenericWebRollbackPlan(db, replanned)).outcome).toBe("replaced");

    const stored = await readGenericWebRollbackPlan(db, product, plan.plan_id);
    expect(stored.summary).toBe("Still blocked.");
    // Blockers are stored sorted by code.
    expect(stored.blockers.map((blocker) => blocker.code)).toEqual(["backup_gate_missing", "target_deploy_not_passed"]);
    const row = await db.genericWebRollbackPlan.findUnique({ where: { planId: plan.plan_id } });
    expect(row).toMatchObject({ product, context: product, instance: "prod", status: "blocked", rollbackDeploymentRecordId: "deployment-Prod-1" });
    expect(row?.plannedAt.toISOString()).toBe("2026-05-07T17:00:00.000Z");
  });

  it("lists a product's plans and a lane's plans, newest first", async () => {
    const product = uniqueProduct("rollback");
    await recordGenericWebRollbackPlan(db, blockedPlan(product, "dep-1"));
    await recordGenericWebRollbackPlan(db, blockedPlan(product, "dep-2", { created_at: "2026-05-07T18:00:00Z" }));
    await recordGenericWebRollbackPlan(
      db,
      blockedPlan(product, "dep-3", {
        plan_id: buildGenericWebRollbackPlanId({ context: product, instance: "testing", deployment_record_id: "dep-3" }),
        instance: "testing",
      }),
    );
    expect((await listGenericWebRollbackPlans(db, { product })).map((plan) => plan.rollback_deployment_record_id)).toEqual([
      "dep-2",
      "dep-3",
      "dep-1",
    ]);
    expect(
      (await listGenericWebRollbackPlans(db, { product, context: product, instance: "prod", limit: 1 })).map(
        (plan) => plan.rollback_deployment_record_id,
      ),
    ).toEqual(["dep-2"]);
    expect((await refusal(listGenericWebRollbackPlans(db, { product, context: product }))).code).toBe("invalid_request");
  });

  it("refuses to move a stored plan to another product (409) and writes nothing", async () => {
    const product = uniqueProduct("rollback");
    const plan = blockedPlan(product, "dep-1");
    await recordGenericWebRollbackPlan(db, plan);
    const before = await db.genericWebRollbackPlan.findUnique({ where: { planId: plan.plan_id } });

    const other = uniqueProduct("intruder");
    const error = await refusal(recordGenericWebRollbackPlan(db, { ...plan, product: other, summary: "Taken over." }));
    expect(error.code).toBe("record_conflict");
    expect(error.message).toContain(`belongs to ${product} ${product}/prod`);
    expect(await db.genericWebRollbackPlan.findUnique({ where: { planId: plan.plan_id } })).toEqual(before);
    expect(await db.genericWebRollbackPlan.count({ where: { product: other } })).toBe(0);
    expect((await refusal(readGenericWebRollbackPlan(db, other, plan.plan_id))).code).toBe("not_found");
  });

  it("refuses a plan that breaks the contract (400) and writes nothing", async () => {
    const product = uniqueProduct("rollback");
    const plan = { ...blockedPlan(product, "dep-1"), status: "ready" as const };
    const error = await refusal(recordGenericWebRollbackPlan(db, plan));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/ready generic web rollback plan cannot include blockers/);
    expect(await db.genericWebRollbackPlan.count({ where: { product } })).toBe(0);
  });
});
