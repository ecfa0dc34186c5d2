import type { PreviewRecord } from "@/server/contracts/preview";
import type { DbClient } from "@/server/repositories/db-client";
import type { StoredRecord } from "@/server/repositories/stored-record";

/** Results one search returns per family, at most. */
export const CONSOLE_SEARCH_LIMIT = 20;

/** Where a search may look: a product and the contexts of it the caller may read. */
export interface SearchScope {
  product: string;
  contexts: readonly string[];
}

interface PreviewRow {
  product: string;
  payload: unknown;
  stored_at: Date;
}

/** `%text%` for ILIKE, with the pattern characters in `text` taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** The console's search over records that are too many to list: one bounded statement per family. */
export function consoleSearchRepository(db: DbClient) {
  return {
    /**
     * Previews in the given product/context pairs whose id, label or anchor
     * repository contains `text`, or whose PR number is `text`; most recently
     * updated first, at most `take`.
     */
    async previews(scopes: readonly SearchScope[], text: string, take = CONSOLE_SEARCH_LIMIT): Promise<Array<StoredRecord<PreviewRecord>>> {
      const pairs = scopes.flatMap((scope) => scope.contexts.map((context) => [scope.product, context] as const));
      const needle = text.trim();
      if (pairs.length === 0 || !needle) return [];
      const products = pairs.map(([product]) => product);
      const contexts = pairs.map(([, context]) => context);
      const pattern = containsPattern(needle);
      const number = /^#?\d{1,9}$/.test(needle) ? Number(needle.replace("#", "")) : -1;
      const rows = await db.$queryRaw<PreviewRow[]>`
        SELECT r.product, r.payload, r.stored_at
          FROM launchplane_previews r
          JOIN unnest(${products}::text[], ${contexts}::text[]) AS allowed(product, context)
            ON allowed.product = r.product AND allowed.context = r.context
         WHERE r.anchor_pr_number = ${number}
            OR r.preview_id ILIKE ${pattern}
            OR r.anchor_repo ILIKE ${pattern}
            OR r.payload->>'preview_label' ILIKE ${pattern}
         ORDER BY r.updated_at DESC, r.preview_id DESC
         LIMIT ${Math.min(Math.max(1, Math.trunc(take)), CONSOLE_SEARCH_LIMIT)}`;
      return rows.map((row) => ({ product: row.product, record: row.payload as PreviewRecord, operationId: null, storedAt: row.stored_at }));
    },
  };
}
