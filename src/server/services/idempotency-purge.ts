import type { DbClient } from "@/server/repositories/db-client";
import { idempotencyRepository } from "@/server/repositories/idempotency-repository";
import { logger } from "@/server/logger";

/** How often a running server deletes expired idempotency rows (DECISIONS 22). */
export const IDEMPOTENCY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes idempotency rows past their expiry; returns how many. */
export async function purgeExpiredIdempotencyRecords(db: DbClient, now: Date = new Date()): Promise<number> {
  const purged = await idempotencyRepository(db).purgeExpired(now);
  if (purged > 0) logger.info({ purged }, "expired idempotency records purged");
  return purged;
}

/**
 * Purges every `intervalMs` for the life of the process. The timer is unref'd
 * so it never keeps a process alive; a failed run is logged and the next one
 * tries again (a lost database answers 503 elsewhere, not here).
 */
export function scheduleIdempotencyPurge(
  db: () => DbClient,
  intervalMs = IDEMPOTENCY_PURGE_INTERVAL_MS,
  clock: () => Date = () => new Date(),
): () => void {
  const timer = setInterval(() => {
    purgeExpiredIdempotencyRecords(db(), clock()).catch((error: unknown) =>
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, "idempotency purge failed"),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
