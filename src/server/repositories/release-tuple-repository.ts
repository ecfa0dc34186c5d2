import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { LaunchplaneError } from "@/server/errors";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type LanePageRequest } from "@/server/repositories/record-page";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { ReleaseTuple, ReleaseTupleHistory } from "@/generated/prisma/client";

/** One appended history row: a tuple as it was minted or copied. */
export interface ReleaseTupleHistoryEntry extends StoredRecord<ReleaseTupleRecord> {
  historyId: string;
}

export interface ReleaseTupleHistoryPage {
  items: ReleaseTupleHistoryEntry[];
  /** Opaque; pass back as `cursor` for the next (older) page. Null on the last page. */
  nextCursor: string | null;
}

export const RELEASE_TUPLE_HISTORY_DEFAULT_LIMIT = 50;
export const RELEASE_TUPLE_HISTORY_MAX_LIMIT = 200;

/** The promoted columns of a tuple row (shared with the one-statement ingest). */
export function releaseTupleColumns(product: string, tuple: ReleaseTupleRecord) {
  return {
    product,
    tupleId: tuple.tuple_id,
    artifactId: tuple.artifact_id,
    provenance: tuple.provenance,
    mintedAt: requiredDate(tuple.minted_at, "release tuple minted_at"),
    deploymentRecordId: tuple.deployment_record_id,
    promotionRecordId: tuple.promotion_record_id,
    payload: asJson(tuple),
  };
}

/**
 * Release tuples: one current row per (context, channel), replaced in place,
 * plus an append-only history row for every tuple ever minted or copied so
 * lane timelines can show tuple changes (DECISIONS 11).
 */
export function releaseTupleRepository(db: DbClient) {
  return {
    /**
     * Makes `tuple` the current tuple of its channel and appends it to the
     * history. Callers run this inside the transaction of the evidence that
     * minted the tuple.
     */
    async record(product: string, tuple: ReleaseTupleRecord): Promise<void> {
      const columns = releaseTupleColumns(product, tuple);
      await db.releaseTuple.upsert({
        where: { context_channel: { context: tuple.context, channel: tuple.channel } },
        create: { context: tuple.context, channel: tuple.channel, ...columns },
        update: { ...columns, storedAt: new Date() },
      });
      await db.releaseTupleHistory.create({ data: { context: tuple.context, channel: tuple.channel, ...columns } });
    },

    async findCurrent(context: string, channel: string): Promise<StoredRecord<ReleaseTupleRecord> | null> {
      const row = await db.releaseTuple.findUnique({ where: { context_channel: { context, channel } } });
      return row ? toStored(row) : null;
    },

    /** The current tuple carrying `tupleId`, whichever channel holds it. */
    async findCurrentByTupleId(tupleId: string): Promise<StoredRecord<ReleaseTupleRecord> | null> {
      const row = await db.releaseTuple.findFirst({ where: { tupleId } });
      return row ? toStored(row) : null;
    },

    /** A lane's tuple history, newest first, keyset-paginated on (minted_at, id). */
    async listHistory(
      context: string,
      channel: string,
      page: { limit?: number; cursor?: string | null } = {},
    ): Promise<ReleaseTupleHistoryPage> {
      const limit = Math.min(Math.max(Math.trunc(page.limit ?? RELEASE_TUPLE_HISTORY_DEFAULT_LIMIT), 1), RELEASE_TUPLE_HISTORY_MAX_LIMIT);
      const after = page.cursor ? decodeHistoryCursor(page.cursor) : null;
      const rows = await db.releaseTupleHistory.findMany({
        where: {
          context,
          channel,
          ...(after
            ? { OR: [{ mintedAt: { lt: after.mintedAt } }, { mintedAt: after.mintedAt, id: { lt: after.id } }] }
            : {}),
        },
        orderBy: [{ mintedAt: "desc" }, { id: "desc" }],
        take: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map(toHistoryEntry),
        nextCursor: rows.length > limit && last ? encodeHistoryCursor(last) : null,
      };
    },

    /** Current tuples in (context, channel) order after `after` (bounded page, for streaming exports). */
    async listCurrentPage(page: LanePageRequest): Promise<Array<StoredRecord<ReleaseTupleRecord>>> {
      const after = page.after;
      const rows = await db.releaseTuple.findMany({
        where: {
          ...(page.product ? { product: page.product } : {}),
          ...(after ? { OR: [{ context: { gt: after.context } }, { context: after.context, channel: { gt: after.instance } }] } : {}),
        },
        orderBy: [{ context: "asc" }, { channel: "asc" }],
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async countCurrent(filter: { product?: string } = {}): Promise<number> {
      return db.releaseTuple.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type ReleaseTupleRepository = ReturnType<typeof releaseTupleRepository>;

function toStored(row: ReleaseTuple | ReleaseTupleHistory): StoredRecord<ReleaseTupleRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as ReleaseTupleRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}

function toHistoryEntry(row: ReleaseTupleHistory): ReleaseTupleHistoryEntry {
  return { ...toStored(row), historyId: row.id.toString() };
}

function encodeHistoryCursor(row: ReleaseTupleHistory): string {
  return Buffer.from(JSON.stringify([row.mintedAt.toISOString(), row.id.toString()]), "utf8").toString("base64url");
}

function decodeHistoryCursor(cursor: string): { mintedAt: Date; id: bigint } {
  try {
    const [mintedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof mintedAt === "string" && typeof id === "string" && /^[0-9]{1,19}$/.test(id)) {
      const date = new Date(mintedAt);
      if (!Number.isNaN(date.getTime())) return { mintedAt: date, id: BigInt(id) };
    }
  } catch {
    // fall through to the refusal below
  }
  throw new LaunchplaneError("invalid_request", "release tuple history cursor is not valid");
}
