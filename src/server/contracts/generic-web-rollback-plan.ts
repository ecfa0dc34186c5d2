// Generic-web rollback plan: target deployment, immutable artifact, planned deploy, evidence and blockers for a lane rollback.
// Mirrors upstream control_plane/contracts/generic_web_rollback.py (evidence blocks come from ./deploy-evidence).
import { z } from "zod";

import { ArtifactIdentityReference, BackupGateEvidence, HealthcheckEvidence } from "./deploy-evidence";
import { nonBlank, recordId, schemaVersion, timestamp } from "./primitives";

// ---------------------------------------------------------------------------
// Plan request body.
// ---------------------------------------------------------------------------

export const GenericWebRollbackPlanRequestFields = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("generic web rollback plan product").trim(),
  instance: nonBlank("generic web rollback plan instance").trim().toLowerCase().default("prod"),
  rollback_deployment_record_id: nonBlank("generic web rollback plan rollback_deployment_record_id").trim(),
  backup_record_id: z.string().trim().default(""),
  backup_required: z.boolean().default(false),
  verify_health: z.boolean().default(true),
  timeout_seconds: z.number().int().min(1).nullish(),
  no_cache: z.boolean().default(false),
});

export const GenericWebRollbackPlanRequest = GenericWebRollbackPlanRequestFields.superRefine((value, ctx) => {
  if (value.backup_required && !value.backup_record_id) {
    ctx.addIssue({
      code: "custom",
      path: ["backup_record_id"],
      message: "generic web rollback plan requires backup_record_id when backup_required=true",
    });
  }
});
export type GenericWebRollbackPlanRequest = z.output<typeof GenericWebRollbackPlanRequest>;

// ---------------------------------------------------------------------------
// Plan record.
// ---------------------------------------------------------------------------

export const genericWebRollbackPlanStatus = z.enum(["ready", "blocked"]);
export type GenericWebRollbackPlanStatus = z.infer<typeof genericWebRollbackPlanStatus>;

export const genericWebRollbackBlockerCode = z.enum([
  "backup_gate_missing",
  "backup_gate_not_passed",
  "backup_gate_scope_mismatch",
  "deployment_scope_mismatch",
  "health_evidence_failed",
  "missing_deploy_reference",
  "missing_rollback_target",
  "mutable_artifact_reference",
  "target_deploy_not_passed",
]);
export type GenericWebRollbackBlockerCode = z.infer<typeof genericWebRollbackBlockerCode>;

export const GenericWebRollbackBlocker = z.strictObject({
  code: genericWebRollbackBlockerCode,
  message: nonBlank("generic web rollback blocker message").trim(),
});
export type GenericWebRollbackBlocker = z.output<typeof GenericWebRollbackBlocker>;

export const GenericWebRollbackDeployPlan = z.strictObject({
  product: nonBlank("generic web rollback deploy plan product").trim(),
  instance: nonBlank("generic web rollback deploy plan instance").trim(),
  artifact_id: nonBlank("generic web rollback deploy plan artifact_id").trim(),
  deploy_reference: z.string().trim().default(""),
  source_git_ref: nonBlank("generic web rollback deploy plan source_git_ref").trim(),
  timeout_seconds: z.number().int().min(1).nullish(),
  no_cache: z.boolean().default(false),
});
export type GenericWebRollbackDeployPlan = z.output<typeof GenericWebRollbackDeployPlan>;

export const GenericWebRollbackPlanRecordFields = z.strictObject({
  schema_version: schemaVersion,
  plan_id: recordId,
  product: nonBlank("generic web rollback plan record product").trim(),
  context: nonBlank("generic web rollback plan record context").trim(),
  instance: nonBlank("generic web rollback plan record instance").trim(),
  status: genericWebRollbackPlanStatus,
  rollback_deployment_record_id: nonBlank("generic web rollback plan record rollback_deployment_record_id").trim(),
  artifact_identity: ArtifactIdentityReference.nullish(),
  source_git_ref: z.string().trim().default(""),
  planned_deploy: GenericWebRollbackDeployPlan.nullish(),
  backup_record_id: z.string().trim().default(""),
  backup_gate: BackupGateEvidence.default(() => BackupGateEvidence.parse({})),
  target_health: HealthcheckEvidence.default(() => HealthcheckEvidence.parse({})),
  /** Stored sorted by code (stable for equal codes), as upstream does. */
  blockers: z
    .array(GenericWebRollbackBlocker)
    .default(() => [])
    .transform((blockers) => [...blockers].sort((left, right) => (left.code < right.code ? -1 : left.code > right.code ? 1 : 0))),
  created_at: timestamp,
  summary: nonBlank("generic web rollback plan record summary").trim(),
});

export const GenericWebRollbackPlanRecord = GenericWebRollbackPlanRecordFields.superRefine((value, ctx) => {
  if (value.status === "ready") {
    if (value.blockers.length > 0) {
      ctx.addIssue({ code: "custom", path: ["blockers"], message: "ready generic web rollback plan cannot include blockers" });
    }
    if (!value.artifact_identity || !value.planned_deploy) {
      ctx.addIssue({
        code: "custom",
        path: ["planned_deploy"],
        message: "ready generic web rollback plan requires artifact identity and deploy plan",
      });
    }
  }
  if (value.status === "blocked" && value.blockers.length === 0) {
    ctx.addIssue({ code: "custom", path: ["blockers"], message: "blocked generic web rollback plan requires blockers" });
  }
});
export type GenericWebRollbackPlanRecord = z.output<typeof GenericWebRollbackPlanRecord>;

/** Upstream `_generic_web_rollback_plan_id`: `generic-web-rollback-plan-<context>-<instance>-<deployment id>`, lower-cased. */
export function buildGenericWebRollbackPlanId(input: {
  context: string;
  instance: string;
  deployment_record_id: string;
}): string {
  return [
    "generic-web-rollback-plan",
    input.context.trim().toLowerCase(),
    input.instance.trim().toLowerCase(),
    input.deployment_record_id.trim().toLowerCase(),
  ].join("-");
}
