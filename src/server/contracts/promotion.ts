// Promotion record: append-only evidence that an artifact moved from one instance of a context to
// another, plus the POST /v1/evidence/promotions envelope. Mirrors upstream
// control_plane/contracts/promotion_record.py and http_routes/evidence.py.
import { z } from "zod";

import {
  ArtifactIdentityReference,
  BackupGateEvidence,
  DeploymentEvidence,
  HealthcheckEvidence,
  PostDeployUpdateEvidence,
  RecordFailure,
  RollbackExecutionEvidence,
  linkedRecordId,
} from "./deploy-evidence";
import { nonBlank, recordId, schemaVersion } from "./primitives";

const defaultHealth = () => HealthcheckEvidence.parse({});

export const PromotionRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: recordId,
  artifact_identity: ArtifactIdentityReference,
  /** Deployment that established the promoted state; when set, inventory is refreshed from it. */
  deployment_record_id: linkedRecordId,
  /** Backup-gate record that authorized the promotion. */
  backup_record_id: linkedRecordId,
  context: nonBlank("promotion record context"),
  from_instance: nonBlank("promotion record from_instance"),
  to_instance: nonBlank("promotion record to_instance"),
  source_health: HealthcheckEvidence.default(defaultHealth),
  backup_gate: BackupGateEvidence.default(() => BackupGateEvidence.parse({})),
  deploy: DeploymentEvidence,
  post_deploy_update: PostDeployUpdateEvidence.default(() => PostDeployUpdateEvidence.parse({})),
  destination_health: HealthcheckEvidence.default(defaultHealth),
  rollback: RollbackExecutionEvidence.default(() => RollbackExecutionEvidence.parse({})),
  rollback_health: HealthcheckEvidence.default(defaultHealth),
  failure: RecordFailure.nullish(),
});

export const PromotionRecord = PromotionRecordFields.superRefine((value, ctx) => {
  if (value.from_instance === value.to_instance) {
    ctx.addIssue({
      code: "custom",
      message: "promotion source and destination instances must differ",
      path: ["to_instance"],
    });
  }
  if (value.backup_gate.required && value.backup_gate.status === "pass" && !value.backup_record_id.trim()) {
    ctx.addIssue({
      code: "custom",
      message: "promotion record with passing backup gate requires backup_record_id",
      path: ["backup_record_id"],
    });
  }
});
export type PromotionRecord = z.output<typeof PromotionRecord>;

/** Body of POST /v1/evidence/promotions. `operation_id` is this project's extension. */
export const PromotionEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("promotion evidence product"),
  promotion: PromotionRecord,
  operation_id: recordId.optional(),
});
export type PromotionEvidenceRequest = z.output<typeof PromotionEvidenceRequest>;
