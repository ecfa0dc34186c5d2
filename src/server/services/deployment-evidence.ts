import { type DeploymentRecord, deploymentArtifactId } from "@/server/contracts/deployment";
import { buildEnvironmentInventory, type EnvironmentInventory, inventoryRecordId } from "@/server/contracts/inventory";
import type { AuditEvent } from "@/server/contracts/audit-event";
import type { Database } from "@/server/db";
import { publishRecordEvent } from "@/server/events/record-events";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { deploymentRepository } from "@/server/repositories/deployment-repository";
import { findManifestForMinting, insertDeploymentInOneStatement } from "@/server/repositories/deployment-ingest-statement";
import type { StoredRecord } from "@/server/repositories/stored-record";
import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import type { IdempotencyKeyRef } from "@/server/repositories/idempotency-repository";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { isoUtc } from "@/server/repositories/timestamps";
import { settleEvidenceInsert } from "@/server/services/evidence-write";
import { recordReleaseTuple } from "@/server/services/release-tuple-recording";
import {
  type ReleaseTupleBuild,
  type ReleaseTupleOutcome,
  isReleaseChannel,
  mintReleaseTuple,
} from "@/server/services/release-tuple-minting";

export interface DeploymentEvidenceInput {
  product: string;
  deployment: DeploymentRecord;
  operation_id?: string | null;
}

export interface DeploymentEvidenceResult {
  /** True when an identical record was already stored; nothing was written. */
  duplicate: boolean;
  /** Ids for the 202 `records` map: only what this request wrote. */
  records: { deployment_record_id: string; inventory_record_id?: string; release_tuple_id?: string };
  inventoryRefreshed: boolean;
  releaseTuple: ReleaseTupleOutcome;
}

/**
 * POST /v1/evidence/deployments. In one transaction: store the deployment
 * (append-only), refresh the lane's inventory, and mint the lane's release
 * tuple when DECISIONS 10 allows. A missing manifest never fails the
 * evidence; the result says why no tuple was minted.
 */
export async function ingestDeploymentEvidence(db: DbClient, input: DeploymentEvidenceInput): Promise<DeploymentEvidenceResult> {
  const { product, deployment } = input;
  const now = isoUtc();

  const result = await inTransaction(db, async (tx): Promise<DeploymentEvidenceResult> => {
    const outcome = await deploymentRepository(tx).insert(product, deployment, input.operation_id ?? null);
    if (settleEvidenceInsert(outcome, deployment, product, "deployment", deployment.record_id) === "duplicate") {
      return {
        duplicate: true,
        records: { deployment_record_id: deployment.record_id },
        inventoryRefreshed: false,
        releaseTuple: { minted: false, reason: "duplicate_evidence", detail: "identical deployment evidence was already stored" },
      };
    }

    const effects = await deploymentEffects(product, deployment, now, (artifactId) => artifactManifestRepository(tx).find(artifactId));
    if (effects.inventory) await inventoryRepository(tx).replace(product, effects.inventory);
    if (effects.build.ok) await recordReleaseTuple(tx, product, effects.build.tuple);
    return effectsResult(deployment, effects);
  });

  if (!result.duplicate) announceDeployment(product, deployment, result);
  return result;
}

/**
 * The same write for new evidence in one statement (deployment, inventory,
 * tuple and the idempotency row), used by the /v1 door on its hot path.
 * Null when the evidence is not simply new (the key or record exists, a
 * tuple id clash, a race): nothing was written and the caller takes the
 * transactional path above, which decides every such case.
 */
export async function ingestNewDeploymentInOneStatement(
  db: Database,
  input: DeploymentEvidenceInput,
  idempotency: DeploymentIdempotency | null,
  audit: AuditEvent | null = null,
): Promise<DeploymentEvidenceResult | null> {
  const { product, deployment } = input;
  const effects = await deploymentEffects(product, deployment, isoUtc(), (artifactId) => findManifestForMinting(db, artifactId));
  const result = effectsResult(deployment, effects);
  const outcome = await insertDeploymentInOneStatement(db, {
    product,
    deployment,
    operationId: input.operation_id ?? null,
    inventory: effects.inventory,
    tuple: effects.build.ok ? effects.build.tuple : null,
    audit,
    idempotency: idempotency ? { ...idempotency, response: idempotency.responseFor(result) } : null,
  });
  if (outcome === "fallback") return null;
  announceDeployment(product, deployment, result);
  return result;
}

