import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import type { BackupGateRecord } from "@/server/contracts/backup-gate";
import type { DeploymentRecord } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type { PreviewRecord } from "@/server/contracts/preview";
import type { PromotionRecord } from "@/server/contracts/promotion";
import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { LaunchplaneError } from "@/server/errors";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { backupGateRepository } from "@/server/repositories/backup-gate-repository";
import type { DbClient } from "@/server/repositories/db-client";
import { deploymentRepository } from "@/server/repositories/deployment-repository";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { promotionRepository } from "@/server/repositories/promotion-repository";
import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { findPreview, type PreviewHistory, readPreviewHistory } from "@/server/services/preview-history";

/**
 * Single-record reads by id or key. Each answers 404 when the record does not
 * exist; the door then authorizes against the stored record's product and
 * context (403 when it exists outside the caller's scope).
 */
function found<T>(stored: T | null, what: string, id: string): T {
  if (!stored) throw new LaunchplaneError("not_found", `${what} ${id} was not found`);
  return stored;
}

export async function readDeployment(db: DbClient, recordId: string): Promise<StoredRecord<DeploymentRecord>> {
  return found(await deploymentRepository(db).find(recordId), "deployment", recordId);
}

export async function readPromotion(db: DbClient, recordId: string): Promise<StoredRecord<PromotionRecord>> {
  return found(await promotionRepository(db).find(recordId), "promotion", recordId);
}

export async function readBackupGate(db: DbClient, recordId: string): Promise<StoredRecord<BackupGateRecord>> {
  return found(await backupGateRepository(db).find(recordId), "backup gate", recordId);
}

export async function readArtifactManifest(db: DbClient, artifactId: string): Promise<StoredRecord<ArtifactIdentityManifest>> {
  return found(await artifactManifestRepository(db).find(artifactId), "artifact", artifactId);
}

export async function readInventory(db: DbClient, context: string, instance: string): Promise<StoredRecord<EnvironmentInventory>> {
  return found(await inventoryRepository(db).find(context, instance), "inventory", `${context}/${instance}`);
}

export async function readPreview(db: DbClient, previewId: string): Promise<StoredRecord<PreviewRecord>> {
  return found(await findPreview(db, previewId), "preview", previewId);
}

/** A preview with its most recent generations (GET /v1/previews/{id}/history). */
export async function readPreviewWithGenerations(db: DbClient, previewId: string): Promise<PreviewHistory> {
  return found(await readPreviewHistory(db, previewId), "preview", previewId);
}

export async function readCurrentReleaseTuple(db: DbClient, context: string, channel: string): Promise<StoredRecord<ReleaseTupleRecord>> {
  return found(await releaseTupleRepository(db).findCurrent(context, channel), "release tuple", `${context}/${channel}`);
}
