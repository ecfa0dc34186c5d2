import type { BackupGateRecord } from "@/server/contracts/backup-gate";
import { publishRecordEvent } from "@/server/events/record-events";
import type { DbClient } from "@/server/repositories/db-client";
import { backupGateRepository } from "@/server/repositories/backup-gate-repository";
import { settleEvidenceInsert } from "@/server/services/evidence-write";

export interface BackupGateEvidenceInput {
  product: string;
  backup_gate: BackupGateRecord;
  operation_id?: string | null;
}

export interface BackupGateEvidenceResult {
  /** True when an identical record was already stored; nothing was written. */
  duplicate: boolean;
  records: { backup_gate_record_id: string };
}

/**
 * POST /v1/evidence/backup-gates: stores the gate record (append-only).
 * Nothing else changes; promotions read the gate when they are gated.
 */
export async function ingestBackupGateEvidence(db: DbClient, input: BackupGateEvidenceInput): Promise<BackupGateEvidenceResult> {
  const { product, backup_gate: gate } = input;
  const outcome = await backupGateRepository(db).insert(product, gate, input.operation_id ?? null);
  const duplicate = settleEvidenceInsert(outcome, gate, product, "backup gate", gate.record_id) === "duplicate";
  if (!duplicate) {
    void publishRecordEvent({ kind: "backup_gate", product, id: gate.record_id, context: gate.context, instance: gate.instance });
  }
  return { duplicate, records: { backup_gate_record_id: gate.record_id } };
}
