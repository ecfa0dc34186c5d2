import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import { lockForTransaction } from "@/server/repositories/advisory-lock";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

/** Products are few; every list is still capped so a read never scans without a bound. */
export const PRODUCT_PROFILE_LIST_LIMIT = 500;

/** Product profiles: current state, one row per product (a write replaces the record). */
export function productProfileRepository(db: DbClient) {
  return {
    async find(product: string): Promise<ProductProfileRecord | null> {
      const row = await db.productProfile.findUnique({ where: { product }, select: { payload: true } });
      return row ? (row.payload as unknown as ProductProfileRecord) : null;
    },

    /** Profiles sorted by product, optionally only those of one driver (exact match). */
    async list(options: { driverId?: string; take?: number; after?: string } = {}): Promise<ProductProfileRecord[]> {
      const driverId = options.driverId?.trim();
      const rows = await db.productProfile.findMany({
        where: { ...(driverId ? { driverId } : {}), ...(options.after ? { product: { gt: options.after } } : {}) },
        orderBy: { product: "asc" },
        take: Math.min(options.take ?? PRODUCT_PROFILE_LIST_LIMIT, PRODUCT_PROFILE_LIST_LIMIT),
        select: { payload: true },
      });
      return rows.map((row) => row.payload as unknown as ProductProfileRecord);
    },

    async count(): Promise<number> {
      return db.productProfile.count();
    },

    /**
     * Profiles that know a context: as a stable lane's context, a historical (pre-cutover)
     * context, or the enabled preview context. Sorted by product.
     */
    async listForContext(context: string, take = PRODUCT_PROFILE_LIST_LIMIT): Promise<ProductProfileRecord[]> {
      const limit = Math.min(take, PRODUCT_PROFILE_LIST_LIMIT);
      const lane = JSON.stringify([{ context }]);
      const historical = JSON.stringify([context]);
      const rows = await db.$queryRaw<Array<{ payload: unknown }>>`
        SELECT payload FROM launchplane_product_profiles
        WHERE payload->'lanes' @> ${lane}::jsonb
           OR payload->'historical_contexts' @> ${historical}::jsonb
           OR (payload->'preview'->>'enabled' = 'true' AND payload->'preview'->>'context' = ${context})
        ORDER BY product
        LIMIT ${limit}`;
      return rows.map((row) => row.payload as ProductProfileRecord);
    },

    /** Inserts or replaces the profile of `record.product`. */
    async upsert(record: ProductProfileRecord): Promise<void> {
      const columns = {
        displayName: record.display_name,
        repository: record.repository,
        driverId: record.driver_id,
        updatedAt: requiredDate(record.updated_at, "product profile updated_at"),
        payload: asJson(record),
      };
      await db.productProfile.upsert({
        where: { product: record.product },
        create: { product: record.product, ...columns },
        update: columns,
      });
    },

    /** Holds writers of this product's profile until the transaction ends. */
    lock(product: string): Promise<void> {
      return lockForTransaction(db, "product_profile", product);
    },
  };
}

export type ProductProfileRepository = ReturnType<typeof productProfileRepository>;
