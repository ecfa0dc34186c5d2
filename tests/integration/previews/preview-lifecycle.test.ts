import { describe, expect, it } from "vitest";
import { PreviewDesiredStateRecord, PreviewDesiredStateRequest } from "@/server/contracts/preview-desired-state";
import { PreviewInventoryScanRecord, buildPreviewInventoryScanId } from "@/server/contracts/preview-inventory-scan";
import { PreviewLifecycleCleanupRequest } from "@/server/contracts/preview-lifecycle-cleanup";
import { PreviewLifecyclePlanRequest } from "@/server/contracts/preview-lifecycle-plan";
import type { Database } from "@/server/db";
import { buildPreviewDesiredStateRecord, recordPreviewDesiredState } from "@/server/services/preview-desired-state";
import { ingestPreviewInventoryScanEvidence } from "@/server/services/preview-inventory-scan-evidence";
import { PLAN_NOT_FOUND_MESSAGE, requestPreviewLifecycleCleanup } from "@/server/services/preview-lifecycle-cleanup";
import { MISSING_INVENTORY_MESSAGE, planPreviewLifecycle } from "@/server/services/preview-lifecycle-plan";
import { useTestDb } from "../../support/database";
import { previewScope } from "./preview-fixtures";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();

function scan(context: string, slugs: string[], scannedAt = "2026-10-02T15:00:00Z", status: "pass" | "fail" = "pass") {
  return PreviewInventoryScanRecord.parse({
    scan_id: buildPreviewInventoryScanId(context, scannedAt),
    context,
    scanned_at: scannedAt,
    source: "verireel-preview-inventory",
    status,
    preview_count: slugs.length,
    preview_slugs: slugs,
    ...(status === "fail" ? { error_message: "provider timed out" } : {}),
  });
}

function desiredState(product: string, context: string, numbers: number[], discoveredAt = "2026-10-02T15:30:00Z") {
  return buildPreviewDesiredStateRecord(
    PreviewDesiredStateRequest.parse({ product, context, repository: "every/verireel", anchor_repo: "verireel" }),
    {
      status: "pass",
      pull_requests: numbers.map((number) => ({
        number,
        html_url: `https://github.com/every/verireel/pull/${number}`,
        head_sha: "abc1234",
      })),
    },
    discoveredAt,
  );
}


async function lifecycleCounts(database: Database, product: string) {
  const [scans, desired, plans, cleanups] = await Promise.all([
    database.previewInventoryScan.count({ where: { product } }),
    database.previewDesiredState.count({ where: { product } }),
    database.previewLifecyclePlan.count({ where: { product } }),
    database.previewLifecycleCleanup.count({ where: { product } }),
  ]);
  return { scans, desired, plans, cleanups };
}

const at = (iso: string) => ({ now: new Date(iso) });

describe("inventory scans and desired states (append-only)", () => {
  it("stores a zero-preview scan as evidence; identical re-sends write nothing; different content is record_conflict", async () => {
    const { product, context } = previewScope();
    const empty = scan(context, []);
    expect(await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: empty })).toEqual({
      duplicate: false,
      records: { preview_inventory_scan_id: empty.scan_id },
    });
    expect((await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: empty })).duplicate).toBe(true);

    const changed = { ...empty, preview_slugs: ["pr-1"], preview_count: 1 };
    const error = await refusal(ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: changed }));
    expect(error.code).toBe("record_conflict");
    expect(error.message).toContain(empty.scan_id);

    const rows = await db.previewInventoryScan.findMany({ where: { product } });
    expect(rows.map((row) => [row.scanId, row.previewCount])).toEqual([[empty.scan_id, 0]]);
  });

  it("records desired states append-only, refusing a foreign product and conflicting re-sends", async () => {
    const { product, context } = previewScope();
    const record = desiredState(product, context, [42, 7]);
    expect(record.desired_previews.map((preview) => preview.preview_slug)).toEqual(["pr-42", "pr-7"]);
    expect(record).toMatchObject({ status: "pass", desired_count: 2, desired_state_id: `preview-desired-state-${context}-20261002T153000Z` });

    expect((await recordPreviewDesiredState(db, { product, desired_state: record })).duplicate).toBe(false);
    expect((await recordPreviewDesiredState(db, { product, desired_state: record })).duplicate).toBe(true);
    const conflict = await refusal(
      recordPreviewDesiredState(db, { product, desired_state: { ...record, source: "other-workflow" } }),
    );
    expect(conflict.code).toBe("record_conflict");
    const foreign = await refusal(recordPreviewDesiredState(db, { product: `${product}-x`, desired_state: record }));
    expect(foreign.code).toBe("invalid_request");
    expect(await lifecycleCounts(db, product)).toMatchObject({ desired: 1 });
  });
});

