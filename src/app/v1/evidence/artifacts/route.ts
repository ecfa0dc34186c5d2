import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";

export const dynamic = "force-dynamic";

/** Artifact manifests carry no lane; they are authorized in the product's own context. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.artifactEvidence, {
    scope: (body) => ({ product: body.product, context: body.product }),
    handle: async ({ body, db }) => {
      const outcome = await ingestArtifactEvidence(db, body);
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate },
        audit: outcome.duplicate ? null : { targetType: "artifact_manifest", targetId: outcome.records.artifact_id },
      };
    },
  }),
});
