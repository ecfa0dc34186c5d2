import { type ReadScope, readScopeAllows } from "@/server/auth/authorize";
import type { ProductLaneProfile, ProductProfileRecord } from "@/server/contracts/product-profile";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";

/**
 * Which parts of a product a caller may read. Product read models are
 * authorized per context (DECISIONS 3): a caller sees a product when its
 * read action is allowed for at least one of the product's contexts, and
 * each lane, preview or activity item only when its own context is readable.
 * A read scope of `undefined` means a trusted in-process caller (no filter).
 */

/** Every context a product's records can live in: lanes, historical (pre-cutover) contexts and the preview context. */
export function productContexts(profile: ProductProfileRecord): string[] {
  const contexts = [...profile.lanes.map((lane) => lane.context), ...profile.historical_contexts];
  if (profile.preview.context.trim()) contexts.push(profile.preview.context);
  return [...new Set(contexts.map((context) => context.trim()).filter(Boolean))];
}

/** The product's contexts the scope may read (all of them without a scope). */
export function readableProductContexts(profile: ProductProfileRecord, scope: ReadScope | undefined): string[] {
  const contexts = productContexts(profile);
  if (!scope) return contexts;
  return contexts.filter((context) => readScopeAllows(scope, profile.product, context));
}

/** True when the scope may read the lane's records (its context). */
export function mayReadLane(profile: ProductProfileRecord, lane: ProductLaneProfile, scope: ReadScope | undefined): boolean {
  return !scope || readScopeAllows(scope, profile.product, lane.context);
}

/** The product's lanes the scope may read (all of them without a scope). */
export function readableLanes(profile: ProductProfileRecord, scope: ReadScope | undefined): ProductLaneProfile[] {
  return profile.lanes.filter((lane) => mayReadLane(profile, lane, scope));
}

/**
 * True when the scope reaches the product at all: one of its contexts, or, for a
 * profile without any context, the product with no context.
 */
export function mayReadProduct(profile: ProductProfileRecord, scope: ReadScope | undefined): boolean {
  if (!scope) return true;
  const contexts = productContexts(profile);
  return (contexts.length ? contexts : [""]).some((context) => readScopeAllows(scope, profile.product, context));
}

/** 403 unless the scope reaches the product. */
export function requireReadableProduct(profile: ProductProfileRecord, scope: ReadScope | undefined, what: string): void {
  if (!mayReadProduct(profile, scope)) {
    throw new LaunchplaneError(
      "authorization_denied",
      `${scope?.action ?? "read"} does not allow reading ${what} of product '${profile.product}' in any of its contexts.`,
    );
  }
}

/** A product's profile (the one the caller already read, when given); 404 when there is none. */
export async function requireProductProfile(db: DbClient, product: string, known?: ProductProfileRecord): Promise<ProductProfileRecord> {
  const profile = known ?? (await productProfileRepository(db).find(product));
  if (!profile) throw new LaunchplaneError("not_found", `Product '${product}' was not found.`);
  return profile;
}

/** A product's profile for a reader: 404 when it does not exist, 403 when the scope reaches none of its contexts. */
export async function readableProduct(
  db: DbClient,
  product: string,
  scope: ReadScope | undefined,
  what: string,
  known?: ProductProfileRecord,
): Promise<ProductProfileRecord> {
  const profile = await requireProductProfile(db, product, known);
  requireReadableProduct(profile, scope, what);
  return profile;
}

/** Every profile the scope reaches, sorted by product (one bounded query). */
export async function readableProducts(db: DbClient, scope: ReadScope | undefined): Promise<ProductProfileRecord[]> {
  return (await productProfileRepository(db).list()).filter((profile) => mayReadProduct(profile, scope));
}

/**
 * The products a scope can reach at all, when every grant names its products
 * (null when some grant leaves products open), so lists can filter in SQL.
 */
export function scopeProducts(scope: ReadScope | undefined): string[] | null {
  if (!scope) return null;
  const products = new Set<string>();
  for (const grant of scope.grants) {
    if (grant.products === null) return null;
    for (const product of grant.products) products.add(product);
  }
  return [...products];
}
