import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { publishRecordEvent } from "@/server/events/record-events";
import type { DbClient } from "@/server/repositories/db-client";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { settleEvidenceInsert } from "@/server/services/evidence-write";

export interface ArtifactEvidenceInput {
  product: string;
  artifact: ArtifactIdentityManifest;
  operation_id?: string | null;
}

export interface ArtifactEvidenceResult {
  /** True when an identical manifest was already stored; nothing was written. */
  duplicate: boolean;
  records: { artifact_id: string };
}

/**
 * POST /v1/evidence/artifacts: stores an artifact manifest. An artifact id
 * names one built image, so a manifest is immutable: the same id with other
 * content (or from another product) is a record_conflict.
 */
export async function ingestArtifactEvidence(db: DbClient, input: ArtifactEvidenceInput): Promise<ArtifactEvidenceResult> {
  const { product, artifact } = input;
  const outcome = await artifactManifestRepository(db).insert(product, artifact, input.operation_id ?? null);
  const duplicate = settleEvidenceInsert(outcome, artifact, product, "artifact manifest", artifact.artifact_id) === "duplicate";
  if (!duplicate) void publishRecordEvent({ kind: "artifact_manifest", product, id: artifact.artifact_id });
  return { duplicate, records: { artifact_id: artifact.artifact_id } };
}
