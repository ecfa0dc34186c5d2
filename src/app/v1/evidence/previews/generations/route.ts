import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { previewBaseUrlResolver } from "@/server/services/preview-base-url";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewGenerationEvidence, {
    scope: (body) => ({ product: body.product, context: body.preview.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestPreviewGenerationEvidence(db, body, { resolvePreviewBaseUrl: previewBaseUrlResolver(db) });
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate },
        audit: outcome.duplicate ? null : { targetType: "preview_generation", targetId: outcome.records.generation_id },
      };
    },
  }),
});
