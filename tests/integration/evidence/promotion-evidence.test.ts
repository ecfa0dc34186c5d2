import { describe, expect, it } from "vitest";

import { PromotionRecordFields } from "@/server/contracts/promotion";
import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { ingestPromotionEvidence } from "@/server/services/promotion-evidence";
// Aliased: the react-hooks lint rule mistakes the `use` prefix for a React hook.
import { uniqueProduct, useTestDb as openTestDb } from "../../support/database";
import { SOURCE_SHA, deploymentFor, manifestFor, productRowCounts, promotionFor } from "./evidence-fixtures";
import { expectRefusal } from "../../support/refusal";

const { db } = openTestDb();

/**
 * A product with a stored manifest, a testing deploy (which mints the
 * testing tuple) and a passing prod deployment of the same artifact.
 */
async function promotedLane(prefix: string, options: { artifactId?: string; prodStatus?: "pass" | "fail" } = {}) {
  const product = uniqueProduct(prefix);
  const context = `ctx-${product}`;
  const artifactId = options.artifactId ?? `artifact-p1-${product}`;
  await ingestArtifactEvidence(db, { product, artifact: manifestFor(artifactId) });
  const testing = deploymentFor({ recordId: `deployment-${product}-testing`, context, instance: "testing", artifactId });
  await ingestDeploymentEvidence(db, { product, deployment: testing });
  const prod = deploymentFor({
    recordId: `deployment-${product}-prod`,
    context,
    instance: "prod",
    artifactId,
    status: options.prodStatus ?? "pass",
    finishedAt: "2026-04-20T16:08:30Z",
  });
  await ingestDeploymentEvidence(db, { product, deployment: prod });
  return { product, context, artifactId, testing, prod };
}

const prodInventory = (context: string) => db.inventory.findUnique({ where: { context_instance: { context, instance: "prod" } } });

