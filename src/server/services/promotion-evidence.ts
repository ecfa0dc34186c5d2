import { type DeploymentRecord, deploymentArtifactId } from "@/server/contracts/deployment";
import { buildEnvironmentInventory, inventoryRecordId } from "@/server/contracts/inventory";
import type { PromotionRecord } from "@/server/contracts/promotion";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { deploymentRepository } from "@/server/repositories/deployment-repository";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { promotionRepository } from "@/server/repositories/promotion-repository";
import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";
import { isoUtc } from "@/server/repositories/timestamps";
import { settleEvidenceInsert } from "@/server/services/evidence-write";
import {
  type ReleaseTupleBuild,
  type ReleaseTupleOutcome,
  copyReleaseTupleForPromotion,
  isReleaseChannel,
  requireSourceTuple,
} from "@/server/services/release-tuple-minting";
import { recordReleaseTuple } from "@/server/services/release-tuple-recording";

export interface PromotionEvidenceInput {
  product: string;
  promotion: PromotionRecord;
  operation_id?: string | null;
}

export interface PromotionEvidenceResult {
  /** True when an identical record was already stored; nothing was written. */
  duplicate: boolean;
  /** Ids for the 202 `records` map: only what this request wrote. */
  records: { promotion_record_id: string; inventory_record_id?: string; release_tuple_id?: string };
  inventoryRefreshed: boolean;
  releaseTuple: ReleaseTupleOutcome;
}

/**
 * POST /v1/evidence/promotions. The link to the deployment is validated
 * before anything is written (upstream stored the promotion first and then
 * failed). Then, in one transaction: store the promotion (append-only),
 * refresh the destination lane's inventory from the linked deployment, and
 * copy the source lane's release tuple to the destination.
 *
 * Inventory and tuple follow only a promotion that passed: its own deploy
 * status and the linked deployment's are both `pass`. A promotion without a
 * linked deployment is stored alone (as upstream).
 */
export async function ingestPromotionEvidence(db: DbClient, input: PromotionEvidenceInput): Promise<PromotionEvidenceResult> {
  const { product, promotion } = input;
  if (promotion.from_instance === promotion.to_instance) {
    throw new LaunchplaneError("invalid_request", "promotion source and destination instances must differ");
  }
  const linked = promotion.deployment_record_id ? await linkedDeployment(db, product, promotion) : null;
  const now = isoUtc();

  const result = await inTransaction(db, async (tx): Promise<PromotionEvidenceResult> => {
    const outcome = await promotionRepository(tx).insert(product, promotion, input.operation_id ?? null);
    if (settleEvidenceInsert(outcome, promotion, product, "promotion", promotion.record_id) === "duplicate") {
      return {
        duplicate: true,
        records: { promotion_record_id: promotion.record_id },
        inventoryRefreshed: false,
        releaseTuple: { minted: false, reason: "duplicate_evidence", detail: "identical promotion evidence was already stored" },
      };
    }

    const records: PromotionEvidenceResult["records"] = { promotion_record_id: promotion.record_id };
    const passed = linked !== null && linked.deploy.status === "pass" && promotion.deploy.status === "pass";
    if (passed) {
      const inventory = buildEnvironmentInventory(linked, {
        updatedAt: now,
        promotionRecordId: promotion.record_id,
        promotedFromInstance: promotion.from_instance,
      });
      await inventoryRepository(tx).replace(product, inventory);
      records.inventory_record_id = inventoryRecordId(linked.context, linked.instance);
    }

    const build = await promotedReleaseTuple(tx, product, promotion, linked, passed, now);
    if (!build.ok) {
      return { duplicate: false, records, inventoryRefreshed: passed, releaseTuple: { minted: false, reason: build.reason, detail: build.detail } };
    }
    await recordReleaseTuple(tx, product, build.tuple);
    records.release_tuple_id = build.tuple.tuple_id;
    return { duplicate: false, records, inventoryRefreshed: passed, releaseTuple: { minted: true, tuple_id: build.tuple.tuple_id } };
  });

  if (!result.duplicate) {
    const destination = { product, context: promotion.context, instance: promotion.to_instance };
    void publishRecordEvent({ kind: "promotion", id: promotion.record_id, ...destination });
    if (result.records.inventory_record_id) void publishRecordEvent({ kind: "inventory", id: result.records.inventory_record_id, ...destination });
    if (result.records.release_tuple_id) void publishRecordEvent({ kind: "release_tuple", id: result.records.release_tuple_id, ...destination });
  }
  return result;
}

