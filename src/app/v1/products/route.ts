import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { pageQuery } from "@/server/http/page-query";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { identityReadScope } from "@/server/services/authz-policy";
import { listProductOverviews } from "@/server/services/product-overview";

export const dynamic = "force-dynamic";

/** `items`/`next_cursor` (DECISIONS 4) plus upstream's `products`. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.productList, async ({ identity, query }) => {
    const page = pageQuery(query);
    const scope = await identityReadScope(db(), identity, "product");
    const { items, next_cursor } = await listProductOverviews(db(), { scope, cursor: page.cursor, limit: page.limit });
    return { items, next_cursor, products: items };
  }),
});
