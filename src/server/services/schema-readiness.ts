import type { DbClient } from "@/server/repositories/db-client";
import { healthRepository } from "@/server/repositories/health-repository";

/**
 * Migrations shipped with this build that the database has not applied (all
 * of them when it has never been migrated). Tools that write records refuse
 * to run until this is empty instead of migrating behind the operator's back.
 */
export async function pendingMigrations(db: DbClient, shipped: readonly string[]): Promise<string[]> {
  const applied = await healthRepository(db).appliedMigrationNames();
  if (!applied) return [...shipped];
  const done = new Set(applied);
  return shipped.filter((name) => !done.has(name));
}
