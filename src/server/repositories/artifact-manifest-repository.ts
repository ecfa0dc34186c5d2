import { type ArtifactIdentityManifest, artifactManifestColumns } from "@/server/contracts/artifact-manifest";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import type { ArtifactManifest } from "@/generated/prisma/client";

/** Artifact manifests: one immutable row per artifact id (an id names one built image). */
export function artifactManifestRepository(db: DbClient) {
  return {
    /** Inserts the manifest unless its id exists; then returns what is stored. */
    async insert(
      product: string,
      manifest: ArtifactIdentityManifest,
      operationId: string | null,
    ): Promise<InsertOutcome<ArtifactIdentityManifest>> {
      const columns = artifactManifestColumns(manifest);
      const created = await db.artifactManifest.createMany({
        data: [
          {
            artifactId: columns.artifact_id,
            product,
            sourceCommit: columns.source_commit,
            imageRepository: columns.image_repository,
            imageDigest: columns.image_digest,
            operationId,
            payload: asJson(manifest),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(manifest.artifact_id);
      if (!existing) throw new Error(`artifact manifest ${manifest.artifact_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(artifactId: string): Promise<StoredRecord<ArtifactIdentityManifest> | null> {
      const row = await db.artifactManifest.findUnique({ where: { artifactId } });
      return row ? toStored(row) : null;
    },
  };
}

export type ArtifactManifestRepository = ReturnType<typeof artifactManifestRepository>;

function toStored(row: ArtifactManifest): StoredRecord<ArtifactIdentityManifest> {
  return {
    product: row.product,
    record: row.payload as unknown as ArtifactIdentityManifest,
    operationId: row.operationId,
    storedAt: row.storedAt,
  };
}
