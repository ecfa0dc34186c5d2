import { describe, expect, it } from "vitest";

import { readScope } from "@/server/auth/authorize";
import { AuthzPolicy } from "@/server/contracts/authz-policy";
import { PreviewDesiredStateRequest } from "@/server/contracts/preview-desired-state";
import { PreviewLifecycleCleanupRequest } from "@/server/contracts/preview-lifecycle-cleanup";
import { PreviewLifecyclePlanRequest } from "@/server/contracts/preview-lifecycle-plan";
import { PreviewPrFeedbackRequest } from "@/server/contracts/preview-pr-feedback";
import { ProductActivityPage, type ProductActivityEvent } from "@/server/contracts/product-activity";
import { recordAudit } from "@/server/services/audit-trail";
import { buildPreviewDesiredStateRecord, recordPreviewDesiredState } from "@/server/services/preview-desired-state";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { requestPreviewLifecycleCleanup } from "@/server/services/preview-lifecycle-cleanup";
import { planPreviewLifecycle } from "@/server/services/preview-lifecycle-plan";
import { recordPreviewPrFeedback } from "@/server/services/preview-pr-feedback";
import { readLaneTimeline, readProductActivity } from "@/server/services/product-activity";
import { uniqueProduct, useTestDb } from "../../support/database";
import { generationEvidence } from "../previews/preview-fixtures";
import {
  backupGate,
  deploy,
  growHistory,
  minute,
  observe,
  promote,
  type ReadModelProduct,
  seedReadModelProduct,
  statementsOf,
  storeManifest,
} from "./read-model-fixtures";
import { refusal } from "../../support/refusal";

const counter = useTestDb();
const { db } = counter;

/** The feed's order: (occurred_at, kind, id) descending, ids compared byte-wise. */
function follows(previous: ProductActivityEvent, next: ProductActivityEvent): boolean {
  if (previous.occurred_at !== next.occurred_at) return previous.occurred_at > next.occurred_at;
  if (previous.event_type !== next.event_type) return previous.event_type > next.event_type;
  const left = previous.event_id.slice(previous.event_type.length + 1);
  const right = next.event_id.slice(next.event_type.length + 1);
  return Buffer.compare(Buffer.from(left), Buffer.from(right)) > 0;
}

function expectOrdered(events: ProductActivityEvent[]): void {
  for (let index = 1; index < events.length; index += 1) {
    expect(follows(events[index - 1]!, events[index]!), `${events[index - 1]!.event_id} before ${events[index]!.event_id}`).toBe(true);
  }
}

