import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { readCurrentReleaseTuple } from "@/server/services/record-reads";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.releaseTupleRead, async ({ params, authorize }) => {
    const stored = await readCurrentReleaseTuple(db(), params.context!, params.channel!);
    await authorize({ product: stored.product, context: stored.record.context });
    return { record: stored.record };
  }),
});
