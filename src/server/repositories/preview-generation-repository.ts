import type { PreviewGenerationRecord, PreviewGenerationState } from "@/server/contracts/preview-generation";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate, toDate } from "@/server/repositories/timestamps";
import type { PreviewGeneration } from "@/generated/prisma/client";

/** Bound on every generation list read. */
export const PREVIEW_GENERATION_HISTORY_MAX = 200;

/** What a generation request may already correspond to (see findCandidates). */
export interface PreviewGenerationCandidateQuery {
  previewId: string;
  /** A pinned generation id: matched across every preview so a foreign id is noticed. */
  generationId?: string;
  /** A pinned sequence within the preview. */
  sequence?: number;
  /** Same requested_at instant and state: the only rows an exact replay can match. */
  requestedAt: Date;
  state: PreviewGenerationState;
}

/**
 * Preview generations: one row per build/deploy attempt of a preview, unique
 * per (preview_id, sequence). A generation pinned by id or sequence is
 * updated in place (upstream semantics), so writes are upserts by id.
 */
export function previewGenerationRepository(db: DbClient) {
  return {
    async find(generationId: string): Promise<StoredRecord<PreviewGenerationRecord> | null> {
      const row = await db.previewGeneration.findUnique({ where: { generationId } });
      return row ? toStored(row) : null;
    },

    /** Several generations by id in one query (serving/latest links of many previews). */
    async findByIds(generationIds: readonly string[]): Promise<Array<StoredRecord<PreviewGenerationRecord>>> {
      const ids = [...new Set(generationIds.filter((id) => id.trim()))];
      if (ids.length === 0) return [];
      const rows = await db.previewGeneration.findMany({
        where: { generationId: { in: ids } },
        take: ids.length,
      });
      return rows.map(toStored);
    },

    /**
     * Stored generations a request may refer to: the pinned id (any preview),
     * the pinned sequence, or a possible exact replay. Bounded; newest first.
     */
    async findCandidates(query: PreviewGenerationCandidateQuery, take = 50): Promise<Array<StoredRecord<PreviewGenerationRecord>>> {
      const rows = await db.previewGeneration.findMany({
        where: {
          OR: [
            ...(query.generationId ? [{ generationId: query.generationId }] : []),
            ...(query.sequence !== undefined ? [{ previewId: query.previewId, sequence: query.sequence }] : []),
            { previewId: query.previewId, requestedAt: query.requestedAt, state: query.state },
          ],
        },
        orderBy: [{ sequence: "desc" }, { generationId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /** The highest sequence of a preview's generations, 0 when it has none. */
    async maxSequence(previewId: string): Promise<number> {
      const result = await db.previewGeneration.aggregate({ where: { previewId }, _max: { sequence: true } });
      return result._max.sequence ?? 0;
    },

    /** A preview's generations, newest sequence first (bounded). */
    async historyForPreview(previewId: string, take = 20): Promise<Array<StoredRecord<PreviewGenerationRecord>>> {
      const rows = await db.previewGeneration.findMany({
        where: { previewId },
        orderBy: [{ sequence: "desc" }, { requestedAt: "desc" }, { generationId: "desc" }],
        take: Math.min(Math.max(1, Math.trunc(take)), PREVIEW_GENERATION_HISTORY_MAX),
      });
      return rows.map(toStored);
    },

    /**
     * Insert-only write (imports of append-only history): inserts the generation unless its id
     * or its preview's sequence is taken. When not inserted, `existing` is the row stored under
     * the id, or null when another generation holds the (preview_id, sequence) slot.
     */
    async insertIfAbsent(
      product: string,
      record: PreviewGenerationRecord,
      operationId: string | null,
    ): Promise<{ inserted: true } | { inserted: false; existing: StoredRecord<PreviewGenerationRecord> | null }> {
      const created = await db.previewGeneration.createMany({
        data: [{ generationId: record.generation_id, ...generationColumns(product, record), operationId }],
        skipDuplicates: true,
      });
      if (created.count === 1) return { inserted: true };
      return { inserted: false, existing: await this.find(record.generation_id) };
    },

    /** Inserts or replaces the generation row from the typed record. */
    async save(product: string, record: PreviewGenerationRecord, operationId: string | null): Promise<void> {
      const columns = generationColumns(product, record);
      await db.previewGeneration.upsert({
        where: { generationId: record.generation_id },
        create: { generationId: record.generation_id, ...columns, operationId },
        // A later update without an operation keeps the one that created it.
        update: { ...columns, ...(operationId ? { operationId } : {}) },
      });
    },

    /** Generations in generation id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<PreviewGenerationRecord>>> {
      const rows = await db.previewGeneration.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { generationId: { gt: page.after } } : {}) },
        orderBy: { generationId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.previewGeneration.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type PreviewGenerationRepository = ReturnType<typeof previewGenerationRepository>;

function generationColumns(product: string, record: PreviewGenerationRecord) {
  return {
    previewId: record.preview_id,
    product,
    sequence: record.sequence,
    state: record.state,
    artifactId: record.artifact_id,
    requestedAt: requiredDate(record.requested_at, "preview generation requested_at"),
    finishedAt: toDate(record.finished_at),
    payload: asJson(record),
  };
}

function toStored(row: PreviewGeneration): StoredRecord<PreviewGenerationRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as PreviewGenerationRecord,
    operationId: row.operationId,
    storedAt: row.storedAt,
  };
}