/**
 * The deployment a promotion names, which must exist for this product and
 * describe the promotion's destination (v1 invariant 2). Deployments are
 * append-only, so reading before the write transaction cannot go stale.
 */
async function linkedDeployment(db: DbClient, product: string, promotion: PromotionRecord): Promise<DeploymentRecord> {
  const stored = await deploymentRepository(db).find(promotion.deployment_record_id);
  // Another product's deployment is treated as absent: its existence is not this caller's to learn.
  if (!stored || stored.product !== product) {
    throw new LaunchplaneError("not_found", `Promotion linked deployment record '${promotion.deployment_record_id}' was not found.`);
  }
  const deployment = stored.record;
  if (deployment.context !== promotion.context) {
    throw new LaunchplaneError("invalid_request", "Promotion record context does not match linked deployment record context.", {
      promotion_context: promotion.context,
      deployment_context: deployment.context,
    });
  }
  if (deployment.instance !== promotion.to_instance) {
    throw new LaunchplaneError("invalid_request", "Promotion destination instance does not match linked deployment record instance.", {
      to_instance: promotion.to_instance,
      deployment_instance: deployment.instance,
    });
  }
  // As upstream: an artifact id missing on either side is not a mismatch
  // (non-artifact deploys); the tuple copy below still needs both to agree.
  const promotionArtifact = promotion.artifact_identity.artifact_id;
  const deploymentArtifact = deploymentArtifactId(deployment);
  if (promotionArtifact && deploymentArtifact && promotionArtifact !== deploymentArtifact) {
    throw new LaunchplaneError("invalid_request", "Promotion artifact_id does not match linked deployment record artifact_id.", {
      promotion_artifact_id: promotionArtifact,
      deployment_artifact_id: deploymentArtifact,
    });
  }
  return deployment;
}

/** The destination tuple: the source channel's current tuple for this artifact, copied. */
async function promotedReleaseTuple(
  tx: DbClient,
  product: string,
  promotion: PromotionRecord,
  linked: DeploymentRecord | null,
  passed: boolean,
  mintedAt: string,
): Promise<ReleaseTupleBuild> {
  if (!linked) {
    return { ok: false, reason: "no_linked_deployment", detail: "the promotion names no deployment_record_id" };
  }
  if (!passed) {
    return {
      ok: false,
      reason: "deploy_not_passed",
      detail: `promotion deploy status is ${promotion.deploy.status}, linked deployment status is ${linked.deploy.status}`,
    };
  }
  if (!isReleaseChannel(promotion.to_instance)) {
    return { ok: false, reason: "not_a_release_channel", detail: `instance ${promotion.to_instance} is not a release channel (testing, prod)` };
  }
  const artifactId = promotion.artifact_identity.artifact_id;
  if (artifactId && deploymentArtifactId(linked) !== artifactId) {
    return { ok: false, reason: "artifact_id_missing", detail: "the linked deployment names no artifact_id" };
  }
  const request = { context: promotion.context, fromChannel: promotion.from_instance, artifactId };
  const stored = isReleaseChannel(request.fromChannel) ? await releaseTupleRepository(tx).findCurrent(request.context, request.fromChannel) : null;
  const source = requireSourceTuple(stored && stored.product === product ? stored.record : null, request);
  if (!source.ok) return source;
  return copyReleaseTupleForPromotion({
    source: source.tuple,
    toChannel: promotion.to_instance,
    deploymentRecordId: linked.record_id,
    promotionRecordId: promotion.record_id,
    mintedAt,
  });
}
