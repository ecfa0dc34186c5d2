import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { planPreviewLifecycle } from "@/server/services/preview-lifecycle-plan";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewLifecyclePlan, {
    scope: (body) => ({ product: body.product, context: body.context }),
    handle: async ({ body, db }) => {
      const outcome = await planPreviewLifecycle(db, body);
      return {
        records: outcome.records,
        result: outcome.result,
        audit: { targetType: "preview_lifecycle_plan", targetId: outcome.records.preview_lifecycle_plan_id },
      };
    },
  }),
});
