import { LaunchplaneError } from "@/server/errors";
import { PAGE_MAX, pageLimit } from "@/server/services/list-page";

/** `?cursor=&limit=` of list reads (DECISIONS 4). */
export interface PageQuery {
  cursor: string | null;
  limit: number;
}

export function pageQuery(query: URLSearchParams): PageQuery {
  const rawLimit = query.get("limit");
  // Digits only: "1e2", "+5" or "2.0" are not page sizes, whatever Number() makes of them.
  if (rawLimit && !/^\d+$/.test(rawLimit)) {
    throw new LaunchplaneError("invalid_request", `limit must be an integer from 1 to ${PAGE_MAX}`);
  }
  const cursor = query.get("cursor");
  return { cursor: cursor ? cursor : null, limit: pageLimit(rawLimit ? Number(rawLimit) : undefined) };
}
