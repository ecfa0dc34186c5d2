import type { BackupGateRecord } from "@/server/contracts/backup-gate";
import type { DbClient } from "@/server/repositories/db-client";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { backupGateRepository } from "@/server/repositories/backup-gate-repository";
import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";
import { isReleaseChannel, requireSourceTuple } from "@/server/services/release-tuple-minting";

export interface PromotionGateRequest {
  product: string;
  context: string;
  from_instance: string;
  to_instance: string;
  artifact_id: string;
  backup_record_id: string;
}

export type PromotionGateCheckId =
  | "distinct_instances"
  | "artifact_manifest"
  | "source_release_tuple"
  | "backup_gate_record"
  | "backup_gate_context"
  | "backup_gate_instance"
  | "backup_gate_required"
  | "backup_gate_status"
  | "backup_gate_evidence";

export interface PromotionGateCheck {
  id: PromotionGateCheckId;
  label: string;
  passed: boolean;
  detail: string;
}

export interface PromotionGateResult {
  allowed: boolean;
  checks: PromotionGateCheck[];
}

/**
 * The fail-closed promotion gate (v1 invariant 1). Every check is evaluated
 * and reported, so an operator sees everything that blocks a promotion at
 * once, not only the first failure. Records stored under another product
 * count as absent. Three lookups at most, whatever the history size.
 */
export async function evaluatePromotionGate(db: DbClient, request: PromotionGateRequest): Promise<PromotionGateResult> {
  const { product, context, from_instance: from, to_instance: to } = request;
  const artifactId = request.artifact_id.trim();
  const backupRecordId = request.backup_record_id.trim();

  const [manifest, sourceTuple, backupGate] = await Promise.all([
    artifactId ? artifactManifestRepository(db).find(artifactId) : null,
    isReleaseChannel(from) ? releaseTupleRepository(db).findCurrent(context, from) : null,
    backupRecordId ? backupGateRepository(db).find(backupRecordId) : null,
  ]);

  const checks: PromotionGateCheck[] = [];
  const check = (id: PromotionGateCheckId, label: string, passed: boolean, detail: string) =>
    checks.push({ id, label, passed, detail });

  check(
    "distinct_instances",
    "Source and destination differ",
    from !== to,
    from !== to ? `${from} -> ${to}` : `source and destination are both ${from}`,
  );

  const manifestStored = manifest !== null && manifest.product === product;
  check(
    "artifact_manifest",
    "Artifact manifest stored",
    manifestStored,
    !artifactId
      ? "no artifact_id given"
      : manifestStored
        ? `artifact manifest ${artifactId} is stored`
        : `artifact manifest ${artifactId} is not stored for product ${product}`,
  );

  const tuple = requireSourceTuple(sourceTuple && sourceTuple.product === product ? sourceTuple.record : null, {
    context,
    fromChannel: from,
    artifactId,
  });
  check(
    "source_release_tuple",
    "Source lane release tuple matches the artifact",
    tuple.ok,
    tuple.ok ? `${tuple.tuple.tuple_id} is the current ${context}/${from} tuple` : tuple.detail,
  );

  const gate: BackupGateRecord | null = backupGate && backupGate.product === product ? backupGate.record : null;
  const absent = !backupRecordId ? "no backup_record_id given" : `backup gate record ${backupRecordId} is not stored for product ${product}`;
  check("backup_gate_record", "Backup gate record stored", gate !== null, gate ? `backup gate record ${gate.record_id} is stored` : absent);
  check(
    "backup_gate_context",
    "Backup gate is for this context",
    gate?.context === context,
    gate ? `backup gate context is ${gate.context}, promotion context is ${context}` : absent,
  );
  check(
    "backup_gate_instance",
    "Backup gate protects the destination",
    gate?.instance === to,
    gate ? `backup gate instance is ${gate.instance}, destination is ${to}` : absent,
  );
  check(
    "backup_gate_required",
    "Backup gate is required",
    gate?.required === true,
    gate ? (gate.required ? "required=true" : "required=false cannot satisfy promotion gating") : absent,
  );
  check(
    "backup_gate_status",
    "Backup gate passed",
    gate?.status === "pass",
    gate ? `backup gate status is ${gate.status}` : absent,
  );
  const evidenceCount = gate ? Object.keys(gate.evidence).length : 0;
  check(
    "backup_gate_evidence",
    "Backup gate carries evidence",
    evidenceCount > 0,
    gate ? (evidenceCount > 0 ? `${evidenceCount} evidence entries` : "backup gate has no evidence") : absent,
  );

  return { allowed: checks.every((item) => item.passed), checks };
}
