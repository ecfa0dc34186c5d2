import { normalizeLegacyProductProfile } from "@/server/contracts/product-profile";
import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { pageQuery } from "@/server/http/page-query";
import { v1Get, v1Methods, v1Post } from "@/server/http/v1-route";
import { listReadableProductProfiles, PRODUCT_PROFILE_CONTEXT, upsertProductProfile } from "@/server/services/product-profiles";

export const dynamic = "force-dynamic";

/**
 * Lists answer in both shapes: `items`/`next_cursor` (DECISIONS 4) and the
 * upstream `profiles`/`driver_id`, so existing workflows keep working.
 */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.productProfileList, async ({ identity, query }) => {
    const page = pageQuery(query);
    const driverId = query.get("driver_id")?.trim() ?? "";
    const { items, next_cursor } = await listReadableProductProfiles(db(), identity, { driverId, cursor: page.cursor, limit: page.limit });
    return { items, next_cursor, driver_id: driverId, profiles: items };
  }),
  POST: v1Post(v1Catalog.productProfileWrite, {
    prepare: (raw) => normalizeLegacyProductProfile(raw).profile,
    scope: (body) => ({ product: body.product, context: PRODUCT_PROFILE_CONTEXT }),
    handle: async ({ body, db: database }) => {
      const outcome = await upsertProductProfile(database, body);
      return {
        records: { product_profile: outcome.product },
        result: { action: outcome.action, normalization: outcome.normalization },
        audit: outcome.action === "unchanged" ? null : { targetType: "product_profile", targetId: outcome.product },
      };
    },
  }),
});
