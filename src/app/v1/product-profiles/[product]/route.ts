import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { PRODUCT_PROFILE_CONTEXT, readProductProfile } from "@/server/services/product-profiles";

export const dynamic = "force-dynamic";

/** Answers with `record` (DECISIONS 4) and upstream's `profile`. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.productProfileRead, async ({ params, authorize }) => {
    const profile = await readProductProfile(db(), params.product!);
    await authorize({ product: profile.product, context: PRODUCT_PROFILE_CONTEXT });
    return { record: profile, profile };
  }),
});
