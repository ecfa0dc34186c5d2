import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { readPreview } from "@/server/services/record-reads";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.previewRead, async ({ params, authorize }) => {
    const stored = await readPreview(db(), params.id!);
    await authorize({ product: stored.product, context: stored.record.context });
    return { record: stored.record };
  }),
});