/** Walks every page with `limit` and returns the events in order. */
async function walk(product: string, limit: number, query: Parameters<typeof readProductActivity>[2] = {}) {
  const events: ProductActivityEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: ProductActivityPage = await readProductActivity(db, product, { ...query, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    events.push(...page.items);
    cursor = page.next_cursor;
    pages += 1;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { events, pages };
}

/** Every family of evidence for one product, written through the services. */
async function seedActivity(scope: ReadModelProduct) {
  const { product, context, legacyContext, previewContext } = scope;
  const artifact = `artifact-${product}`;
  await storeManifest(db, product, artifact);
  await deploy(db, product, { recordId: `dep-${product}-legacy`, context: legacyContext, instance: "prod", artifactId: artifact, finishedAt: minute(0) });
  await deploy(db, product, { recordId: `dep-${product}-testing`, context, instance: "testing", artifactId: artifact, finishedAt: minute(1) });
  await deploy(db, product, { recordId: `dep-${product}-prod-fail`, context, instance: "prod", artifactId: artifact, finishedAt: minute(2), status: "fail" });
  await backupGate(db, product, { recordId: `gate-${product}`, context });
  await deploy(db, product, { recordId: `dep-${product}-prod`, context, instance: "prod", artifactId: artifact, finishedAt: minute(3) });
  await promote(db, product, { recordId: `promo-${product}`, context, artifactId: artifact, deploymentRecordId: `dep-${product}-prod`, backupRecordId: `gate-${product}` });
  await promote(db, product, {
    recordId: `rollback-${product}`,
    context,
    artifactId: artifact,
    record: { rollback: { attempted: true, status: "pass", started_at: "2026-04-20T16:20:00Z", finished_at: "2026-04-20T16:25:00Z" } },
  });
  await observe(db, { product, context, instance: "prod" }, "fail", minute(4));
  await recordAudit(db, {
    actor: { kind: "operator", login: "activity-tester", organizations: [], teams: [] },
    action: "operator.note",
    product,
    context,
    instance: "prod",
    targetType: "deployment",
    targetId: `dep-${product}-prod`,
    detail: { note: "checked" },
  });
  const pr = { product, context: previewContext, repo: "tenant-app", pr: 42 };
  await ingestPreviewGenerationEvidence(db, generationEvidence(pr));
  await recordPreviewDesiredState(db, {
    product,
    desired_state: buildPreviewDesiredStateRecord(
      PreviewDesiredStateRequest.parse({ product, context: previewContext, repository: "every/tenant-app", anchor_repo: "tenant-app" }),
      { status: "pass", pull_requests: [{ number: 42, html_url: "https://github.com/every/tenant-app/pull/42", head_sha: "abc1234" }] },
      "2026-04-20T11:00:00Z",
    ),
  });
  const plan = await planPreviewLifecycle(db, PreviewLifecyclePlanRequest.parse({ product, context: previewContext }), { now: new Date("2026-04-20T11:05:00Z") });
  await requestPreviewLifecycleCleanup(db, PreviewLifecycleCleanupRequest.parse({ product, context: previewContext, plan_id: plan.result.plan_id }), {
    now: new Date("2026-04-20T11:06:00Z"),
  });
  await recordPreviewPrFeedback(
    db,
    PreviewPrFeedbackRequest.parse({
      product,
      context: previewContext,
      repository: "every/tenant-app",
      anchor_repo: "tenant-app",
      anchor_pr_number: 42,
      anchor_pr_url: "https://github.com/every/tenant-app/pull/42",
      status: "ready",
      preview_url: "https://pr-42.preview.example.com",
    }),
    { now: new Date("2026-04-20T11:07:00Z") },
  );

  // Not this product's activity: another product's record in this product's context, and this
  // product's record in a context the profile does not name.
  await deploy(db, `${product}-other`, { recordId: `dep-${product}-foreign`, context, instance: "prod", artifactId: artifact, finishedAt: minute(5) });
  await deploy(db, product, { recordId: `dep-${product}-stray`, context: `${product}-stray`, instance: "prod", artifactId: artifact, finishedAt: minute(5) });
}

describe("readProductActivity", () => {
  it("returns every family of the product's records newest first, historical contexts included", async () => {
    const product = uniqueProduct("activity");
    const scope = await seedReadModelProduct(db, product);
    await seedActivity(scope);

    const page = await readProductActivity(db, product, { limit: 200 });
    expect(() => ProductActivityPage.parse(page)).not.toThrow();
    expect(page.next_cursor).toBeNull();
    expect(page.activity).toMatchObject({ schema_version: 1, product, display_name: `Product ${product}`, driver_id: "generic-web" });
    expect(page.activity.events).toEqual(page.items);
    expectOrdered(page.items);

    const byType = (type: string) => page.items.filter((event) => event.event_type === type);
    expect(byType("deployment").map((event) => event.event_id).sort()).toEqual(
      [`deployment:dep-${product}-legacy`, `deployment:dep-${product}-prod`, `deployment:dep-${product}-prod-fail`, `deployment:dep-${product}-testing`].sort(),
    );
    expect(byType("deployment").find((event) => event.event_id.endsWith("-legacy"))).toMatchObject({
      context: scope.legacyContext,
      environment: "prod",
      status: "pass",
      action_id: "stable_deploy",
      title: `Product ${product} prod deployment`,
      summary: `Deployment pass for ${scope.legacyContext}/prod.`,
    });
    expect(byType("promotion")).toEqual([
      expect.objectContaining({
        event_id: `promotion:promo-${product}`,
        action_id: "prod_promotion",
        summary: "testing to prod pass.",
        records: [
          { record_type: "promotion", record_id: `promo-${product}` },
          { record_type: "deployment", record_id: `dep-${product}-prod` },
          { record_type: "backup_gate", record_id: `gate-${product}` },
        ],
      }),
    ]);
    expect(byType("rollback")).toEqual([expect.objectContaining({ event_id: `rollback:rollback-${product}`, action_id: "prod_rollback", status: "pass" })]);
    expect(byType("backup_gate").map((event) => event.event_id)).toEqual([`backup_gate:gate-${product}`]);
    expect(byType("release_tuple").map((event) => event.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining(`${scope.context}-prod-artifact-${product}`), expect.stringContaining(`${scope.context}-testing-artifact-${product}`)]),
    );
    expect(byType("incident")).toEqual([expect.objectContaining({ environment: "prod", status: "open" })]);
    expect(byType("audit")).toEqual([
      expect.objectContaining({ action_id: "operator.note", environment: "prod", summary: `activity-tester (operator) operator.note on deployment dep-${product}-prod.` }),
    ]);
    expect(byType("preview")).toEqual([expect.objectContaining({ environment: "preview", status: "active", summary: `${scope.previewContext}/tenant-app/pr-42` })]);
    expect(byType("preview_generation")).toEqual([expect.objectContaining({ status: "ready", context: scope.previewContext })]);
    expect(byType("preview_desired_state")).toEqual([expect.objectContaining({ summary: "1 desired preview(s)." })]);
    expect(byType("preview_cleanup")).toEqual([expect.objectContaining({ action_id: "preview_destroy" })]);
    expect(byType("preview_pr_feedback")).toEqual([expect.objectContaining({ status: "ready", summary: "tenant-app#42 ready (skipped)." })]);

    const ids = page.items.map((event) => event.event_id);
    expect(ids).not.toContain(`deployment:dep-${product}-foreign`);
    expect(ids).not.toContain(`deployment:dep-${product}-stray`);
  });

  it("filters by kind and by lane; the lane timeline is the activity of one lane", async () => {
    const product = uniqueProduct("activity-filter");
    const scope = await seedReadModelProduct(db, product);
    await seedActivity(scope);

    const gatesAndDeploys = await readProductActivity(db, product, { kinds: ["deployment", "backup_gate"], limit: 200 });
    expect(new Set(gatesAndDeploys.items.map((event) => event.event_type))).toEqual(new Set(["deployment", "backup_gate"]));
    expect(gatesAndDeploys.items).toHaveLength(5);

    const prod = await readProductActivity(db, product, { lane: "prod", limit: 200 });
    expect(prod.items.length).toBeGreaterThan(0);
    expect(prod.items.every((event) => event.environment === "prod")).toBe(true);
    expect(prod.items.map((event) => event.event_type)).not.toContain("preview");

    const previews = await readProductActivity(db, product, { lane: "preview", limit: 200 });
    expect(new Set(previews.items.map((event) => event.event_type))).toEqual(
      new Set(["preview", "preview_generation", "preview_desired_state", "preview_cleanup", "preview_pr_feedback"]),
    );

    const timeline = await readLaneTimeline(db, product, "prod", { kinds: ["deployment"], limit: 200 });
    expect(timeline.items.map((event) => event.event_id)).toEqual([
      `deployment:dep-${product}-prod`,
      `deployment:dep-${product}-prod-fail`,
      `deployment:dep-${product}-legacy`,
    ]);
    const unknownLane = await refusal(() => readLaneTimeline(db, product, "staging"));
    expect([unknownLane.code, unknownLane.message]).toEqual(["not_found", `Product '${product}' has no environment 'staging'.`]);
  });

  it("leaves out contexts the read scope does not cover, and refuses a scope that covers none", async () => {
    const product = uniqueProduct("activity-scope");
    const scope = await seedReadModelProduct(db, product);
    await seedActivity(scope);
    const caller = { kind: "operator" as const, login: "reader", organizations: [], teams: [] };
    const policy = (contexts: string[]) =>
      AuthzPolicy.parse({
        github_humans: [{ logins: ["reader"], products: [product], contexts, actions: ["product.read"], roles: [] }],
      });

    const currentOnly = await readProductActivity(db, product, { limit: 200, scope: readScope(policy([scope.context]), caller, "product") });
    expect(currentOnly.items.length).toBeGreaterThan(0);
    expect(new Set(currentOnly.items.map((event) => event.context))).toEqual(new Set([scope.context]));

    const denied = await refusal(() => readProductActivity(db, product, { scope: readScope(policy(["elsewhere"]), caller, "product") }));
    expect(denied.code).toBe("authorization_denied");
    expect((await refusal(() => readProductActivity(db, `${product}-missing`))).code).toBe("not_found");
  });

  it("walks every page exactly once, in order, even when many records share a timestamp", async () => {
    const product = uniqueProduct("activity-pages");
    const scope = await seedReadModelProduct(db, product);
    // Every family gets one record per minute, so each minute holds a dozen
    // ties across kinds; three deployments share one finish time as well.
    await growHistory(db, scope, 0, 40);
    for (const suffix of ["a", "b", "c"]) {
      await deploy(db, product, { recordId: `dep-${product}-tie-${suffix}`, context: scope.context, instance: "testing", artifactId: null, finishedAt: minute(9) });
    }

    const expected =
      (await db.deployment.count({ where: { product } })) +
      (await db.promotion.count({ where: { product } })) +
      (await db.backupGate.count({ where: { product } })) +
      (await db.releaseTupleHistory.count({ where: { product } })) +
      (await db.publicIngressIncident.count({ where: { product } })) +
      (await db.auditEvent.count({ where: { product } })) +
      (await db.preview.count({ where: { product } })) +
      (await db.previewDesiredState.count({ where: { product } })) +
      (await db.previewLifecycleCleanup.count({ where: { product } })) +
      (await db.previewPrFeedback.count({ where: { product } }));
    expect(expected).toBe(40 * 10 + 3);

    const whole = await walk(product, 200);
    const paged = await walk(product, 7);
    console.log(`product activity pagination: ${paged.events.length} events in ${paged.pages} pages of 7`);
    expect(paged.events.length).toBe(expected);
    expect(new Set(paged.events.map((event) => event.event_id)).size).toBe(expected);
    expect(paged.events.map((event) => event.event_id)).toEqual(whole.events.map((event) => event.event_id));
    expectOrdered(paged.events);
    const ties = paged.events.filter((event) => event.event_id.startsWith(`deployment:dep-${product}-tie-`)).map((event) => event.event_id);
    expect(ties).toEqual([`deployment:dep-${product}-tie-c`, `deployment:dep-${product}-tie-b`, `deployment:dep-${product}-tie-a`]);

    // A filtered walk pages the same way.
    const lane = await walk(product, 5, { lane: "prod", kinds: ["deployment", "incident"] });
    expect(lane.events.length).toBe(80);
    expect(new Set(lane.events.map((event) => event.event_id)).size).toBe(80);
    expectOrdered(lane.events);
  });

  it("refuses bad cursors and page sizes", async () => {
    const product = uniqueProduct("activity-bad");
    await seedReadModelProduct(db, product);
    for (const cursor of ["not-a-cursor", Buffer.from(JSON.stringify(["2026-01-01T00:00:00Z", "nope", "x"])).toString("base64url")]) {
      const error = await refusal(() => readProductActivity(db, product, { cursor }));
      expect([error.code, error.message]).toEqual(["invalid_request", "cursor is not a cursor this service issued"]);
    }
    for (const limit of [0, 201, 1.5]) {
      expect((await refusal(() => readProductActivity(db, product, { limit }))).message).toBe("limit must be an integer from 1 to 200");
    }
  });

  it("sends the same number of statements with 5 and with 500 records of every family", async () => {
    const product = uniqueProduct("activity-budget");
    const scope = await seedReadModelProduct(db, product);
    await seedActivity(scope);
    await growHistory(db, scope, 0, 5);
    const small = await statementsOf(counter, () => readProductActivity(db, product));
    const smallLane = await statementsOf(counter, () => readLaneTimeline(db, product, "prod", { kinds: ["deployment", "promotion"] }));
    await growHistory(db, scope, 5, 500);
    const large = await statementsOf(counter, () => readProductActivity(db, product));
    const largeLane = await statementsOf(counter, () => readLaneTimeline(db, product, "prod", { kinds: ["deployment", "promotion"] }));
    const deep = await readProductActivity(db, product, { limit: 200 });
    const next = await statementsOf(counter, () => readProductActivity(db, product, { limit: 200, cursor: deep.next_cursor }));
    console.log(`product activity statements: ${small} with 5 records per family, ${large} with 500 (lane timeline ${smallLane} / ${largeLane}, a later page ${next})`);
    expect(await db.auditEvent.count({ where: { product } })).toBe(501);
    expect(large).toBe(small);
    expect(largeLane).toBe(smallLane);
    expect(next).toBe(small);
    expect(small).toBe(2);
  });
});
