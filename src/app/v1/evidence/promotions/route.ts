import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestPromotionEvidence } from "@/server/services/promotion-evidence";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.promotionEvidence, {
    scope: (body) => ({ product: body.product, context: body.promotion.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestPromotionEvidence(db, body);
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate, release_tuple: outcome.releaseTuple },
        audit: outcome.duplicate ? null : { targetType: "promotion", targetId: outcome.records.promotion_record_id },
      };
    },
  }),
});
