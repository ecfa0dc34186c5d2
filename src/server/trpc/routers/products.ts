import { z } from "zod";
import { authorize } from "@/server/auth/authorize";
import type { OperatorIdentity } from "@/server/auth/identity";
import type { AuthzPolicy } from "@/server/contracts/authz-policy";
import { productLifecycleState, type ProductProfileRecord } from "@/server/contracts/product-profile";
import { env } from "@/server/env";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { operatorProcedure, router } from "@/server/trpc/init";

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

/** The contexts a profile spans: its lanes' and, when enabled, its preview context. */
export function productContexts(profile: ProductProfileRecord): string[] {
  const contexts = profile.lanes.map((lane) => lane.context);
  if (profile.preview.enabled && profile.preview.context) contexts.push(profile.preview.context);
  return [...new Set(contexts)];
}

/**
 * An operator sees a product when `product.read` is allowed for it in at least
 * one of its contexts (or, for a profile without lanes, with no context).
 */
export function mayReadProduct(
  policy: AuthzPolicy,
  operator: OperatorIdentity,
  profile: ProductProfileRecord,
  bootstrapAdmins: readonly string[],
): boolean {
  const contexts = productContexts(profile);
  return (contexts.length ? contexts : [""]).some(
    (context) => authorize(policy, operator, "product.read", profile.product, context, { bootstrapAdmins }).allowed,
  );
}

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

export const productsRouter = router({
  /** Every product profile the operator may read, sorted by product key. */
  list: operatorProcedure.output(z.array(ProductListItem)).query(async ({ ctx }) => {
    const profiles = await productProfileRepository(ctx.db).list();
    const bootstrapAdmins = env().LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS;
    return profiles.filter((profile) => mayReadProduct(ctx.policy, ctx.operator, profile, bootstrapAdmins)).map(listItem);
  }),
});
