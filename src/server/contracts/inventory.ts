// Environment inventory: the current deployed state of one lane (context/instance), replaced in
// place whenever deployment or linked promotion evidence lands. Mirrors upstream
// control_plane/contracts/environment_inventory.py and workflows/inventory.py.
import { z } from "zod";

import {
  ArtifactIdentityReference,
  BootstrapEvidence,
  DeploymentEvidence,
  HealthcheckEvidence,
  PostDeployUpdateEvidence,
  RuntimeIdentity,
  linkedRecordId,
} from "./deploy-evidence";
import type { DeploymentRecord } from "./deployment";
import { nonBlank, recordId, schemaVersion, timestamp } from "./primitives";

export const EnvironmentInventoryFields = z.strictObject({
  schema_version: schemaVersion,
  context: nonBlank("environment inventory context"),
  instance: nonBlank("environment inventory instance"),
  artifact_identity: ArtifactIdentityReference.nullish(),
  source_git_ref: nonBlank("environment inventory source_git_ref"),
  deploy: DeploymentEvidence,
  post_deploy_update: PostDeployUpdateEvidence.default(() => PostDeployUpdateEvidence.parse({})),
  destination_health: HealthcheckEvidence.default(() => HealthcheckEvidence.parse({})),
  bootstrap: BootstrapEvidence.default(() => BootstrapEvidence.parse({})),
  updated_at: timestamp,
  deployment_record_id: recordId,
  promotion_record_id: linkedRecordId,
  promoted_from_instance: z.string().default(""),
  /** Latest Odoo stable bootstrap attempt for the lane (may differ from deployment_record_id). */
  bootstrap_record_id: linkedRecordId,
  /** Expected runtime identity copied from the establishing deployment record. */
  runtime_identity: RuntimeIdentity.nullish(),
});

export const EnvironmentInventory = EnvironmentInventoryFields.superRefine((value, ctx) => {
  if (value.promotion_record_id.trim() && !value.promoted_from_instance.trim()) {
    ctx.addIssue({
      code: "custom",
      message: "environment inventory with promotion_record_id requires promoted_from_instance",
      path: ["promoted_from_instance"],
    });
  }
});
export type EnvironmentInventory = z.output<typeof EnvironmentInventory>;

/** Inventory record id as the upstream service reports it: `<context>-<instance>`. */
export function inventoryRecordId(context: string, instance: string): string {
  return `${context}-${instance}`;
}

/**
 * Current-state inventory for the lane a deployment landed on. Promotion evidence passes the
 * promotion id and source instance so the lane can be traced back to the controlling promotion.
 */
export function buildEnvironmentInventory(
  deployment: DeploymentRecord,
  options: { updatedAt: string; promotionRecordId?: string; promotedFromInstance?: string },
): EnvironmentInventory {
  return EnvironmentInventory.parse({
    context: deployment.context,
    instance: deployment.instance,
    artifact_identity: deployment.artifact_identity ?? null,
    source_git_ref: deployment.source_git_ref,
    deploy: deployment.deploy,
    post_deploy_update: deployment.post_deploy_update,
    destination_health: deployment.destination_health,
    bootstrap: deployment.bootstrap,
    updated_at: options.updatedAt,
    deployment_record_id: deployment.record_id,
    promotion_record_id: options.promotionRecordId ?? "",
    promoted_from_instance: options.promotedFromInstance ?? "",
    runtime_identity: deployment.runtime_identity ?? null,
  });
}
