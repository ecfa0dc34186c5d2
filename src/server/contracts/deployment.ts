// Deployment record: append-only evidence of one deploy of an artifact to a lane (context/instance),
// plus the POST /v1/evidence/deployments envelope. Mirrors upstream
// control_plane/contracts/deployment_record.py and http_routes/evidence.py.
import { z } from "zod";

import {
  ArtifactIdentityReference,
  BootstrapEvidence,
  DeployedTargetReference,
  DeploymentEvidence,
  HealthcheckEvidence,
  IntegrationKeyReadbackEvidence,
  PostDeployUpdateEvidence,
  RecordFailure,
  ResolvedTargetEvidence,
  RuntimeIdentity,
  stringMap,
} from "./deploy-evidence";
import { nonBlank, recordId, schemaVersion } from "./primitives";

/** Executor label; upstream's default is the only value it writes today. */
export const DEFAULT_DELEGATED_EXECUTOR = "control-plane.dokploy";

export const DeploymentRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: recordId,
  artifact_identity: ArtifactIdentityReference.nullish(),
  context: nonBlank("deployment record context"),
  instance: nonBlank("deployment record instance"),
  source_git_ref: nonBlank("deployment record source_git_ref"),
  wait_for_completion: z.boolean().default(true),
  verify_destination_health: z.boolean().default(true),
  no_cache: z.boolean().default(false),
  delegated_executor: z.string().default(DEFAULT_DELEGATED_EXECUTOR),
  resolved_target: ResolvedTargetEvidence.nullish(),
  deployed_target: DeployedTargetReference.nullish(),
  runtime_source: stringMap.default(() => ({})),
  /** Expected runtime identity injected into the deployed app. */
  runtime_identity: RuntimeIdentity.nullish(),
  deploy: DeploymentEvidence,
  bootstrap: BootstrapEvidence.default(() => BootstrapEvidence.parse({})),
  post_deploy_update: PostDeployUpdateEvidence.default(() => PostDeployUpdateEvidence.parse({})),
  destination_health: HealthcheckEvidence.default(() => HealthcheckEvidence.parse({})),
  integration_key_readback: IntegrationKeyReadbackEvidence.nullish(),
  failure: RecordFailure.nullish(),
});

/**
 * Upstream has no cross-field rule on the record itself beyond its nested evidence blocks
 * (deploy target consistency, verified health, post-deploy/bootstrap status rules).
 */
export const DeploymentRecord = DeploymentRecordFields;
export type DeploymentRecord = z.output<typeof DeploymentRecord>;

/** Artifact id of a deployment, or "" when the deploy was not artifact-backed. */
export function deploymentArtifactId(record: Pick<DeploymentRecord, "artifact_identity">): string {
  return record.artifact_identity?.artifact_id ?? "";
}

/** Body of POST /v1/evidence/deployments. `operation_id` is this project's extension. */
export const DeploymentEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("deployment evidence product"),
  deployment: DeploymentRecord,
  operation_id: recordId.optional(),
});
export type DeploymentEvidenceRequest = z.output<typeof DeploymentEvidenceRequest>;
