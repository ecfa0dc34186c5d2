import type { ReadScope } from "@/server/auth/authorize";
import { type DataProvenance, freshnessOf } from "@/server/contracts/data-provenance";
import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import type { PreviewSummary, PreviewSummaryList } from "@/server/contracts/preview-summary";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { previewRepository } from "@/server/repositories/preview-repository";
import {
  PREVIEW_SUMMARY_GENERATIONS_MAX,
  PREVIEW_SUMMARY_LIST_MAX,
  previewSummaryRepository,
} from "@/server/repositories/preview-summary-repository";
import { readableProduct, readableProductContexts } from "@/server/services/product-read-access";

/** Upstream read_preview_summary's default generation_limit. */
const DEFAULT_GENERATIONS = 10;
const DEFAULT_LIST_LIMIT = 50;

export interface PreviewSummaryOptions {
  /** Recent generations to include (default 10, at most 50). */
  generationLimit?: number;
  now?: Date;
}

/**
 * One preview's summary: its record, latest generation and recent
 * generations, newest sequence first. Two queries whatever the number of
 * generations. 404 when the preview does not exist; destroyed previews are
 * summarized like any other. The caller authorizes against the returned
 * product and the preview's context.
 */
export async function readPreviewSummary(db: DbClient, previewId: string, options: PreviewSummaryOptions = {}): Promise<PreviewSummary> {
  const stored = await previewRepository(db).find(previewId);
  if (!stored) throw new LaunchplaneError("not_found", `No Launchplane preview found for ${previewId}.`);
  const generations = await previewSummaryRepository(db).recentGenerations([previewId], generationLimit(options.generationLimit));
  return summarize(stored.product, stored.record, generations.get(previewId) ?? [], options.now);
}

export interface PreviewSummaryListOptions extends PreviewSummaryOptions {
  /** Include destroyed previews (default: only previews that still hold a deployment). */
  includeDestroyed?: boolean;
  /** Previews to list (default 50, at most 200). */
  limit?: number;
  /** Only previews in contexts this scope may read; omit for trusted in-process callers. */
  scope?: ReadScope;
  /** The product's profile when the caller already read it. */
  profile?: ProductProfileRecord;
}

/**
 * A product's previews, most recently updated first, each with its latest
 * and recent generations (default 1 generation each, as upstream lists
 * them). Three queries whatever the number of previews or generations: the
 * profile, the previews, and every listed preview's generations at once.
 * 404 for an unknown product; 403 when the scope reaches none of its contexts.
 */
export async function listPreviewSummaries(
  db: DbClient,
  product: string,
  options: PreviewSummaryListOptions = {},
): Promise<PreviewSummaryList> {
  const profile = await readableProduct(db, product, options.scope, "previews", options.profile);
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? DEFAULT_LIST_LIMIT)), PREVIEW_SUMMARY_LIST_MAX);
  const repository = previewSummaryRepository(db);
  const rows = await repository.listForProduct(product, {
    contexts: readableProductContexts(profile, options.scope),
    includeDestroyed: options.includeDestroyed ?? false,
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const generations = await repository.recentGenerations(
    page.map((row) => row.record.preview_id),
    generationLimit(options.generationLimit ?? 1),
  );
  return {
    product,
    items: page.map((row) => summarize(row.product, row.record, generations.get(row.record.preview_id) ?? [], options.now)),
    truncated: rows.length > limit,
  };
}

function generationLimit(requested: number | undefined): number {
  return Math.min(Math.max(1, Math.trunc(requested ?? DEFAULT_GENERATIONS)), PREVIEW_SUMMARY_GENERATIONS_MAX);
}

function summarize(product: string, preview: PreviewRecord, recent: PreviewGenerationRecord[], now?: Date): PreviewSummary {
  const latest = recent[0] ?? null;
  return { product, preview, latest_generation: latest, recent_generations: recent, provenance: previewProvenance(preview, latest, now) };
}

/** Upstream `_preview_provenance`: the latest generation's finish, else the preview record's update. */
export function previewProvenance(preview: PreviewRecord, latest: PreviewGenerationRecord | null, now: Date = new Date()): DataProvenance {
  if (latest) {
    const recordedAt = latest.finished_at || latest.ready_at || latest.requested_at;
    return {
      source_kind: "record",
      source_record_id: latest.generation_id,
      recorded_at: recordedAt,
      refreshed_at: "",
      ...freshnessOf(recordedAt, latest.overall_health_status === "pass", now),
      detail: "Latest Launchplane preview generation record.",
    };
  }
  return {
    source_kind: "record",
    source_record_id: preview.preview_id,
    recorded_at: preview.updated_at,
    refreshed_at: "",
    ...freshnessOf(preview.updated_at, false, now),
    detail: "Preview identity record exists, but no generation evidence is recorded.",
  };
}
