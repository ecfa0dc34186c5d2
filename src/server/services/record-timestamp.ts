import { LaunchplaneError } from "@/server/errors";
import { toDate } from "@/server/repositories/timestamps";

/**
 * Record contracts carry timestamps as strings; ordering columns need real
 * instants. A value that is present but unparseable is the caller's error
 * (400), never a server error.
 */
export function requireTimestamp(value: string, what: string): Date {
  const parsed = toDate(value);
  if (!parsed) throw new LaunchplaneError("invalid_request", `${what} must be an ISO 8601 timestamp (got ${JSON.stringify(value)})`);
  return parsed;
}

/** Blank is allowed (not yet known); anything else must parse. */
export function checkOptionalTimestamp(value: string | null | undefined, what: string): void {
  if (value && value.trim()) requireTimestamp(value, what);
}
