import { LaunchplaneError } from "@/server/errors";

/**
 * One page of a list read: how many items (`limit`, 50 by default, at most
 * 200: DECISIONS 4) and where it starts (`cursor`, opaque to clients).
 */
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;

/** The page size asked for; 400 for anything but an integer from 1 to PAGE_MAX. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) {
    throw new LaunchplaneError("invalid_request", `limit must be an integer from 1 to ${PAGE_MAX}`);
  }
  return limit;
}

/** Cursors are base64url JSON, so clients never build them by hand. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** The position a cursor names (null without one); 400 for anything this service did not issue. */
export function decodeCursor<T>(cursor: string | null | undefined, isValid: (value: unknown) => value is T): T | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (isValid(value)) return value;
  } catch {
    // Falls through to the refusal below.
  }
  throw new LaunchplaneError("invalid_request", "cursor is not a cursor this service issued");
}
