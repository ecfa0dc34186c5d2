import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { readPreviewWithGenerations } from "@/server/services/record-reads";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.previewHistory, async ({ params, authorize }) => {
    const history = await readPreviewWithGenerations(db(), params.id!);
    await authorize({ product: history.preview.product, context: history.preview.record.context });
    return { preview: history.preview.record, generations: history.generations };
  }),
});
