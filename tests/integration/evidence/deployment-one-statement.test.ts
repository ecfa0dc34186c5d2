import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "@/server/db";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { buildAuditEvent } from "@/server/services/audit-trail";
import {
  type DeploymentIdempotency,
  ingestDeploymentEvidence,
  ingestNewDeploymentInOneStatement,
} from "@/server/services/deployment-evidence";
import { uniqueProduct } from "../../support/database";
import { deploymentFor, manifestFor, productRowCounts } from "./evidence-fixtures";

/**
 * The one-statement path must write exactly what the transactional path
 * writes for new evidence, and nothing at all whenever the evidence is not
 * simply new (the transactional path then decides).
 */
const db = createDatabase(inject("databaseUrl"), 4);
afterAll(() => db.$disconnect());

function key(product: string, value: string, response: Record<string, unknown> = { status: "accepted" }): DeploymentIdempotency {
  return {
    ref: { scope: `${product}/repo|wf|sub`, routePath: "/v1/evidence/deployments", idempotencyKey: value },
    fingerprint: "f".repeat(64),
    traceId: "launchplane_req_00000000000000000000000000000001",
    expiresAt: new Date(Date.now() + 3_600_000),
    responseFor: (result) => ({ ...response, records: result.records }),
  };
}

async function stored(product: string) {
  const [deployments, inventories, tuples, history] = await Promise.all([
    db.deployment.findMany({ where: { product }, orderBy: { recordId: "asc" } }),
    db.inventory.findMany({ where: { product }, orderBy: { instance: "asc" } }),
    db.releaseTuple.findMany({ where: { product }, orderBy: { channel: "asc" } }),
    db.releaseTupleHistory.findMany({ where: { product }, orderBy: { id: "asc" } }),
  ]);
  const strip = <T extends Record<string, unknown>>(rows: T[], ...drop: string[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !drop.includes(name) && name !== "storedAt" && name !== "product")));
  const unstamp = (payload: unknown) => JSON.parse(JSON.stringify(payload).replace(/"(updated_at|minted_at)":"[^"]+"/g, '"$1":"-"'));
  return {
    deployments: strip(deployments),
    inventories: strip(inventories, "updatedAt").map((row) => ({ ...row, payload: unstamp(row.payload) })),
    tuples: strip(tuples, "mintedAt").map((row) => ({ ...row, payload: unstamp(row.payload) })),
    history: strip(history, "id", "mintedAt").map((row) => ({ ...row, payload: unstamp(row.payload) })),
  };
}

