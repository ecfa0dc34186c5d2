/**
 * Runs once when a Next.js server process starts, before it serves requests:
 * seeds the authorization policy from LAUNCHPLANE_AUTHZ_POLICY_FILE when the
 * database has none, purges expired idempotency rows, and keeps purging them
 * hourly. Node.js runtime only; skipped during `next build` and without a
 * database. A failure is logged and never stops the server: /v1/health tells
 * whether the database is usable.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/server/env");
  if (!env().databaseUrl) return;

  const [{ db }, { logger }, { seedAuthzPolicyFromFile }, { purgeExpiredIdempotencyRecords, scheduleIdempotencyPurge }] =
    await Promise.all([
      import("@/server/db"),
      import("@/server/logger"),
      import("@/server/services/authz-policy"),
      import("@/server/services/idempotency-purge"),
    ]);
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

  try {
    const outcome = await seedAuthzPolicyFromFile(db());
    if (outcome.outcome !== "none") logger.info({ record_id: outcome.record.record_id, outcome: outcome.outcome }, "authz policy ready");
  } catch (error) {
    logger.error({ err: reason(error) }, "authz policy not seeded; every authorization is refused");
  }
  try {
    await purgeExpiredIdempotencyRecords(db());
  } catch (error) {
    logger.warn({ err: reason(error) }, "idempotency purge failed");
  }
  scheduleIdempotencyPurge(db);
}