describe("lifecycle plan", () => {
  it("plans against a zero-preview scan: pass, nothing orphaned, every desired preview missing", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, []) });
    await recordPreviewDesiredState(db, { product, desired_state: desiredState(product, context, [7]) });
    const { result, records } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }), at("2026-10-02T16:00:00.123Z"));
    expect(records.preview_lifecycle_plan_id).toBe(`preview-lifecycle-plan-${context}-20261002T160000123Z`);
    expect(result).toMatchObject({
      status: "pass",
      inventory_scan_id: scan(context, []).scan_id,
      desired_state_id: desiredState(product, context, [7]).desired_state_id,
      desired_slugs: ["pr-7"],
      actual_slugs: [],
      keep_slugs: [],
      orphaned_slugs: [],
      missing_slugs: ["pr-7"],
      error_message: "",
    });
  });

  it("without any scan the provider state is unknown: missing_inventory, never nothing-to-clean", async () => {
    const { product, context } = previewScope();
    await recordPreviewDesiredState(db, { product, desired_state: desiredState(product, context, [7]) });
    const { result } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }));
    expect(result).toMatchObject({
      status: "missing_inventory",
      inventory_scan_id: "",
      actual_slugs: [],
      orphaned_slugs: [],
      error_message: MISSING_INVENTORY_MESSAGE,
    });
    expect(await db.previewLifecyclePlan.count({ where: { product, status: "missing_inventory" } })).toBe(1);
  });

  it("derives keep / orphaned / missing from the latest desired state and the latest scan", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, ["pr-1"], "2026-10-01T00:00:00Z") });
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, ["pr-7", "pr-10", "pr-3", "pr-7"], "2026-10-02T00:00:00Z") });
    await recordPreviewDesiredState(db, { product, desired_state: desiredState(product, context, [1], "2026-10-01T00:00:00Z") });
    const latest = desiredState(product, context, [7, 8], "2026-10-02T00:00:00Z");
    await recordPreviewDesiredState(db, { product, desired_state: latest });

    const { result } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }));
    expect(result).toMatchObject({
      status: "pass",
      desired_state_id: latest.desired_state_id,
      inventory_scan_id: scan(context, [], "2026-10-02T00:00:00Z").scan_id,
      actual_slugs: ["pr-10", "pr-3", "pr-7"],
      keep_slugs: ["pr-7"],
      orphaned_slugs: ["pr-10", "pr-3"],
      missing_slugs: ["pr-8"],
    });

    const explicit = await planPreviewLifecycle(
      db,
      PreviewLifecyclePlanRequest.parse({ product, context, desired_previews: [{ preview_slug: " pr-3 " }, { preview_slug: "pr-10" }] }),
    );
    expect(explicit.result).toMatchObject({ desired_state_id: "", keep_slugs: ["pr-10", "pr-3"], orphaned_slugs: ["pr-7"] });
  });

  it("fails with nothing orphaned when the desired set is unknown or its discovery failed", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, ["pr-7"]) });
    const unknown = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }));
    expect(unknown.result).toMatchObject({ status: "fail", actual_slugs: ["pr-7"], orphaned_slugs: [] });
    expect(unknown.result.error_message).toContain("no desired preview state");

    const failed = PreviewDesiredStateRecord.parse({
      ...desiredState(product, context, []),
      status: "fail",
      error_message: "GitHub pull request list timed out.",
    });
    await recordPreviewDesiredState(db, { product, desired_state: failed });
    const blocked = await planPreviewLifecycle(
      db,
      PreviewLifecyclePlanRequest.parse({ product, context, desired_state_id: failed.desired_state_id }),
    );
    expect(blocked.result).toMatchObject({ status: "fail", desired_state_id: failed.desired_state_id, orphaned_slugs: [] });
    expect(blocked.result.error_message).toContain("GitHub pull request list timed out.");

    const missing = await refusal(
      planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context, desired_state_id: "preview-desired-state-nope" })),
    );
    expect(missing.code).toBe("not_found");
  });

  it("a failed latest scan makes the plan fail", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, [], "2026-10-02T15:00:00Z", "fail") });
    await recordPreviewDesiredState(db, { product, desired_state: desiredState(product, context, [7]) });
    const { result } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }));
    expect(result).toMatchObject({ status: "fail", error_message: "provider timed out" });
  });

  it("two plans in the same millisecond get distinct ids instead of overwriting", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, []) });
    const request = PreviewLifecyclePlanRequest.parse({ product, context, desired_previews: [{ preview_slug: "pr-1" }] });
    const first = await planPreviewLifecycle(db, request, at("2026-10-02T16:00:00.000Z"));
    const second = await planPreviewLifecycle(db, request, at("2026-10-02T16:00:00.000Z"));
    expect(first.result.plan_id).toBe(`preview-lifecycle-plan-${context}-20261002T160000000Z`);
    expect(second.result.plan_id).toBe(`preview-lifecycle-plan-${context}-20261002T160000001Z`);
    expect(await db.previewLifecyclePlan.count({ where: { product } })).toBe(2);
  });
});

