import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { pageQuery } from "@/server/http/page-query";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { identityReadScope } from "@/server/services/authz-policy";
import { parseActivityKinds, readProductActivity } from "@/server/services/product-activity";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.productActivity, async ({ identity, params, query }) => {
    const page = pageQuery(query);
    const kinds = parseActivityKinds(query.getAll("kind"));
    const scope = await identityReadScope(db(), identity, "product");
    const activity = await readProductActivity(db(), params.product!, {
      scope,
      cursor: page.cursor,
      limit: page.limit,
      kinds,
      lane: query.get("lane") ?? undefined,
    });
    return { ...activity };
  }),
});
