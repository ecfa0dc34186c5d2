import { db } from "@/server/db";
import { LaunchplaneError } from "@/server/errors";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { readPreviewHistory } from "@/server/services/preview-history";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.previewHistory, async ({ params, authorize }) => {
    const history = await readPreviewHistory(db(), params.id!);
    if (!history) throw new LaunchplaneError("not_found", `preview ${params.id} was not found`);
    await authorize({ product: history.preview.product, context: history.preview.record.context });
    return { preview: history.preview.record, generations: history.generations };
  }),
});
