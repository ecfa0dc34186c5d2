import { LaunchplaneError } from "@/server/errors";
import type { InsertOutcome } from "@/server/repositories/stored-record";
import { isoUtc } from "@/server/repositories/timestamps";

const ATTEMPTS = 5;

/**
 * Records the service mints with an id of the form `<prefix>-<context>-<now>`
 * (plans, cleanups, desired states, PR feedback). Upstream's "now" has
 * second precision and its write is an upsert, so two requests in one second
 * overwrote each other. Ours are append-only: "now" carries milliseconds and
 * an id that is already taken moves "now" on by one millisecond, so a record
 * is never overwritten. The insert never raises (ON CONFLICT DO NOTHING), so
 * this is safe inside a caller's transaction.
 */
export async function insertWithFreshTimestamp<T>(
  start: Date,
  build: (at: string) => T,
  insert: (record: T) => Promise<InsertOutcome<T>>,
  what: string,
): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const record = build(isoUtc(new Date(start.getTime() + attempt)));
    const outcome = await insert(record);
    if (outcome.inserted) return record;
  }
  throw new LaunchplaneError("operation_in_progress", `${what}: too many concurrent requests for this context; retry`);
}
