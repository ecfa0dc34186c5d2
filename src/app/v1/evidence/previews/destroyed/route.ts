import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestPreviewDestroyedEvidence } from "@/server/services/preview-destroyed-evidence";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewDestroyedEvidence, {
    scope: (body) => ({ product: body.product, context: body.destroy.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestPreviewDestroyedEvidence(db, body);
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate },
        audit: outcome.duplicate ? null : { targetType: "preview", targetId: outcome.records.preview_id },
      };
    },
  }),
});
