/**
 * Bounded keyset pages over a family in primary-key order, for streaming
 * whole families (state export) without an unbounded read.
 */
export interface RecordPageRequest {
  /** Key of the last row of the previous page; omitted for the first page. */
  after?: string | null;
  /** Only rows stored under this product. */
  product?: string;
  take: number;
}

/** Lane-keyed families (context, instance) page on both parts. */
export interface LanePageRequest {
  after?: { context: string; instance: string } | null;
  product?: string;
  /** Only rows of these contexts (families without a product column). */
  contexts?: readonly string[];
  take: number;
}

export const RECORD_PAGE_MAX = 500;

export function boundedPageSize(take: number): number {
  return Math.min(Math.max(1, Math.trunc(take)), RECORD_PAGE_MAX);
}
