import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { readLaneSummary, resolveProductLane } from "@/server/services/lane-summary";

export const dynamic = "force-dynamic";

/** 404 for an unknown product or lane, then 403 unless product.read covers the lane's context. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.productEnvironmentRead, async ({ params, authorize }) => {
    const { profile, lane } = await resolveProductLane(db(), params.product!, params.env!);
    await authorize({ product: profile.product, context: lane.context });
    return { summary: await readLaneSummary(db(), profile.product, lane.instance, { profile }) };
  }),
});
