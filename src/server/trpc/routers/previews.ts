import { z } from "zod";
import { PREVIEW_PAGE_GENERATIONS, readScopedPreview } from "@/server/services/product-workspace";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";
import { PreviewDetailView, previewDetailView } from "@/server/trpc/views/preview-view";

export const previewsRouter = router({
  /**
   * One preview of a product with its generation history (newest first, up to 50).
   * 404 for an unknown product, preview, or a preview of another product;
   * 403 when product.read does not cover the preview's context.
   */
  get: operatorProcedure
    .input(z.object({ product: z.string().trim().min(1).max(200), previewId: z.string().trim().min(1).max(200) }))
    .output(PreviewDetailView)
    .query(async ({ ctx, input }) => {
      const { profile, summary } = await readScopedPreview(ctx.db, input.product, input.previewId, { scope: operatorReadScope(ctx) });
      return previewDetailView(summary, profile.display_name, PREVIEW_PAGE_GENERATIONS);
    }),
});
