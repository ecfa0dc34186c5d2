import type { Identity } from "@/server/auth/identity";
import { readScopeAllows } from "@/server/auth/authorize";
import { identityReadScope } from "@/server/services/authz-policy";
import { canonicalJson } from "@/server/contracts/canonical-json";
import {
  normalizeLegacyProductProfile,
  ProductProfileRecord,
  productProfileHistoryTransitionError,
  productProfileWriteContractError,
} from "@/server/contracts/product-profile";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { PRODUCT_PROFILE_LIST_LIMIT, productProfileRepository } from "@/server/repositories/product-profile-repository";
import { parseContract } from "@/server/services/contract-input";
import { decodeCursor, encodeCursor, pageLimit } from "@/server/services/list-page";
import { requireTimestamp } from "@/server/services/record-timestamp";

export type ProductProfileWriteAction = "created" | "updated" | "unchanged";

export interface ProductProfileWriteResult {
  /** The record id upstream answers with: the product key. */
  product: string;
  action: ProductProfileWriteAction;
  record: ProductProfileRecord;
  /** Legacy rewrites applied before validation (e.g. a stripped `alert_issue_url`). */
  normalization: string[];
}

/**
 * Writes a product profile (POST /v1/product-profiles, imports, operator repair): replaces the
 * whole record keyed by `product`.
 *
 * - Legacy payloads are normalized first: `alert_issue_url` is stripped from health checks
 *   (alert routing lives in notification policies), `public_ingress_monitoring` is migrated,
 *   a missing `monitoring_intent` is inferred. What changed is reported, never silently kept.
 * - The record contract, then the write-only rules (every enabled HTTP check resolves a URL).
 * - Against the stored profile, read under a per-product lock: `historical_contexts` only grow
 *   and a current lane/preview context may not newly reuse a historical one.
 * - `updated_at` and `source` come from the caller, as upstream does; an identical record is
 *   "unchanged" and writes nothing.
 */
export async function upsertProductProfile(db: DbClient, input: unknown): Promise<ProductProfileWriteResult> {
  const normalized = normalizeLegacyProductProfile(input);
  const record = parseContract(ProductProfileRecord, normalized.profile, "product profile");
  const writeError = productProfileWriteContractError(record);
  if (writeError) throw new LaunchplaneError("invalid_request", writeError);
  requireTimestamp(record.updated_at, "product profile updated_at");

  const action = await inTransaction(db, async (tx) => {
    const profiles = productProfileRepository(tx);
    await profiles.lock(record.product);
    const existing = await profiles.find(record.product);
    const transitionError = productProfileHistoryTransitionError(existing, record);
    if (transitionError) throw new LaunchplaneError("invalid_request", transitionError);
    if (existing && canonicalJson(existing) === canonicalJson(record)) return "unchanged" as const;
    await profiles.upsert(record);
    return existing ? ("updated" as const) : ("created" as const);
  });

  if (action !== "unchanged") {
    void publishRecordEvent({ kind: "product_profile", product: record.product, id: record.product });
  }
  return { product: record.product, action, record, normalization: normalized.changes };
}

/** The stored profile of a product, or null. */
export async function findProductProfile(db: DbClient, product: string): Promise<ProductProfileRecord | null> {
  return productProfileRepository(db).find(product);
}

/** The stored profile of a product; 404 not_found when there is none. */
export async function readProductProfile(db: DbClient, product: string): Promise<ProductProfileRecord> {
  const profile = await findProductProfile(db, product);
  if (!profile) throw new LaunchplaneError("not_found", `Product profile '${product}' was not found.`);
  return profile;
}

/**
 * Every profile sorted by product, or only those whose `driver_id` equals `driverId` exactly
 * (blank = all). Bounded by PRODUCT_PROFILE_LIST_LIMIT.
 */
export async function listProductProfiles(
  db: DbClient,
  options: { driverId?: string; after?: string; take?: number } = {},
): Promise<ProductProfileRecord[]> {
  return productProfileRepository(db).list({
    driverId: options.driverId,
    after: options.after,
    take: Math.min(options.take ?? PRODUCT_PROFILE_LIST_LIMIT, PRODUCT_PROFILE_LIST_LIMIT),
  });
}

/**
 * One page of the profiles a caller may read (product_profile.read on the
 * product, in the service context "launchplane" as upstream authorizes it),
 * sorted by product. The cursor is the last product of the page.
 */
export async function listReadableProductProfiles(
  db: DbClient,
  identity: Identity,
  options: { driverId?: string; cursor?: string | null; limit?: number },
): Promise<{ items: ProductProfileRecord[]; next_cursor: string | null }> {
  const limit = pageLimit(options.limit);
  const after = decodeCursor(options.cursor, isProductKey) ?? undefined;
  const scope = await identityReadScope(db, identity, "product_profile");
  const page = await listProductProfiles(db, { driverId: options.driverId, after, take: limit });
  const last = page.length === limit ? page.at(-1)?.product : undefined;
  return {
    items: page.filter((profile) => readScopeAllows(scope, profile.product, PRODUCT_PROFILE_CONTEXT)),
    next_cursor: last ? encodeCursor(last) : null,
  };
}

function isProductKey(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/** Upstream authorizes profile reads and writes in the Launchplane service context. */
export const PRODUCT_PROFILE_CONTEXT = "launchplane";

/** Profiles that own or once owned a context (lane, historical or enabled preview context). */
export async function listProductProfilesForContext(db: DbClient, context: string): Promise<ProductProfileRecord[]> {
  return productProfileRepository(db).listForContext(context);
}