describe("lifecycle cleanup (DECISIONS 13)", () => {
  async function passingPlanWithOrphans(product: string, context: string) {
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, ["pr-3", "pr-7", "pr-9"]) });
    await recordPreviewDesiredState(db, { product, desired_state: desiredState(product, context, [7]) });
    return (await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }), at("2026-10-02T16:00:00Z"))).result;
  }

  it("apply=false writes only the report: one planned result per orphan, nothing destroyed", async () => {
    const { product, context } = previewScope();
    const plan = await passingPlanWithOrphans(product, context);
    const before = await lifecycleCounts(db, product);
    const { result, records, awaitsExecution } = await requestPreviewLifecycleCleanup(
      db,
      PreviewLifecycleCleanupRequest.parse({ product, context, plan_id: plan.plan_id }),
      at("2026-10-02T16:10:00Z"),
    );
    expect(records.preview_lifecycle_cleanup_id).toBe(`preview-lifecycle-cleanup-${context}-20261002T161000000Z`);
    expect(awaitsExecution).toBe(false);
    expect(result).toMatchObject({
      status: "report_only",
      apply: false,
      plan_id: plan.plan_id,
      inventory_scan_id: plan.inventory_scan_id,
      planned_slugs: ["pr-3", "pr-9"],
      destroyed_slugs: [],
      results: [
        { preview_slug: "pr-3", status: "planned" },
        { preview_slug: "pr-9", status: "planned" },
      ],
    });
    expect(await lifecycleCounts(db, product)).toEqual({ ...before, cleanups: before.cleanups + 1 });
  });

  it("apply=false against a plan that did not pass records a blocked report", async () => {
    const { product, context } = previewScope();
    const { result: plan } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }));
    const { result } = await requestPreviewLifecycleCleanup(db, PreviewLifecycleCleanupRequest.parse({ product, context, plan_id: plan.plan_id }));
    expect(result).toMatchObject({ status: "blocked", apply: false, error_message: "Preview lifecycle plan status is missing_inventory; cleanup requires pass." });
  });

  it("apply=true without an existing plan of this product/context is refused (404) and writes nothing", async () => {
    const { product, context } = previewScope();
    const plan = await passingPlanWithOrphans(product, context);
    const before = await lifecycleCounts(db, product);
    for (const body of [
      { product, context, plan_id: "preview-lifecycle-plan-unknown", apply: true },
      { product, context: `${context}-other`, plan_id: plan.plan_id, apply: true },
      { product: `${product}-other`, context, plan_id: plan.plan_id, apply: true },
    ]) {
      const error = await refusal(requestPreviewLifecycleCleanup(db, PreviewLifecycleCleanupRequest.parse(body)));
      expect(error.code).toBe("not_found");
      expect(error.message).toBe(PLAN_NOT_FOUND_MESSAGE);
    }
    expect(await lifecycleCounts(db, product)).toEqual(before);
    expect(await db.previewLifecycleCleanup.count({ where: { planId: plan.plan_id } })).toBe(0);
  });

  it("apply=true with a plan that did not pass is refused and writes nothing", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, ["pr-1"], "2026-10-02T15:00:00Z", "fail") });
    const { result: plan } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context, desired_previews: [{ preview_slug: "pr-2" }] }));
    expect(plan.status).toBe("fail");
    const error = await refusal(
      requestPreviewLifecycleCleanup(db, PreviewLifecycleCleanupRequest.parse({ product, context, plan_id: plan.plan_id, apply: true })),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("status is fail");
    expect(await db.previewLifecycleCleanup.count({ where: { planId: plan.plan_id } })).toBe(0);
  });

  it("apply=true with the latest passing plan records an approved cleanup awaiting execution, once", async () => {
    const { product, context } = previewScope();
    const plan = await passingPlanWithOrphans(product, context);
    const request = PreviewLifecycleCleanupRequest.parse({ product, context, plan_id: plan.plan_id, apply: true });
    const approved = await requestPreviewLifecycleCleanup(db, request, at("2026-10-02T16:20:00Z"));
    expect(approved.awaitsExecution).toBe(true);
    expect(approved.result).toMatchObject({
      status: "approved",
      apply: true,
      planned_slugs: ["pr-3", "pr-9"],
      destroyed_slugs: [],
      failed_slugs: [],
      results: [
        { preview_slug: "pr-3", status: "planned" },
        { preview_slug: "pr-9", status: "planned" },
      ],
    });

    const again = await refusal(requestPreviewLifecycleCleanup(db, request, at("2026-10-02T16:21:00Z")));
    expect(again.code).toBe("operation_in_progress");
    expect(await db.previewLifecycleCleanup.count({ where: { planId: plan.plan_id } })).toBe(1);

    // A newer plan supersedes the old one for apply=true.
    const newer = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context }), at("2026-10-02T17:00:00Z"));
    const stale = await refusal(requestPreviewLifecycleCleanup(db, request, at("2026-10-02T17:01:00Z")));
    expect(stale.code).toBe("invalid_request");
    expect(stale.message).toContain(newer.result.plan_id);
  });

  it("apply=true with a passing plan and no orphans passes with nothing to execute", async () => {
    const { product, context } = previewScope();
    await ingestPreviewInventoryScanEvidence(db, { product, inventory_scan: scan(context, []) });
    const { result: plan } = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context, desired_previews: [{ preview_slug: "pr-1" }] }));
    const { result, awaitsExecution } = await requestPreviewLifecycleCleanup(
      db,
      PreviewLifecycleCleanupRequest.parse({ product, context, plan_id: plan.plan_id, apply: true }),
    );
    expect(awaitsExecution).toBe(false);
    expect(result).toMatchObject({ status: "pass", apply: true, planned_slugs: [], results: [] });
  });
});
