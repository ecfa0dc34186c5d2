import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { DbClient } from "@/server/repositories/db-client";
import type { StoredRecord } from "@/server/repositories/stored-record";

/** Bounds of preview summary reads. */
export const PREVIEW_SUMMARY_LIST_MAX = 200;
export const PREVIEW_SUMMARY_GENERATIONS_MAX = 50;

/** Preview states that still hold a deployment (everything but destroyed). */
export const LIVE_PREVIEW_STATES = ["pending", "active", "failed", "paused", "teardown_pending"] as const;

interface PreviewRow {
  product: string;
  payload: unknown;
  stored_at: Date;
}

interface GenerationRow {
  preview_id: string;
  payload: unknown;
}

/** Reads behind PreviewSummary: previews of a product, and recent generations of many previews at once. */
export function previewSummaryRepository(db: DbClient) {
  return {
    /**
     * A product's previews in some contexts, most recently updated first, at
     * most `take` (callers ask one more than they show to detect truncation).
     */
    async listForProduct(
      product: string,
      options: { contexts: readonly string[]; includeDestroyed: boolean; take: number },
    ): Promise<Array<StoredRecord<PreviewRecord>>> {
      if (options.contexts.length === 0) return [];
      const take = Math.min(Math.max(1, Math.trunc(options.take)), PREVIEW_SUMMARY_LIST_MAX + 1);
      const states = options.includeDestroyed ? [...LIVE_PREVIEW_STATES, "destroyed"] : [...LIVE_PREVIEW_STATES];
      const rows = await db.$queryRaw<PreviewRow[]>`
        SELECT product, payload, stored_at FROM launchplane_previews
         WHERE product = ${product}
           AND context = ANY(${[...options.contexts]}::text[])
           AND state = ANY(${states}::text[])
         ORDER BY updated_at DESC, preview_id DESC
         LIMIT ${take}`;
      return rows.map((row) => ({ product: row.product, record: row.payload as PreviewRecord, operationId: null, storedAt: row.stored_at }));
    },

    /**
     * The newest `perPreview` generations of each preview (sequence descending),
     * in one statement: one short walk down the (preview_id, sequence) index per
     * preview, so the cost follows the number of previews, not their history.
     */
    async recentGenerations(previewIds: readonly string[], perPreview: number): Promise<Map<string, PreviewGenerationRecord[]>> {
      const byPreview = new Map<string, PreviewGenerationRecord[]>();
      const ids = [...new Set(previewIds)];
      if (ids.length === 0) return byPreview;
      const take = Math.min(Math.max(1, Math.trunc(perPreview)), PREVIEW_SUMMARY_GENERATIONS_MAX);
      const rows = await db.$queryRaw<GenerationRow[]>`
        SELECT wanted.preview_id, recent.payload
          FROM unnest(${ids}::text[]) AS wanted(preview_id)
          CROSS JOIN LATERAL (
            SELECT g.payload, g.sequence
              FROM launchplane_preview_generations g
             WHERE g.preview_id = wanted.preview_id
             ORDER BY g.sequence DESC
             LIMIT ${take}
          ) recent
         ORDER BY wanted.preview_id, recent.sequence DESC`;
      for (const row of rows) {
        const list = byPreview.get(row.preview_id) ?? [];
        list.push(row.payload as PreviewGenerationRecord);
        byPreview.set(row.preview_id, list);
      }
      return byPreview;
    },
  };
}

export type PreviewSummaryRepository = ReturnType<typeof previewSummaryRepository>;
