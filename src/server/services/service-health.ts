import type { DbClient } from "@/server/repositories/db-client";
import { healthRepository } from "@/server/repositories/health-repository";
import { LaunchplaneError } from "@/server/errors";

/** Ready only once migrations are applied and a query has succeeded. */
export async function checkServiceHealth(db: DbClient): Promise<{ storage_backend: "postgres" }> {
  let applied: number;
  try {
    applied = await healthRepository(db).appliedMigrations();
  } catch {
    throw new LaunchplaneError("database_required", "the database is unavailable");
  }
  if (applied === 0) throw new LaunchplaneError("database_required", "database migrations have not been applied");
  return { storage_backend: "postgres" };
}
