import { z } from "zod";
import { searchConsole } from "@/server/services/console-search";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";

export const SearchResultView = z.object({
  products: z.array(z.object({ product: z.string(), display_name: z.string(), repository: z.string() })),
  lanes: z.array(z.object({ product: z.string(), display_name: z.string(), instance: z.string(), context: z.string() })),
  previews: z.array(
    z.object({
      product: z.string(),
      display_name: z.string(),
      preview_id: z.string(),
      label: z.string(),
      anchor_repo: z.string(),
      anchor_pr_number: z.number(),
      state: z.string(),
      updated_at: z.string(),
    }),
  ),
});
export type SearchResultView = z.infer<typeof SearchResultView>;

export const searchRouter = router({
  /** Products, lanes and previews matching `text` that product.read lets the operator see. */
  query: operatorProcedure
    .input(z.object({ text: z.string().max(200) }))
    .output(SearchResultView)
    .query(async ({ ctx, input }) => searchConsole(ctx.db, input.text, { scope: operatorReadScope(ctx) })),
});
