import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import type { BackupGateRecord } from "@/server/contracts/backup-gate";
import type { DeploymentRecord } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type { PromotionRecord } from "@/server/contracts/promotion";
import type { ProviderTargetRecord } from "@/server/contracts/provider-target";
import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import type { DbClient } from "@/server/repositories/db-client";

export interface LaneKey {
  product: string;
  context: string;
  instance: string;
}

/** The current state and latest evidence of one lane. */
export interface LaneRecords {
  inventory: EnvironmentInventory | null;
  releaseTuple: ReleaseTupleRecord | null;
  latestDeployment: DeploymentRecord | null;
  latestPromotion: PromotionRecord | null;
  latestBackupGate: BackupGateRecord | null;
  providerTarget: ProviderTargetRecord | null;
  /** Manifest of the lane's current artifact: the inventory's, or the tuple's when there is no inventory. */
  artifactManifest: ArtifactIdentityManifest | null;
}

interface LaneRecordsRow {
  inventory: unknown;
  release_tuple: unknown;
  latest_deployment: unknown;
  latest_promotion: unknown;
  latest_backup_gate: unknown;
  provider_target: unknown;
  artifact_manifest: unknown;
}

/**
 * Lane summary reads. Records are scoped to their product (a row another
 * product stored in the same lane counts as absent); provider targets are
 * keyed by lane only.
 */
export function laneSummaryRepository(db: DbClient) {
  return {
    /**
     * Everything the lane summary shows of the lane's own records in one
     * statement: each "latest" is one step down its (context, instance,
     * occurred_at) index, so the cost does not follow the history.
     */
    async laneRecords(lane: LaneKey): Promise<LaneRecords> {
      const { product, context, instance } = lane;
      const [row] = await db.$queryRaw<LaneRecordsRow[]>`
        WITH inv AS (
          SELECT payload, artifact_id FROM launchplane_inventories
           WHERE context = ${context} AND instance = ${instance} AND product = ${product}
        ), tup AS (
          SELECT payload, artifact_id FROM launchplane_release_tuples
           WHERE context = ${context} AND channel = ${instance} AND product = ${product}
        )
        SELECT
          (SELECT payload FROM inv) AS inventory,
          (SELECT payload FROM tup) AS release_tuple,
          (SELECT payload FROM launchplane_deployments
            WHERE context = ${context} AND instance = ${instance} AND product = ${product}
            ORDER BY occurred_at DESC, record_id DESC LIMIT 1) AS latest_deployment,
          (SELECT payload FROM launchplane_promotions
            WHERE context = ${context} AND to_instance = ${instance} AND product = ${product}
            ORDER BY occurred_at DESC, record_id DESC LIMIT 1) AS latest_promotion,
          (SELECT payload FROM launchplane_backup_gates
            WHERE context = ${context} AND instance = ${instance} AND product = ${product}
            ORDER BY occurred_at DESC, record_id DESC LIMIT 1) AS latest_backup_gate,
          (SELECT payload FROM launchplane_provider_targets
            WHERE context = ${context} AND instance = ${instance}) AS provider_target,
          (SELECT payload FROM launchplane_artifact_manifests
            WHERE product = ${product}
              AND artifact_id = CASE WHEN EXISTS (SELECT 1 FROM inv) THEN (SELECT artifact_id FROM inv)
                                     ELSE (SELECT artifact_id FROM tup) END) AS artifact_manifest`;
      return {
        inventory: (row?.inventory ?? null) as EnvironmentInventory | null,
        releaseTuple: (row?.release_tuple ?? null) as ReleaseTupleRecord | null,
        latestDeployment: (row?.latest_deployment ?? null) as DeploymentRecord | null,
        latestPromotion: (row?.latest_promotion ?? null) as PromotionRecord | null,
        latestBackupGate: (row?.latest_backup_gate ?? null) as BackupGateRecord | null,
        providerTarget: (row?.provider_target ?? null) as ProviderTargetRecord | null,
        artifactManifest: (row?.artifact_manifest ?? null) as ArtifactIdentityManifest | null,
      };
    },
  };
}

export type LaneSummaryRepository = ReturnType<typeof laneSummaryRepository>;
