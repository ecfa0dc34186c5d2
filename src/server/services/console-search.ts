import type { ReadScope } from "@/server/auth/authorize";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import { CONSOLE_SEARCH_LIMIT, consoleSearchRepository } from "@/server/repositories/console-search-repository";
import type { DbClient } from "@/server/repositories/db-client";
import { readableLanes, readableProductContexts, readableProducts } from "@/server/services/product-read-access";

/*
 * The console's global search (command palette): products, their stable
 * lanes and their previews, only those the caller's `product.read` scope
 * reaches. Products and lanes come from the profiles (few, bounded list);
 * previews from one bounded statement limited to readable product/context
 * pairs, so a search never returns, or counts, anything outside scope.
 */

/** Lanes a search lists at most (all of them for an empty search, up to this). */
export const LANE_RESULTS_LIMIT = 50;

export interface SearchProduct {
  product: string;
  display_name: string;
  repository: string;
}

export interface SearchLane {
  product: string;
  display_name: string;
  instance: string;
  context: string;
}

export interface SearchPreview {
  product: string;
  display_name: string;
  preview_id: string;
  label: string;
  anchor_repo: string;
  anchor_pr_number: number;
  state: string;
  updated_at: string;
}

export interface ConsoleSearchResult {
  products: SearchProduct[];
  lanes: SearchLane[];
  previews: SearchPreview[];
}

/** Every whitespace-separated term occurs in one of the fields (case-insensitive). */
export function matchesTerms(text: string, fields: readonly string[]): boolean {
  const haystack = fields.join(" ").toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => haystack.includes(term));
}

export async function searchConsole(db: DbClient, text: string, options: { scope?: ReadScope } = {}): Promise<ConsoleSearchResult> {
  const query = text.trim().slice(0, 200);
  const profiles = await readableProducts(db, options.scope);
  const displayNames = new Map(profiles.map((profile) => [profile.product, profile.display_name]));

  const products = profiles
    .filter((profile) => matchesTerms(query, [profile.product, profile.display_name, profile.repository]))
    .slice(0, CONSOLE_SEARCH_LIMIT)
    .map(({ product, display_name, repository }) => ({ product, display_name, repository }));

  const lanes = profiles
    .flatMap((profile) => searchLanes(profile, options.scope))
    .filter((lane) => matchesTerms(query, [lane.product, lane.display_name, lane.instance, lane.context, "lane"]))
    .slice(0, LANE_RESULTS_LIMIT);

  const stored = query
    ? await consoleSearchRepository(db).previews(
        profiles.map((profile) => ({ product: profile.product, contexts: readableProductContexts(profile, options.scope) })),
        query.replace(/^preview\s+/i, ""),
      )
    : [];
  const previews = stored.map(({ product, record }) => ({
    product,
    display_name: displayNames.get(product) ?? product,
    preview_id: record.preview_id,
    label: record.preview_label,
    anchor_repo: record.anchor_repo,
    anchor_pr_number: record.anchor_pr_number,
    state: record.state,
    updated_at: record.updated_at,
  }));

  return { products, lanes, previews };
}

function searchLanes(profile: ProductProfileRecord, scope: ReadScope | undefined): SearchLane[] {
  return readableLanes(profile, scope).map((lane) => ({ product: profile.product, display_name: profile.display_name, instance: lane.instance, context: lane.context }));
}
