import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { readArtifactManifest } from "@/server/services/record-reads";

export const dynamic = "force-dynamic";

/** Artifact manifests are product-wide: their authorization context is the product key. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.artifactRead, async ({ params, authorize }) => {
    const stored = await readArtifactManifest(db(), params.id!);
    await authorize({ product: stored.product, context: stored.product });
    return { record: stored.record };
  }),
});
