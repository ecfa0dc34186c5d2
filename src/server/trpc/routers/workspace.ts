import { z } from "zod";
import { readProductWorkspace } from "@/server/services/product-workspace";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";
import { WorkspaceView, workspaceView } from "@/server/trpc/views/workspace-view";

export const workspaceRouter = router({
  /**
   * A product's workspace: 404 for an unknown product, 403 when product.read
   * reaches none of its contexts; lanes and previews outside the operator's
   * contexts are left out.
   */
  get: operatorProcedure
    .input(z.object({ product: z.string().trim().min(1).max(200) }))
    .output(WorkspaceView)
    .query(async ({ ctx, input }) => workspaceView(await readProductWorkspace(ctx.db, input.product, { scope: operatorReadScope(ctx) }))),
});
