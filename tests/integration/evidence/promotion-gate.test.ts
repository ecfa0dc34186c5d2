import { describe, expect, it } from "vitest";

import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { evaluatePromotionGate } from "@/server/services/promotion-gate";
// Aliased: the react-hooks lint rule mistakes the `use` prefix for a React hook.
import { uniqueProduct, useTestDb as openTestDb } from "../../support/database";
import { backupGateFor, deploymentFor, manifestFor, productRowCounts } from "./evidence-fixtures";

const testDb = openTestDb();
const { db } = testDb;

/** A product ready to promote testing -> prod: manifest, testing tuple, passing prod backup gate. */
async function readyLane(prefix: string) {
  const product = uniqueProduct(prefix);
  const context = `ctx-${product}`;
  const artifactId = `artifact-${product}`;
  const backupRecordId = `backup-${product}`;
  await ingestArtifactEvidence(db, { product, artifact: manifestFor(artifactId) });
  await ingestDeploymentEvidence(db, {
    product,
    deployment: deploymentFor({ recordId: `deployment-${product}-testing`, context, instance: "testing", artifactId }),
  });
  await ingestBackupGateEvidence(db, { product, backup_gate: backupGateFor({ recordId: backupRecordId, context }) });
  const request = { product, context, from_instance: "testing", to_instance: "prod", artifact_id: artifactId, backup_record_id: backupRecordId };
  return { product, context, artifactId, backupRecordId, request };
}

const failed = (result: { checks: Array<{ id: string; passed: boolean }> }) =>
  result.checks.filter((check) => !check.passed).map((check) => check.id);

const ALL_CHECKS = [
  "distinct_instances",
  "artifact_manifest",
  "source_release_tuple",
  "backup_gate_record",
  "backup_gate_context",
  "backup_gate_instance",
  "backup_gate_required",
  "backup_gate_status",
  "backup_gate_evidence",
];

describe("evaluatePromotionGate", () => {
  it("allows a promotion when every check passes, in a bounded number of queries", async () => {
    const { product, context, artifactId, request } = await readyLane("gate-ok");
    const before = await productRowCounts(db, product);

    testDb.resetQueryCount();
    const result = await evaluatePromotionGate(db, request);
    expect(testDb.queryCount()).toBeLessThanOrEqual(3);

    expect(result.allowed).toBe(true);
    expect(result.checks.map((check) => check.id)).toEqual(ALL_CHECKS);
    expect(failed(result)).toEqual([]);
    expect(result.checks.find((check) => check.id === "source_release_tuple")).toEqual({
      id: "source_release_tuple",
      label: "Source lane release tuple matches the artifact",
      passed: true,
      detail: `${context}-testing-${artifactId} is the current ${context}/testing tuple`,
    });
    // Evaluating the gate writes nothing.
    expect(await productRowCounts(db, product)).toEqual(before);
  });

  it("reports every failed check at once when nothing is in place", async () => {
    const product = uniqueProduct("gate-empty");
    const context = `ctx-${product}`;

    const result = await evaluatePromotionGate(db, {
      product,
      context,
      from_instance: "prod",
      to_instance: "prod",
      artifact_id: `artifact-${product}`,
      backup_record_id: `backup-${product}`,
    });

    expect(result.allowed).toBe(false);
    expect(failed(result)).toEqual(ALL_CHECKS);
    const details = Object.fromEntries(result.checks.map((check) => [check.id, check.detail]));
    expect(details).toMatchObject({
      distinct_instances: "source and destination are both prod",
      artifact_manifest: `artifact manifest artifact-${product} is not stored for product ${product}`,
      source_release_tuple: `no current release tuple for ${context}/prod`,
      backup_gate_record: `backup gate record backup-${product} is not stored for product ${product}`,
      backup_gate_status: `backup gate record backup-${product} is not stored for product ${product}`,
    });
  });

  it("reports missing ids rather than looking them up", async () => {
    const product = uniqueProduct("gate-blank");
    testDb.resetQueryCount();
    const result = await evaluatePromotionGate(db, {
      product,
      context: `ctx-${product}`,
      from_instance: "dev",
      to_instance: "prod",
      artifact_id: " ",
      backup_record_id: "",
    });
    expect(testDb.queryCount()).toBe(0);
    expect(failed(result)).toEqual(ALL_CHECKS.filter((id) => id !== "distinct_instances"));
    expect(result.checks.find((check) => check.id === "artifact_manifest")?.detail).toBe("no artifact_id given");
    expect(result.checks.find((check) => check.id === "source_release_tuple")?.detail).toBe(
      "instance dev is not a release channel (testing, prod)",
    );
    expect(result.checks.find((check) => check.id === "backup_gate_record")?.detail).toBe("no backup_record_id given");
  });

  it("fails each backup gate property on its own", async () => {
    const { product, context, request } = await readyLane("gate-backup");
    const gateId = `backup-${product}-weak`;
    // Another context, the wrong instance, not required, failed and without evidence.
    await ingestBackupGateEvidence(db, {
      product,
      backup_gate: backupGateFor({ recordId: gateId, context: `${context}-other`, instance: "testing", status: "fail", required: false }),
    });

    const result = await evaluatePromotionGate(db, { ...request, backup_record_id: gateId });

    expect(result.allowed).toBe(false);
    expect(failed(result)).toEqual([
      "backup_gate_context",
      "backup_gate_instance",
      "backup_gate_required",
      "backup_gate_status",
      "backup_gate_evidence",
    ]);
    const details = Object.fromEntries(result.checks.map((check) => [check.id, check.detail]));
    expect(details).toMatchObject({
      backup_gate_record: `backup gate record ${gateId} is stored`,
      backup_gate_context: `backup gate context is ${context}-other, promotion context is ${context}`,
      backup_gate_instance: "backup gate instance is testing, destination is prod",
      backup_gate_required: "required=false cannot satisfy promotion gating",
      backup_gate_status: "backup gate status is fail",
      backup_gate_evidence: "backup gate has no evidence",
    });
  });

  it("fails the tuple check when the source lane runs another artifact", async () => {
    const { product, context, request } = await readyLane("gate-tuple");
    const newer = `artifact-${product}-newer`;
    await ingestArtifactEvidence(db, { product, artifact: manifestFor(newer) });

    const result = await evaluatePromotionGate(db, { ...request, artifact_id: newer });

    expect(failed(result)).toEqual(["source_release_tuple"]);
    expect(result.checks.find((check) => check.id === "source_release_tuple")?.detail).toBe(
      `${context}/testing release tuple is for artifact artifact-${product}, not ${newer}`,
    );
  });

  it("counts another product's records as absent", async () => {
    const owner = await readyLane("gate-owner");
    const product = uniqueProduct("gate-intruder");

    const result = await evaluatePromotionGate(db, { ...owner.request, product });

    expect(failed(result)).toEqual(ALL_CHECKS.filter((id) => id !== "distinct_instances"));
  });
});
