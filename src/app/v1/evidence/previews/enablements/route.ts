import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestPreviewEnablementEvidence } from "@/server/services/preview-enablement-evidence";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewEnablementEvidence, {
    scope: (body) => ({ product: body.product, context: body.enablement.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestPreviewEnablementEvidence(db, body);
      const wrote = outcome.outcome === "inserted" || outcome.outcome === "updated";
      return {
        records: outcome.records,
        result: { outcome: outcome.outcome },
        audit: wrote ? { targetType: "preview_enablement", targetId: outcome.records.preview_enablement_id } : null,
      };
    },
  }),
});
