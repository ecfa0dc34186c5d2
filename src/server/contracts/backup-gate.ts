// Backup gate record: append-only evidence of one backup run that can authorize a promotion into
// a destination instance, plus the POST /v1/evidence/backup-gates envelope. Mirrors upstream
// control_plane/contracts/backup_gate_record.py and http_routes/evidence.py.
import { z } from "zod";

import { stringMap } from "./deploy-evidence";
import { nonBlank, recordId, releaseStatus, schemaVersion, timestamp } from "./primitives";

export const BackupGateStatus = releaseStatus;
export type BackupGateStatus = z.infer<typeof BackupGateStatus>;

export const BackupGateRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: recordId,
  context: nonBlank("backup gate record context"),
  /** Destination instance the backup protects (a promotion's `to_instance`). */
  instance: nonBlank("backup gate record instance"),
  created_at: timestamp,
  source: nonBlank("backup gate record source"),
  required: z.boolean().default(true),
  status: BackupGateStatus.default("pending"),
  /** Concrete backup evidence such as snapshot or archive identifiers. */
  evidence: stringMap.default(() => ({})),
});

export const BackupGateRecord = BackupGateRecordFields.superRefine((value, ctx) => {
  if (value.status === "pass" && Object.keys(value.evidence).length === 0) {
    ctx.addIssue({ code: "custom", message: "passing backup gate record requires evidence", path: ["evidence"] });
  }
});
export type BackupGateRecord = z.output<typeof BackupGateRecord>;

/** Body of POST /v1/evidence/backup-gates. `operation_id` is this project's extension. */
export const BackupGateEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("backup gate evidence product"),
  backup_gate: BackupGateRecord,
  operation_id: recordId.optional(),
});
export type BackupGateEvidenceRequest = z.output<typeof BackupGateEvidenceRequest>;
