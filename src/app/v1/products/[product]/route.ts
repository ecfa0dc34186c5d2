import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { identityReadScope } from "@/server/services/authz-policy";
import { readProductOverview } from "@/server/services/product-overview";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.productRead, async ({ identity, params }) => {
    const scope = await identityReadScope(db(), identity, "product");
    return { product: await readProductOverview(db(), params.product!, { scope }) };
  }),
});
