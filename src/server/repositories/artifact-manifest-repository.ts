import { type ArtifactIdentityManifest, artifactManifestColumns } from "@/server/contracts/artifact-manifest";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
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

    /** Manifests in artifact id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<ArtifactIdentityManifest>>> {
      const rows = await db.artifactManifest.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { artifactId: { gt: page.after } } : {}) },
        orderBy: { artifactId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.artifactManifest.count({ where: filter.product ? { product: filter.product } : {} });
    },

    /**
     * Products whose stored lane or preview records name this artifact (deployments,
     * promotions, inventories, release tuples, preview generations): who deployed it.
     */
    async referencingProducts(artifactId: string): Promise<string[]> {
      const rows = await db.$queryRaw<Array<{ product: string }>>`
        SELECT product FROM launchplane_deployments WHERE artifact_id = ${artifactId}
        UNION SELECT product FROM launchplane_promotions WHERE artifact_id = ${artifactId}
        UNION SELECT product FROM launchplane_inventories WHERE artifact_id = ${artifactId}
        UNION SELECT product FROM launchplane_release_tuples WHERE artifact_id = ${artifactId}
        UNION SELECT product FROM launchplane_preview_generations WHERE artifact_id = ${artifactId}
        ORDER BY product
        LIMIT 50`;
      return rows.map((row) => row.product);
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