describe("ingestPromotionEvidence", () => {
  it("stores the promotion, refreshes the destination inventory and copies the source tuple", async () => {
    const { product, context, artifactId, prod } = await promotedLane("promo-ok");
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId, deploymentRecordId: prod.record_id });

    const result = await ingestPromotionEvidence(db, { product, promotion, operation_id: `op-${product}` });

    const tupleId = `${context}-prod-${artifactId}`;
    expect(result).toEqual({
      duplicate: false,
      records: { promotion_record_id: promotion.record_id, inventory_record_id: `${context}-prod`, release_tuple_id: tupleId },
      inventoryRefreshed: true,
      releaseTuple: { minted: true, tuple_id: tupleId },
    });
    const stored = await db.promotion.findUniqueOrThrow({ where: { recordId: promotion.record_id } });
    expect(stored).toMatchObject({
      product,
      context,
      fromInstance: "testing",
      toInstance: "prod",
      artifactId,
      deploymentRecordId: prod.record_id,
      operationId: `op-${product}`,
    });

    const inventory = await prodInventory(context);
    expect(inventory).toMatchObject({
      deploymentRecordId: prod.record_id,
      promotionRecordId: promotion.record_id,
      promotedFromInstance: "testing",
      artifactId,
    });
    expect(inventory?.payload).toMatchObject({ promotion_record_id: promotion.record_id, promoted_from_instance: "testing" });

    const tuples = releaseTupleRepository(db);
    const current = await tuples.findCurrent(context, "prod");
    expect(current?.record).toMatchObject({
      tuple_id: tupleId,
      provenance: "promotion",
      promoted_from_channel: "testing",
      deployment_record_id: prod.record_id,
      promotion_record_id: promotion.record_id,
      repo_shas: { [`tenant-${context}`]: SOURCE_SHA, "shared-addons": "def5678" },
    });
    // The prod deploy minted a ship tuple first; the promotion's copy is appended after it.
    const history = await tuples.listHistory(context, "prod");
    expect(history.items.map((item) => item.record.provenance)).toEqual(["promotion", "ship"]);
  });

  it("refuses a link to a missing deployment with 404 and writes nothing", async () => {
    const { product, context, artifactId } = await promotedLane("promo-missing");
    const before = await productRowCounts(db, product);
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId, deploymentRecordId: `deployment-${product}-nope` });

    await expectRefusal(
      () => ingestPromotionEvidence(db, { product, promotion }),
      "not_found",
      `Promotion linked deployment record 'deployment-${product}-nope' was not found.`,
    );
    expect(await db.promotion.findUnique({ where: { recordId: promotion.record_id } })).toBeNull();
    expect(await productRowCounts(db, product)).toEqual(before);
  });

  it("treats another product's deployment as missing", async () => {
    const { product, context, artifactId } = await promotedLane("promo-foreign");
    const other = await promotedLane("promo-foreign-owner");
    const before = await productRowCounts(db, product);
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId, deploymentRecordId: other.prod.record_id });

    await expectRefusal(() => ingestPromotionEvidence(db, { product, promotion }), "not_found");
    expect(await productRowCounts(db, product)).toEqual(before);
  });

  it("refuses context, destination and artifact mismatches with 400 and writes nothing", async () => {
    const { product, context, artifactId, testing, prod } = await promotedLane("promo-mismatch");
    const elsewhere = deploymentFor({ recordId: `deployment-${product}-elsewhere`, context: `${context}-other`, instance: "prod", artifactId });
    await ingestDeploymentEvidence(db, { product, deployment: elsewhere });
    const otherArtifact = deploymentFor({ recordId: `deployment-${product}-other-artifact`, context, instance: "prod", artifactId: `artifact-other-${product}` });
    await ingestDeploymentEvidence(db, { product, deployment: otherArtifact });
    const before = await productRowCounts(db, product);
    const inventoryBefore = await prodInventory(context);

    const cases = [
      { deploymentRecordId: elsewhere.record_id, message: "Promotion record context does not match linked deployment record context." },
      { deploymentRecordId: testing.record_id, message: "Promotion destination instance does not match linked deployment record instance." },
      { deploymentRecordId: otherArtifact.record_id, message: "Promotion artifact_id does not match linked deployment record artifact_id." },
    ];
    for (const [index, { deploymentRecordId, message }] of cases.entries()) {
      const promotion = promotionFor({ recordId: `promotion-${product}-${index}`, context, artifactId, deploymentRecordId });
      await expectRefusal(() => ingestPromotionEvidence(db, { product, promotion }), "invalid_request", message);
      expect(await db.promotion.findUnique({ where: { recordId: promotion.record_id } })).toBeNull();
    }
    expect(await productRowCounts(db, product)).toEqual(before);
    expect(await prodInventory(context)).toEqual(inventoryBefore);
    expect(prod.record_id).not.toBe(otherArtifact.record_id);
  });

  it("refuses a promotion whose source and destination are the same instance", async () => {
    const { product, context, artifactId, prod } = await promotedLane("promo-same");
    const before = await productRowCounts(db, product);
    // Built past the contract's own refusal, as a caller bypassing the route could.
    const promotion = PromotionRecordFields.parse({
      ...promotionFor({ recordId: `promotion-${product}-1`, context, artifactId, deploymentRecordId: prod.record_id }),
      from_instance: "prod",
    });

    await expectRefusal(
      () => ingestPromotionEvidence(db, { product, promotion }),
      "invalid_request",
      "promotion source and destination instances must differ",
    );
    expect(await productRowCounts(db, product)).toEqual(before);
  });

  it("stores a promotion without a deployment link alone", async () => {
    const { product, context, artifactId } = await promotedLane("promo-unlinked");
    const before = await productRowCounts(db, product);
    const inventoryBefore = await prodInventory(context);
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId });

    const result = await ingestPromotionEvidence(db, { product, promotion });

    expect(result).toEqual({
      duplicate: false,
      records: { promotion_record_id: promotion.record_id },
      inventoryRefreshed: false,
      releaseTuple: { minted: false, reason: "no_linked_deployment", detail: "the promotion names no deployment_record_id" },
    });
    expect(await productRowCounts(db, product)).toEqual({ ...before, promotions: 1 });
    expect(await prodInventory(context)).toEqual(inventoryBefore);
  });

  it("does not refresh inventory or copy the tuple for a failed promotion", async () => {
    const { product, context, artifactId } = await promotedLane("promo-failed", { prodStatus: "fail" });
    const failedProd = `deployment-${product}-prod`;
    const before = await productRowCounts(db, product);
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId, deploymentRecordId: failedProd, status: "fail" });

    const result = await ingestPromotionEvidence(db, { product, promotion });

    expect(result.records).toEqual({ promotion_record_id: promotion.record_id });
    expect(result.releaseTuple).toEqual({
      minted: false,
      reason: "deploy_not_passed",
      detail: "promotion deploy status is fail, linked deployment status is fail",
    });
    expect(await productRowCounts(db, product)).toEqual({ ...before, promotions: 1 });
    expect(await prodInventory(context)).toBeNull();
  });

  it("refreshes inventory but copies no tuple when the source lane has no tuple for the artifact", async () => {
    const product = uniqueProduct("promo-notuple");
    const context = `ctx-${product}`;
    // The prod deploy has no stored manifest, so neither lane has a tuple.
    const prod = deploymentFor({ recordId: `deployment-${product}-prod`, context, instance: "prod", artifactId: `artifact-n1-${product}` });
    await ingestDeploymentEvidence(db, { product, deployment: prod });
    const missing = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId: `artifact-n1-${product}`, deploymentRecordId: prod.record_id });

    const result = await ingestPromotionEvidence(db, { product, promotion: missing });

    expect(result.records).toEqual({ promotion_record_id: missing.record_id, inventory_record_id: `${context}-prod` });
    expect(result.releaseTuple).toEqual({ minted: false, reason: "source_tuple_missing", detail: `no current release tuple for ${context}/testing` });
    expect((await prodInventory(context))?.promotionRecordId).toBe(missing.record_id);
    expect(await db.releaseTuple.count({ where: { context } })).toBe(0);

    // A testing tuple for another artifact is not a source for this one.
    await ingestArtifactEvidence(db, { product, artifact: manifestFor(`artifact-newer-${product}`) });
    await ingestDeploymentEvidence(db, {
      product,
      deployment: deploymentFor({ recordId: `deployment-${product}-testing`, context, instance: "testing", artifactId: `artifact-newer-${product}` }),
    });
    const mismatch = promotionFor({ recordId: `promotion-${product}-2`, context, artifactId: `artifact-n1-${product}`, deploymentRecordId: prod.record_id });
    const second = await ingestPromotionEvidence(db, { product, promotion: mismatch });
    expect(second.releaseTuple).toEqual({
      minted: false,
      reason: "source_tuple_artifact_mismatch",
      detail: `${context}/testing release tuple is for artifact artifact-newer-${product}, not artifact-n1-${product}`,
    });
    expect(await db.releaseTuple.count({ where: { context, channel: "prod" } })).toBe(0);
  });

  it("accepts an identical re-send without writing, refuses different content and changes nothing", async () => {
    const { product, context, artifactId, prod } = await promotedLane("promo-dup");
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId, deploymentRecordId: prod.record_id });
    await ingestPromotionEvidence(db, { product, promotion });
    const before = await productRowCounts(db, product);
    const inventoryBefore = await prodInventory(context);
    const storedBefore = await db.promotion.findUniqueOrThrow({ where: { recordId: promotion.record_id } });

    const again = await ingestPromotionEvidence(db, { product, promotion: structuredClone(promotion) });
    expect(again).toEqual({
      duplicate: true,
      records: { promotion_record_id: promotion.record_id },
      inventoryRefreshed: false,
      releaseTuple: { minted: false, reason: "duplicate_evidence", detail: "identical promotion evidence was already stored" },
    });

    const changed = { ...promotion, backup_record_id: "backup-other" };
    await expectRefusal(
      () => ingestPromotionEvidence(db, { product, promotion: changed }),
      "record_conflict",
      `promotion ${promotion.record_id} already exists with different content`,
    );

    expect(await productRowCounts(db, product)).toEqual(before);
    expect(await prodInventory(context)).toEqual(inventoryBefore);
    expect(await db.promotion.findUniqueOrThrow({ where: { recordId: promotion.record_id } })).toEqual(storedBefore);
  });

  it("rolls back the promotion and inventory when the tuple copy fails inside the transaction", async () => {
    const product = uniqueProduct("promo-atomic");
    const context = `ctx-${product}`;
    // The prod deployment lands before any manifest is stored, so it mints no prod tuple.
    const prod = deploymentFor({ recordId: `deployment-${product}-prod`, context, instance: "prod", artifactId: `testing-x-${product}` });
    await ingestDeploymentEvidence(db, { product, deployment: prod });
    await ingestArtifactEvidence(db, { product, artifact: manifestFor(`testing-x-${product}`) });
    await ingestArtifactEvidence(db, { product, artifact: manifestFor(`x-${product}`) });
    await ingestDeploymentEvidence(db, {
      product,
      deployment: deploymentFor({ recordId: `deployment-${product}-testing`, context, instance: "testing", artifactId: `testing-x-${product}` }),
    });
    // Lane "<c>-prod"/testing with artifact "x-<p>" holds tuple id "<c>-prod-testing-x-<p>",
    // the id the promotion's copy into "<c>"/prod of artifact "testing-x-<p>" would take.
    await ingestDeploymentEvidence(db, {
      product,
      deployment: deploymentFor({ recordId: `deployment-${product}-holder`, context: `${context}-prod`, instance: "testing", artifactId: `x-${product}` }),
    });
    const before = await productRowCounts(db, product);
    const inventoryBefore = await prodInventory(context);
    const promotion = promotionFor({ recordId: `promotion-${product}-1`, context, artifactId: `testing-x-${product}`, deploymentRecordId: prod.record_id });

    await expectRefusal(
      () => ingestPromotionEvidence(db, { product, promotion }),
      "record_conflict",
      `release tuple ${context}-prod-testing-x-${product} already names the current tuple of another lane`,
    );

    expect(await db.promotion.findUnique({ where: { recordId: promotion.record_id } })).toBeNull();
    expect(await prodInventory(context)).toEqual(inventoryBefore);
    expect(inventoryBefore?.promotionRecordId).toBe("");
    expect(await productRowCounts(db, product)).toEqual(before);
  });
});
