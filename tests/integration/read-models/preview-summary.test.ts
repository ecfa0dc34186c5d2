import { describe, expect, it } from "vitest";

import { readScope } from "@/server/auth/authorize";
import { AuthzPolicy } from "@/server/contracts/authz-policy";
import { PreviewSummary, PreviewSummaryList } from "@/server/contracts/preview-summary";
import { ingestPreviewDestroyedEvidence } from "@/server/services/preview-destroyed-evidence";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { listPreviewSummaries, readPreviewSummary } from "@/server/services/preview-summary";
import { uniqueProduct, useTestDb } from "../../support/database";
import { destroyRequest, generationEvidence, headSha } from "../previews/preview-fixtures";
import { growHistory, seedReadModelProduct, statementsOf } from "./read-model-fixtures";
import { refusal } from "../../support/refusal";

const counter = useTestDb();
const { db } = counter;

/** Three builds of one pull request: ready, failed, then building. */
async function threeGenerations(product: string, context: string, pr: number) {
  const scope = { product, context, repo: "tenant-app", pr };
  await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { head: headSha(1), requested_at: "2026-04-16T08:00:00Z" }));
  await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { head: headSha(2), state: "failed", requested_at: "2026-04-16T09:00:00Z" }));
  const last = await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { head: headSha(3), state: "building", requested_at: "2026-04-16T10:00:00Z" }));
  return { scope, previewId: last.records.preview_id };
}

describe("preview summaries", () => {
  it("summarizes one preview: record, latest generation, recent generations newest first", async () => {
    const product = uniqueProduct("preview-summary");
    const { previewContext } = await seedReadModelProduct(db, product);
    const { previewId } = await threeGenerations(product, previewContext, 7);

    const summary = await readPreviewSummary(db, previewId, { now: new Date("2026-04-16T10:10:00Z") });
    expect(() => PreviewSummary.parse(summary)).not.toThrow();
    expect(summary.product).toBe(product);
    expect(summary.preview).toMatchObject({ preview_id: previewId, state: "active", anchor_pr_number: 7 });
    expect(summary.recent_generations.map((generation) => [generation.sequence, generation.state])).toEqual([
      [3, "building"],
      [2, "failed"],
      [1, "ready"],
    ]);
    expect(summary.latest_generation?.sequence).toBe(3);
    expect(summary.provenance).toMatchObject({
      source_record_id: summary.latest_generation!.generation_id,
      recorded_at: "2026-04-16T10:00:00Z",
      freshness_status: "recorded",
      detail: "Latest Launchplane preview generation record.",
    });

    const two = await readPreviewSummary(db, previewId, { generationLimit: 2 });
    expect(two.recent_generations.map((generation) => generation.sequence)).toEqual([3, 2]);
    const missing = await refusal(() => readPreviewSummary(db, `${previewId}-missing`));
    expect([missing.code, missing.message]).toEqual(["not_found", `No Launchplane preview found for ${previewId}-missing.`]);
  });

  it("lists a product's previews, most recently updated first, without destroyed ones unless asked", async () => {
    const product = uniqueProduct("preview-list");
    const { previewContext } = await seedReadModelProduct(db, product);
    const first = await threeGenerations(product, previewContext, 1);
    const second = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence({ product, context: previewContext, repo: "tenant-app", pr: 2 }, { head: headSha(9), requested_at: "2026-04-17T08:00:00Z" }),
    );
    const gone = { product, context: previewContext, repo: "tenant-app", pr: 3 };
    const goneResult = await ingestPreviewGenerationEvidence(db, generationEvidence(gone, { head: headSha(4) }));
    await ingestPreviewDestroyedEvidence(db, { product, destroy: destroyRequest(gone) });
    // Another product's preview in the same context is not listed.
    await ingestPreviewGenerationEvidence(db, generationEvidence({ product: `${product}-other`, context: previewContext, repo: "other-app", pr: 4 }));

    const list = await listPreviewSummaries(db, product);
    expect(() => PreviewSummaryList.parse(list)).not.toThrow();
    const ids = list.items.map((item) => item.preview.preview_id);
    expect(new Set(ids)).toEqual(new Set([first.previewId, second.records.preview_id]));
    const updated = list.items.map((item) => item.preview.updated_at);
    expect([...updated].sort().reverse()).toEqual(updated);
    expect(list.items.every((item) => item.recent_generations.length === 1 && item.latest_generation === item.recent_generations[0])).toBe(true);
    expect(list.items.find((item) => item.preview.preview_id === first.previewId)?.latest_generation?.sequence).toBe(3);
    expect(list.truncated).toBe(false);

    const withDestroyed = await listPreviewSummaries(db, product, { includeDestroyed: true, generationLimit: 5 });
    expect(withDestroyed.items.map((item) => item.preview.preview_id)).toContain(goneResult.records.preview_id);
    expect(withDestroyed.items.find((item) => item.preview.preview_id === first.previewId)?.recent_generations).toHaveLength(3);

    const one = await listPreviewSummaries(db, product, { limit: 1 });
    expect(one.items).toHaveLength(1);
    expect(one.truncated).toBe(true);

    const caller = { kind: "operator" as const, login: "viewer", organizations: [], teams: [] };
    const laneOnly = readScope(
      AuthzPolicy.parse({ github_humans: [{ logins: ["viewer"], products: [product], contexts: [product], actions: ["preview.read"] }] }),
      caller,
      "preview",
    );
    expect((await listPreviewSummaries(db, product, { scope: laneOnly })).items).toEqual([]);
    expect((await refusal(() => listPreviewSummaries(db, `${product}-missing`))).code).toBe("not_found");
  });

  it("sends the same number of statements with 5 and with 500 generations and destroyed previews", async () => {
    const product = uniqueProduct("preview-budget");
    const scope = await seedReadModelProduct(db, product);
    const { previewId } = await threeGenerations(product, scope.previewContext, 11);
    const history = { ...scope, previewId, anchorRepo: "tenant-app", anchorPrNumber: 11 };

    await growHistory(db, history, 0, 5);
    const smallOne = await statementsOf(counter, () => readPreviewSummary(db, previewId));
    const smallList = await statementsOf(counter, () => listPreviewSummaries(db, product, { includeDestroyed: true, generationLimit: 3 }));
    await growHistory(db, history, 5, 500);
    const largeOne = await statementsOf(counter, () => readPreviewSummary(db, previewId));
    const largeList = await statementsOf(counter, () => listPreviewSummaries(db, product, { includeDestroyed: true, generationLimit: 3 }));
    console.log(`preview summary statements: one preview ${smallOne} / ${largeOne}, product list ${smallList} / ${largeList} (5 / 500 records of history)`);

    expect(await db.previewGeneration.count({ where: { previewId } })).toBe(503);
    const list = await listPreviewSummaries(db, product, { includeDestroyed: true, limit: 200, generationLimit: 3 });
    expect(list.items).toHaveLength(200);
    expect(list.truncated).toBe(true);
    expect(largeOne).toBe(smallOne);
    expect(largeList).toBe(smallList);
    expect(smallOne).toBe(2);
    expect(smallList).toBe(3);
  });
});
