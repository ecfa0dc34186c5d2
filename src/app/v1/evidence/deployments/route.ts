import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.deploymentEvidence, {
    scope: (body) => ({ product: body.product, context: body.deployment.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestDeploymentEvidence(db, body);
      return { records: outcome.records, result: { duplicate: outcome.duplicate, release_tuple: outcome.releaseTuple } };
    },
  }),
});
