import { LaunchplaneError } from "@/server/errors";

/** `?cursor=&limit=` of list reads: default 50, at most 200 (DECISIONS 4). */
export interface PageQuery {
  cursor: string | null;
  limit: number;
}

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;

export function pageQuery(query: URLSearchParams): PageQuery {
  const rawLimit = query.get("limit");
  let limit = PAGE_DEFAULT;
  if (rawLimit !== null && rawLimit !== "") {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > PAGE_MAX) {
      throw new LaunchplaneError("invalid_request", `limit must be an integer from 1 to ${PAGE_MAX}`);
    }
    limit = Number(rawLimit);
  }
  const cursor = query.get("cursor");
  return { cursor: cursor ? cursor : null, limit };
}

/** Opaque cursors: base64url JSON, so clients never build them by hand. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T>(cursor: string | null, isValid: (value: unknown) => value is T): T | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (isValid(value)) return value;
  } catch {
    // fall through to the 400 below
  }
  throw new LaunchplaneError("invalid_request", "cursor is not a cursor this service issued");
}
