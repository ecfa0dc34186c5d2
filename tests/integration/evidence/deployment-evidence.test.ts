import { describe, expect, it } from "vitest";

import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
// Aliased: the react-hooks lint rule mistakes the `use` prefix for a React hook.
import { uniqueProduct, useTestDb as openTestDb } from "../../support/database";
import { ADDON_SHA, SOURCE_SHA, deploymentFor, productRowCounts } from "./evidence-fixtures";
import { storeManifest } from "../read-models/read-model-fixtures";
import { expectRefusal } from "../../support/refusal";

const { db } = openTestDb();

function lane(prefix: string) {
  const product = uniqueProduct(prefix);
  return { product, context: `ctx-${product}` };
}

describe("ingestDeploymentEvidence", () => {
  it("stores a passing testing deploy, refreshes inventory and mints the tuple in one go", async () => {
    const { product, context } = lane("deploy-mint");
    await storeManifest(db, product, `artifact-a1-${product}`);
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "testing", artifactId: `artifact-a1-${product}` });

    const result = await ingestDeploymentEvidence(db, { product, deployment, operation_id: `op-${product}` });

    const tupleId = `${context}-testing-artifact-a1-${product}`;
    expect(result).toEqual({
      duplicate: false,
      records: { deployment_record_id: deployment.record_id, inventory_record_id: `${context}-testing`, release_tuple_id: tupleId },
      inventoryRefreshed: true,
      releaseTuple: { minted: true, tuple_id: tupleId },
    });

    const stored = await db.deployment.findUniqueOrThrow({ where: { recordId: deployment.record_id } });
    expect(stored).toMatchObject({ product, context, instance: "testing", artifactId: `artifact-a1-${product}`, deployStatus: "pass", operationId: `op-${product}` });
    expect(stored.payload).toEqual(JSON.parse(JSON.stringify(deployment)));

    const inventory = await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "testing" } } });
    expect(inventory).toMatchObject({
      product,
      artifactId: `artifact-a1-${product}`,
      deploymentRecordId: deployment.record_id,
      promotionRecordId: "",
      promotedFromInstance: "",
      sourceGitRef: SOURCE_SHA,
    });

    const tuple = await db.releaseTuple.findUniqueOrThrow({ where: { context_channel: { context, channel: "testing" } } });
    expect(tuple).toMatchObject({ product, tupleId, artifactId: `artifact-a1-${product}`, provenance: "ship", deploymentRecordId: deployment.record_id });
    expect(tuple.payload).toMatchObject({
      tuple_id: tupleId,
      repo_shas: { [`tenant-${context}`]: SOURCE_SHA, "shared-addons": ADDON_SHA },
      image_repository: "ghcr.io/cbusillo/odoo-private",
      image_digest: `sha256:artifact-a1-${product}`,
      promoted_from_channel: "",
    });

    const history = await db.releaseTupleHistory.findMany({ where: { context } });
    expect(history.map((row) => [row.channel, row.tupleId, row.provenance])).toEqual([["testing", tupleId, "ship"]]);
    expect(await productRowCounts(db, product)).toEqual({
      artifacts: 1,
      deployments: 1,
      promotions: 0,
      backupGates: 0,
      inventories: 1,
      tuples: 1,
      tupleHistory: 1,
    });
  });

  it("writes deployment and inventory but no tuple when the manifest is missing", async () => {
    const { product, context } = lane("deploy-nomanifest");
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "prod", artifactId: `artifact-unknown-${product}` });

    const result = await ingestDeploymentEvidence(db, { product, deployment });

    expect(result.records).toEqual({ deployment_record_id: deployment.record_id, inventory_record_id: `${context}-prod` });
    expect(result.releaseTuple).toEqual({
      minted: false,
      reason: "manifest_missing",
      detail: `artifact manifest artifact-unknown-${product} is not stored for product ${product}`,
    });
    expect(await productRowCounts(db, product)).toMatchObject({ deployments: 1, inventories: 1, tuples: 0, tupleHistory: 0 });
  });

  it("mints nothing from a manifest with a branch name, writing only the deployment and inventory", async () => {
    const { product, context } = lane("deploy-branch");
    await storeManifest(db, product, `artifact-branch-${product}`, {
      addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: "main" }],
    });
    const before = await productRowCounts(db, product);
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "testing", artifactId: `artifact-branch-${product}` });

    const result = await ingestDeploymentEvidence(db, { product, deployment });

    expect(result.releaseTuple).toMatchObject({ minted: false, reason: "manifest_ref_not_sha" });
    expect(result.releaseTuple.minted === false && result.releaseTuple.detail).toContain('addon source cbusillo/odoo-shared-addons is "main"');
    expect(result.records).toEqual({ deployment_record_id: deployment.record_id, inventory_record_id: `${context}-testing` });
    expect(await productRowCounts(db, product)).toEqual({ ...before, deployments: 1, inventories: 1 });
    expect(await db.releaseTupleHistory.count({ where: { context } })).toBe(0);
  });

  it("does not count another product's manifest", async () => {
    const { product, context } = lane("deploy-foreign");
    const other = uniqueProduct("deploy-foreign-owner");
    await storeManifest(db, other, `artifact-${other}`);
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "testing", artifactId: `artifact-${other}` });

    const result = await ingestDeploymentEvidence(db, { product, deployment });

    expect(result.releaseTuple).toMatchObject({ minted: false, reason: "manifest_missing" });
    expect(await db.releaseTuple.count({ where: { context } })).toBe(0);
  });

  it("keeps the running inventory when a deploy fails or is pending", async () => {
    const { product, context } = lane("deploy-fail");
    await storeManifest(db, product, `artifact-good-${product}`);
    await storeManifest(db, product, `artifact-bad-${product}`);
    const good = deploymentFor({ recordId: `deployment-${product}-good`, context, instance: "prod", artifactId: `artifact-good-${product}` });
    await ingestDeploymentEvidence(db, { product, deployment: good });
    const inventoryBefore = await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "prod" } } });

    for (const status of ["fail", "pending"] as const) {
      const deployment = deploymentFor({ recordId: `deployment-${product}-${status}`, context, instance: "prod", artifactId: `artifact-bad-${product}`, status });
      const result = await ingestDeploymentEvidence(db, { product, deployment });
      expect(result).toEqual({
        duplicate: false,
        records: { deployment_record_id: deployment.record_id },
        inventoryRefreshed: false,
        releaseTuple: { minted: false, reason: "deploy_not_passed", detail: `deploy status is ${status}` },
      });
    }

    const inventoryAfter = await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "prod" } } });
    expect(inventoryAfter).toEqual(inventoryBefore);
    const tuple = await db.releaseTuple.findUniqueOrThrow({ where: { context_channel: { context, channel: "prod" } } });
    expect(tuple.artifactId).toBe(`artifact-good-${product}`);
    expect(await productRowCounts(db, product)).toMatchObject({ deployments: 3, inventories: 1, tuples: 1, tupleHistory: 1 });
  });

  it("refreshes inventory but mints no tuple outside testing and prod, or without an artifact", async () => {
    const { product, context } = lane("deploy-dev");
    await storeManifest(db, product, `artifact-dev-${product}`);
    const dev = deploymentFor({ recordId: `deployment-${product}-dev`, context, instance: "dev", artifactId: `artifact-dev-${product}` });
    const plain = deploymentFor({ recordId: `deployment-${product}-plain`, context, instance: "testing", artifactId: null });

    const devResult = await ingestDeploymentEvidence(db, { product, deployment: dev });
    const plainResult = await ingestDeploymentEvidence(db, { product, deployment: plain });

    expect(devResult.releaseTuple).toEqual({ minted: false, reason: "not_a_release_channel", detail: "instance dev is not a release channel (testing, prod)" });
    expect(devResult.records.inventory_record_id).toBe(`${context}-dev`);
    expect(plainResult.releaseTuple).toMatchObject({ minted: false, reason: "artifact_id_missing" });
    expect(plainResult.records.inventory_record_id).toBe(`${context}-testing`);
    expect(await productRowCounts(db, product)).toMatchObject({ deployments: 2, inventories: 2, tuples: 0, tupleHistory: 0 });
  });

  it("accepts an identical re-send without writing anything", async () => {
    const { product, context } = lane("deploy-dup");
    await storeManifest(db, product, `artifact-dup-${product}`);
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "testing", artifactId: `artifact-dup-${product}` });
    await ingestDeploymentEvidence(db, { product, deployment });
    const before = await productRowCounts(db, product);
    const inventoryBefore = await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "testing" } } });
    const tupleBefore = await db.releaseTuple.findUniqueOrThrow({ where: { context_channel: { context, channel: "testing" } } });

    const again = await ingestDeploymentEvidence(db, { product, deployment: structuredClone(deployment) });

    expect(again).toEqual({
      duplicate: true,
      records: { deployment_record_id: deployment.record_id },
      inventoryRefreshed: false,
      releaseTuple: { minted: false, reason: "duplicate_evidence", detail: "identical deployment evidence was already stored" },
    });
    expect(await productRowCounts(db, product)).toEqual(before);
    expect(await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "testing" } } })).toEqual(inventoryBefore);
    expect(await db.releaseTuple.findUniqueOrThrow({ where: { context_channel: { context, channel: "testing" } } })).toEqual(tupleBefore);
  });

  it("refuses the same record id with different content and changes nothing", async () => {
    const { product, context } = lane("deploy-conflict");
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "testing", status: "pending" });
    await ingestDeploymentEvidence(db, { product, deployment });
    const storedBefore = await db.deployment.findUniqueOrThrow({ where: { recordId: deployment.record_id } });
    const before = await productRowCounts(db, product);

    const changed = deploymentFor({ recordId: deployment.record_id, context, instance: "testing", status: "pass" });
    await expectRefusal(
      () => ingestDeploymentEvidence(db, { product, deployment: changed }),
      "record_conflict",
      `deployment ${deployment.record_id} already exists with different content`,
    );
    // The same content under another product is a conflict too.
    await expectRefusal(() => ingestDeploymentEvidence(db, { product: `${product}-x`, deployment }), "record_conflict");

    expect(await db.deployment.findUniqueOrThrow({ where: { recordId: deployment.record_id } })).toEqual(storedBefore);
    expect(await productRowCounts(db, product)).toEqual(before);
    expect(await db.inventory.count({ where: { context } })).toBe(0);
  });

  it("rolls back the deployment and inventory when the tuple write fails inside the transaction", async () => {
    const { product, context } = lane("deploy-atomic");
    // Context "<c>-testing" on prod with artifact "x-<p>" and context "<c>" on testing with
    // artifact "prod-x-<p>" both produce the tuple id "<c>-testing-prod-x-<p>".
    await storeManifest(db, product, `x-${product}`);
    await storeManifest(db, product, `prod-x-${product}`);
    const holder = deploymentFor({ recordId: `deployment-${product}-holder`, context: `${context}-testing`, instance: "prod", artifactId: `x-${product}` });
    expect((await ingestDeploymentEvidence(db, { product, deployment: holder })).releaseTuple).toEqual({
      minted: true,
      tuple_id: `${context}-testing-prod-x-${product}`,
    });
    const before = await productRowCounts(db, product);

    const colliding = deploymentFor({ recordId: `deployment-${product}-colliding`, context, instance: "testing", artifactId: `prod-x-${product}` });
    await expectRefusal(
      () => ingestDeploymentEvidence(db, { product, deployment: colliding }),
      "record_conflict",
      `release tuple ${context}-testing-prod-x-${product} already names the current tuple of another lane`,
    );

    expect(await db.deployment.findUnique({ where: { recordId: colliding.record_id } })).toBeNull();
    expect(await db.inventory.findUnique({ where: { context_instance: { context, instance: "testing" } } })).toBeNull();
    expect(await db.releaseTupleHistory.count({ where: { context } })).toBe(0);
    expect(await productRowCounts(db, product)).toEqual(before);
  });

  it("joins a caller's transaction, so the caller's failure undoes the evidence", async () => {
    const { product, context } = lane("deploy-joined");
    await storeManifest(db, product, `artifact-j1-${product}`);
    const deployment = deploymentFor({ recordId: `deployment-${product}-1`, context, instance: "testing", artifactId: `artifact-j1-${product}` });

    const outcome = await db
      .$transaction(async (tx) => {
        const result = await ingestDeploymentEvidence(tx, { product, deployment });
        expect(result.releaseTuple.minted).toBe(true);
        throw new Error("idempotency row refused");
      })
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));

    expect(outcome).toBe("idempotency row refused");
    expect(await productRowCounts(db, product)).toMatchObject({ deployments: 0, inventories: 0, tuples: 0, tupleHistory: 0 });
  });

  it("appends a history row per minted tuple and pages it newest first", async () => {
    const { product, context } = lane("deploy-history");
    const artifacts = [`artifact-h1-${product}`, `artifact-h2-${product}`, `artifact-h3-${product}`];
    for (const [index, artifactId] of artifacts.entries()) {
      await storeManifest(db, product, artifactId);
      const deployment = deploymentFor({ recordId: `deployment-${product}-${index}`, context, instance: "testing", artifactId });
      await ingestDeploymentEvidence(db, { product, deployment });
    }
    // Redeploying the same artifact mints again: a new history row with the same tuple id.
    await ingestDeploymentEvidence(db, {
      product,
      deployment: deploymentFor({ recordId: `deployment-${product}-again`, context, instance: "testing", artifactId: `artifact-h3-${product}` }),
    });

    const tuples = releaseTupleRepository(db);
    const current = await tuples.findCurrent(context, "testing");
    expect(current?.record).toMatchObject({ artifact_id: `artifact-h3-${product}`, deployment_record_id: `deployment-${product}-again` });

    const first = await tuples.listHistory(context, "testing", { limit: 3 });
    expect(first.items.map((item) => item.record.deployment_record_id)).toEqual([
      `deployment-${product}-again`,
      `deployment-${product}-2`,
      `deployment-${product}-1`,
    ]);
    expect(first.items.every((item) => item.product === product)).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const second = await tuples.listHistory(context, "testing", { limit: 3, cursor: first.nextCursor });
    expect(second.items.map((item) => item.record.tuple_id)).toEqual([`${context}-testing-artifact-h1-${product}`]);
    expect(second.nextCursor).toBeNull();
    expect((await tuples.listHistory(context, "prod")).items).toEqual([]);

    await expectRefusal(() => tuples.listHistory(context, "testing", { cursor: "not-a-cursor" }), "invalid_request");
  });
});
