import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { DbClient } from "@/server/repositories/db-client";
import { PREVIEW_GENERATION_HISTORY_MAX, previewGenerationRepository } from "@/server/repositories/preview-generation-repository";
import { PREVIEW_LIST_MAX, previewRepository } from "@/server/repositories/preview-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";

export interface PreviewHistory {
  /** The stored preview with its product, for authorizing the read. */
  preview: StoredRecord<PreviewRecord>;
  /** Newest sequence first, at most `limit`. */
  generations: PreviewGenerationRecord[];
}

/**
 * A preview and its most recent generations (GET /v1/previews/{id}/history):
 * two queries whatever the history size. Destroyed previews are returned
 * like any other. Null when the preview does not exist.
 */
export async function readPreviewHistory(
  db: DbClient,
  previewId: string,
  options: { limit?: number } = {},
): Promise<PreviewHistory | null> {
  const preview = await previewRepository(db).find(previewId);
  if (!preview) return null;
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? 50)), PREVIEW_GENERATION_HISTORY_MAX);
  const generations = await previewGenerationRepository(db).historyForPreview(previewId, limit);
  return { preview, generations: generations.map((generation) => generation.record) };
}

/** One preview by id (GET /v1/previews/{id}); null when it does not exist. */
export function findPreview(db: DbClient, previewId: string): Promise<StoredRecord<PreviewRecord> | null> {
  return previewRepository(db).find(previewId);
}

/**
 * The previews of a context, most recently updated first, at most `limit`
 * (default 50, max 200); optionally only one product's. One query.
 */
export function listPreviewsForContext(
  db: DbClient,
  context: string,
  options: { product?: string; limit?: number } = {},
): Promise<Array<StoredRecord<PreviewRecord>>> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? 50)), PREVIEW_LIST_MAX);
  return previewRepository(db).listForContext(context, { product: options.product, take: limit });
}

/**
 * The serving and latest generations of many previews in one query (for
 * PreviewSummary-style read models), keyed by generation id.
 */
export async function linkedGenerations(
  db: DbClient,
  previews: readonly PreviewRecord[],
): Promise<Map<string, PreviewGenerationRecord>> {
  const ids = previews.flatMap((preview) => [preview.serving_generation_id, preview.latest_generation_id, preview.active_generation_id]);
  const rows = await previewGenerationRepository(db).findByIds(ids);
  return new Map(rows.map((row) => [row.record.generation_id, row.record]));
}
