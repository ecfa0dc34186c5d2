import { describe, expect, it } from "vitest";

import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { backupGateRepository } from "@/server/repositories/backup-gate-repository";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";
// Aliased: the react-hooks lint rule mistakes the `use` prefix for a React hook.
import { uniqueProduct, useTestDb as openTestDb } from "../../support/database";
import { SOURCE_SHA, backupGateFor, manifestFor, productRowCounts } from "./evidence-fixtures";
import { expectRefusal } from "../../support/refusal";

const { db } = openTestDb();

describe("ingestArtifactEvidence", () => {
  it("stores a manifest with its promoted columns", async () => {
    const product = uniqueProduct("artifact-store");
    const artifact = manifestFor(`artifact-${product}`);

    const result = await ingestArtifactEvidence(db, { product, artifact, operation_id: `op-${product}` });

    expect(result).toEqual({ duplicate: false, records: { artifact_id: artifact.artifact_id } });
    const row = await db.artifactManifest.findUniqueOrThrow({ where: { artifactId: artifact.artifact_id } });
    expect(row).toMatchObject({
      product,
      sourceCommit: SOURCE_SHA,
      imageRepository: "ghcr.io/cbusillo/odoo-private",
      imageDigest: `sha256:${artifact.artifact_id}`,
      operationId: `op-${product}`,
    });
    expect((await artifactManifestRepository(db).find(artifact.artifact_id))?.record).toEqual(artifact);
  });

  it("treats an identical re-send as a duplicate and refuses other content for the same id", async () => {
    const product = uniqueProduct("artifact-immutable");
    const artifact = manifestFor(`artifact-${product}`);
    await ingestArtifactEvidence(db, { product, artifact });
    const before = await db.artifactManifest.findUniqueOrThrow({ where: { artifactId: artifact.artifact_id } });

    expect(await ingestArtifactEvidence(db, { product, artifact: structuredClone(artifact) })).toEqual({
      duplicate: true,
      records: { artifact_id: artifact.artifact_id },
    });
    await expectRefusal(
      () => ingestArtifactEvidence(db, { product, artifact: manifestFor(artifact.artifact_id, { source_commit: "0123456789abcdef0123456789abcdef01234567" }) }),
      "record_conflict",
      `artifact manifest ${artifact.artifact_id} already exists with different content`,
    );
    // One artifact id names one image: another product cannot claim it either.
    await expectRefusal(() => ingestArtifactEvidence(db, { product: `${product}-other`, artifact }), "record_conflict");

    expect(await db.artifactManifest.findUniqueOrThrow({ where: { artifactId: artifact.artifact_id } })).toEqual(before);
    expect((await productRowCounts(db, product)).artifacts).toBe(1);
    expect(await db.artifactManifest.count({ where: { product: `${product}-other` } })).toBe(0);
  });
});

describe("ingestBackupGateEvidence", () => {
  it("stores the gate and nothing else", async () => {
    const product = uniqueProduct("backup-store");
    const gate = backupGateFor({ recordId: `backup-${product}`, context: `ctx-${product}` });

    const result = await ingestBackupGateEvidence(db, { product, backup_gate: gate, operation_id: `op-${product}` });

    expect(result).toEqual({ duplicate: false, records: { backup_gate_record_id: gate.record_id } });
    expect(await db.backupGate.findUniqueOrThrow({ where: { recordId: gate.record_id } })).toMatchObject({
      product,
      context: gate.context,
      instance: "prod",
      status: "pass",
      required: true,
      occurredAt: new Date("2026-04-20T15:50:00Z"),
      operationId: `op-${product}`,
    });
    expect((await backupGateRepository(db).latestForLane(gate.context, "prod")).map((stored) => stored.record)).toEqual([gate]);
    expect(await productRowCounts(db, product)).toEqual({
      artifacts: 0,
      deployments: 0,
      promotions: 0,
      backupGates: 1,
      inventories: 0,
      tuples: 0,
      tupleHistory: 0,
    });
  });

  it("treats an identical re-send as a duplicate and refuses other content for the same id", async () => {
    const product = uniqueProduct("backup-dup");
    const gate = backupGateFor({ recordId: `backup-${product}`, context: `ctx-${product}`, status: "pending" });
    await ingestBackupGateEvidence(db, { product, backup_gate: gate });
    const before = await db.backupGate.findUniqueOrThrow({ where: { recordId: gate.record_id } });

    expect(await ingestBackupGateEvidence(db, { product, backup_gate: structuredClone(gate) })).toEqual({
      duplicate: true,
      records: { backup_gate_record_id: gate.record_id },
    });
    // The pending gate cannot be rewritten as passed under the same id (append-only).
    const passed = backupGateFor({ recordId: gate.record_id, context: gate.context, status: "pass" });
    await expectRefusal(
      () => ingestBackupGateEvidence(db, { product, backup_gate: passed }),
      "record_conflict",
      `backup gate ${gate.record_id} already exists with different content`,
    );

    expect(await db.backupGate.findUniqueOrThrow({ where: { recordId: gate.record_id } })).toEqual(before);
    expect((await productRowCounts(db, product)).backupGates).toBe(1);
  });
});