describe("deployment evidence in one statement", () => {
  it("writes the same deployment, inventory, tuple and history rows as the transactional path", async () => {
    const results = [];
    for (const [product, write] of [
      [uniqueProduct("fast"), (p: string, d: ReturnType<typeof deploymentFor>) => ingestNewDeploymentInOneStatement(db, { product: p, deployment: d }, null)],
      [uniqueProduct("slow"), (p: string, d: ReturnType<typeof deploymentFor>) => ingestDeploymentEvidence(db, { product: p, deployment: d })],
    ] as const) {
      await ingestArtifactEvidence(db, { product, artifact: manifestFor("artifact-one-statement") });
      const outcome = await write(product, deploymentFor({ recordId: "deployment-one-statement", context: "shop", instance: "testing", artifactId: "artifact-one-statement" }));
      expect(outcome?.records).toEqual({
        deployment_record_id: "deployment-one-statement",
        inventory_record_id: "shop-testing",
        release_tuple_id: "shop-testing-artifact-one-statement",
      });
      results.push(await stored(product));
      await db.$executeRaw`delete from launchplane_release_tuples where product = ${product}`;
      await db.$executeRaw`delete from launchplane_inventories where product = ${product}`;
      await db.$executeRaw`delete from launchplane_deployments where product = ${product}`;
      await db.$executeRaw`delete from launchplane_artifact_manifests where product = ${product}`;
    }
    expect(results[0]!.deployments.length).toBe(1);
    expect(results[0]!.history.length).toBe(1);
    expect(results[0]).toEqual(results[1]);
  });

  it("stores the idempotency row with the response a replay returns", async () => {
    const product = uniqueProduct("fast-key");
    const deployment = deploymentFor({ recordId: `${product}-d1`, context: product, instance: "prod", status: "fail" });
    const audit = buildAuditEvent({
      actor: { kind: "system", name: "tests" },
      action: "deployment.write",
      product,
      context: product,
      targetType: "deployment",
      targetId: `${product}-d1`,
      detail: { route: "/v1/evidence/deployments" },
    });
    const outcome = await ingestNewDeploymentInOneStatement(db, { product, deployment }, key(product, "k-1"), audit);
    expect(outcome?.records).toEqual({ deployment_record_id: `${product}-d1` });
    const audited = await db.auditEvent.findUnique({ where: { eventId: audit.event_id } });
    expect(audited).toMatchObject({ action: "deployment.write", product, targetType: "deployment", targetId: `${product}-d1`, actorKind: "system" });
    const row = await db.idempotencyRecord.findFirst({ where: { idempotencyKey: "k-1", scope: `${product}/repo|wf|sub` } });
    expect(row?.responseStatusCode).toBe(202);
    expect(row?.payload).toEqual({ status: "accepted", records: { deployment_record_id: `${product}-d1` } });
    // A failed deploy does not replace what runs on the lane.
    expect(await productRowCounts(db, product)).toMatchObject({ deployments: 1, inventories: 0, tuples: 0 });
  });

  it("writes nothing and falls back when the record, the key or the tuple id already exists", async () => {
    const product = uniqueProduct("fallback");
    const first = deploymentFor({ recordId: `${product}-d1`, context: product, instance: "testing" });
    expect(await ingestNewDeploymentInOneStatement(db, { product, deployment: first }, key(product, "k-1"))).not.toBeNull();
    const before = await productRowCounts(db, product);

    // Same record again (no key): the transactional path decides duplicate vs conflict.
    expect(await ingestNewDeploymentInOneStatement(db, { product, deployment: first }, null)).toBeNull();
    // A new record with a key already used.
    const second = deploymentFor({ recordId: `${product}-d2`, context: product, instance: "testing" });
    expect(await ingestNewDeploymentInOneStatement(db, { product, deployment: second }, key(product, "k-1"))).toBeNull();
    expect(await productRowCounts(db, product)).toEqual(before);
    expect(await db.idempotencyRecord.count({ where: { scope: `${product}/repo|wf|sub` } })).toBe(1);

    // A tuple id held by another lane: context "a" + artifact "prod-x" vs context "a-testing"... here the
    // clash is made directly: another context's current row carries the id this deployment would mint.
    await ingestArtifactEvidence(db, { product, artifact: manifestFor("artifact-clash") });
    await db.releaseTuple.create({
      data: {
        context: `${product}-other`, channel: "prod", product, tupleId: `${product}-testing-artifact-clash`, artifactId: "artifact-clash",
        provenance: "ship", mintedAt: new Date(), payload: {},
      },
    });
    const clashing = deploymentFor({ recordId: `${product}-d3`, context: product, instance: "testing", artifactId: "artifact-clash" });
    expect(await ingestNewDeploymentInOneStatement(db, { product, deployment: clashing }, null)).toBeNull();
    expect(await db.deployment.count({ where: { recordId: `${product}-d3` } })).toBe(0);
  });

  it("lets exactly one of many concurrent requests with one key write, and the rest write nothing", async () => {
    const product = uniqueProduct("race");
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        ingestNewDeploymentInOneStatement(
          db,
          { product, deployment: deploymentFor({ recordId: `${product}-d${index}`, context: product, instance: "testing" }) },
          key(product, "shared-key"),
        ),
      ),
    );
    expect(attempts.filter((outcome) => outcome !== null)).toHaveLength(1);
    expect(await db.deployment.count({ where: { product } })).toBe(1);
    expect(await db.idempotencyRecord.count({ where: { scope: `${product}/repo|wf|sub` } })).toBe(1);
  });
});
