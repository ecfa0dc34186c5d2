import { z } from "zod";
import { productLifecycleState, type ProductProfileRecord } from "@/server/contracts/product-profile";
import type { ProductOverview } from "@/server/contracts/product-overview";
import { listProductOverviews } from "@/server/services/product-overview";
import { readableProducts } from "@/server/services/product-read-access";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";

/** What the products list shows of a profile: identity and lanes, nothing operational. */
export const ProductListItem = z.object({
  product: z.string(),
  display_name: z.string(),
  repository: z.string(),
  driver_id: z.string(),
  lifecycle_state: productLifecycleState,
  lanes: z.array(z.object({ context: z.string(), instance: z.string(), base_url: z.string() })),
  preview: z.object({ enabled: z.boolean(), context: z.string() }),
  updated_at: z.string(),
});
export type ProductListItem = z.infer<typeof ProductListItem>;

/** A product on the products page: its lanes at a glance (health, incidents, trust), previews count. */
export const ProductCard = z.object({
  product: z.string(),
  display_name: z.string(),
  repository: z.string(),
  driver_id: z.string(),
  lifecycle_state: productLifecycleState,
  lanes: z.array(
    z.object({
      instance: z.string(),
      context: z.string(),
      artifact_id: z.string(),
      health: z.enum(["healthy", "failing", "unknown"]),
      open_incident_count: z.number(),
      trust_state: z.string(),
      runtime_identity_status: z.string(),
    }),
  ),
  preview: z.object({ enabled: z.boolean(), context: z.string(), active_count: z.number() }),
  open_incident_count: z.number(),
  trust_state: z.string(),
  updated_at: z.string(),
});
export type ProductCard = z.infer<typeof ProductCard>;

/** Products per page of the products page. */
export const PRODUCT_CARDS_PER_PAGE = 100;

function listItem(profile: ProductProfileRecord): ProductListItem {
  return {
    product: profile.product,
    display_name: profile.display_name,
    repository: profile.repository,
    driver_id: profile.driver_id,
    lifecycle_state: profile.lifecycle_state,
    lanes: profile.lanes.map((lane) => ({ context: lane.context, instance: lane.instance, base_url: lane.base_url })),
    preview: { enabled: profile.preview.enabled, context: profile.preview.context },
    updated_at: profile.updated_at,
  };
}

function productCard(overview: ProductOverview): ProductCard {
  return {
    product: overview.product,
    display_name: overview.display_name,
    repository: overview.repository,
    driver_id: overview.driver_id,
    lifecycle_state: overview.lifecycle_state,
    lanes: overview.environments.map((lane) => ({
      instance: lane.environment,
      context: lane.context,
      artifact_id: lane.artifact_id,
      health: lane.health.status,
      open_incident_count: lane.health.open_incident_count,
      trust_state: lane.trust_state,
      runtime_identity_status: lane.runtime_identity_status,
    })),
    preview: { enabled: overview.preview.enabled, context: overview.preview.context, active_count: overview.preview.active_count },
    open_incident_count: overview.open_incident_count,
    trust_state: overview.trust_state,
    updated_at: overview.provenance.recorded_at,
  };
}

export const productsRouter = router({
  /** Every product profile the operator may read (product.read in one of its contexts), sorted by product key. */
  list: operatorProcedure.output(z.array(ProductListItem)).query(async ({ ctx }) => (await readableProducts(ctx.db, operatorReadScope(ctx))).map(listItem)),

  /**
   * The products page: one page of the products the operator may read, each
   * with the lanes whose context they may read (health, open incidents,
   * trust) and its live previews. Three queries per page.
   */
  overview: operatorProcedure
    .input(z.object({ cursor: z.string().max(1000).nullish() }).optional())
    .output(z.object({ items: z.array(ProductCard), next_cursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await listProductOverviews(ctx.db, {
        scope: operatorReadScope(ctx),
        cursor: input?.cursor ?? null,
        limit: PRODUCT_CARDS_PER_PAGE,
      });
      return { items: page.items.map(productCard), next_cursor: page.next_cursor };
    }),
});
