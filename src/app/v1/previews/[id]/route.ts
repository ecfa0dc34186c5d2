import { db } from "@/server/db";
import { LaunchplaneError } from "@/server/errors";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { findPreview } from "@/server/services/preview-history";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.previewRead, async ({ params, authorize }) => {
    const stored = await findPreview(db(), params.id!);
    if (!stored) throw new LaunchplaneError("not_found", `preview ${params.id} was not found`);
    await authorize({ product: stored.product, context: stored.record.context });
    return { record: stored.record };
  }),
});