export interface DeploymentIdempotency {
  ref: IdempotencyKeyRef;
  fingerprint: string;
  traceId: string;
  expiresAt: Date;
  /** The response body a replay of this request must return. */
  responseFor(result: DeploymentEvidenceResult): Record<string, unknown>;
}

interface DeploymentEffects {
  inventory: EnvironmentInventory | null;
  build: ReleaseTupleBuild;
}

/**
 * What new deployment evidence changes besides its own row. Inventory says
 * what runs on the lane, and only a passing deploy replaces what runs there:
 * a failed or pending deploy leaves the previous release in place (upstream
 * refreshed unconditionally). The deployment record itself keeps the failure
 * visible in the lane's history.
 */
type ManifestLookup = (artifactId: string) => Promise<StoredRecord<ArtifactIdentityManifest> | null>;

async function deploymentEffects(product: string, deployment: DeploymentRecord, now: string, findManifest: ManifestLookup): Promise<DeploymentEffects> {
  return {
    inventory: deployment.deploy.status === "pass" ? buildEnvironmentInventory(deployment, { updatedAt: now }) : null,
    build: await releaseTupleForDeployment(product, deployment, now, findManifest),
  };
}

function effectsResult(deployment: DeploymentRecord, effects: DeploymentEffects): DeploymentEvidenceResult {
  const records: DeploymentEvidenceResult["records"] = { deployment_record_id: deployment.record_id };
  if (effects.inventory) records.inventory_record_id = inventoryRecordId(deployment.context, deployment.instance);
  if (!effects.build.ok) {
    return {
      duplicate: false,
      records,
      inventoryRefreshed: effects.inventory !== null,
      releaseTuple: { minted: false, reason: effects.build.reason, detail: effects.build.detail },
    };
  }
  records.release_tuple_id = effects.build.tuple.tuple_id;
  return { duplicate: false, records, inventoryRefreshed: effects.inventory !== null, releaseTuple: { minted: true, tuple_id: effects.build.tuple.tuple_id } };
}

function announceDeployment(product: string, deployment: DeploymentRecord, result: DeploymentEvidenceResult): void {
  const lane = { product, context: deployment.context, instance: deployment.instance };
  publishRecordEvent({ kind: "deployment", id: deployment.record_id, ...lane });
  if (result.records.inventory_record_id) publishRecordEvent({ kind: "inventory", id: result.records.inventory_record_id, ...lane });
  if (result.records.release_tuple_id) publishRecordEvent({ kind: "release_tuple", id: result.records.release_tuple_id, ...lane });
}

/**
 * The tuple a deployment mints (DECISIONS 10): a passing deploy to testing or
 * prod of an artifact whose manifest this product stored, with exact SHAs.
 */
async function releaseTupleForDeployment(
  product: string,
  deployment: DeploymentRecord,
  mintedAt: string,
  findManifest: ManifestLookup,
): Promise<ReleaseTupleBuild> {
  if (deployment.deploy.status !== "pass") {
    return { ok: false, reason: "deploy_not_passed", detail: `deploy status is ${deployment.deploy.status}` };
  }
  if (!isReleaseChannel(deployment.instance)) {
    return { ok: false, reason: "not_a_release_channel", detail: `instance ${deployment.instance} is not a release channel (testing, prod)` };
  }
  const artifactId = deploymentArtifactId(deployment);
  if (!artifactId) {
    return { ok: false, reason: "artifact_id_missing", detail: "the deployment names no artifact_id" };
  }
  const manifest = await findManifest(artifactId);
  if (!manifest || manifest.product !== product) {
    return { ok: false, reason: "manifest_missing", detail: `artifact manifest ${artifactId} is not stored for product ${product}` };
  }
  return mintReleaseTuple({
    context: deployment.context,
    channel: deployment.instance,
    manifest: manifest.record,
    deploymentRecordId: deployment.record_id,
    mintedAt,
  });
}
