import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { LaunchplaneError } from "@/server/errors";
import { env } from "@/server/env";

/**
 * The Prisma client. Only repositories (src/server/repositories) use it;
 * services receive repositories bound to it or to a transaction.
 */
export type Database = PrismaClient;

/** Kept on the client itself: bundles may load this module more than once. */
const POOL = Symbol.for("launchplane.sqlPool");

/**
 * A Prisma client over a pg pool the process owns. Repositories may send a
 * hot path's single statement through the same pool (`sqlPool`), skipping
 * Prisma's per-query overhead; $disconnect ends the pool too.
 */
export function createDatabase(connectionString: string, max = env().LAUNCHPLANE_DB_POOL_MAX): Database {
  // An explicitly configured LAUNCHPLANE_DB_POOL_MAX caps every pool (the embedded database serves one connection).
  const size = process.env.LAUNCHPLANE_DB_POOL_MAX ? Math.min(max, env().LAUNCHPLANE_DB_POOL_MAX) : max;
  const pool = new pg.Pool({ connectionString, max: size, idleTimeoutMillis: env().LAUNCHPLANE_DB_IDLE_TIMEOUT_MS });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  Object.defineProperty(client, POOL, { value: pool });
  return client;
}

/** The pg pool behind a client made by `createDatabase`. */
export function sqlPool(database: Database): pg.Pool | null {
  return (database as unknown as Record<symbol, pg.Pool | undefined>)[POOL] ?? null;
}

const globalForDb = globalThis as unknown as { launchplaneDb?: Database };

/** The process-wide client, created on first use from DATABASE_URL. */
export function db(): Database {
  if (!globalForDb.launchplaneDb) {
    const url = env().databaseUrl;
    if (!url) throw new LaunchplaneError("database_required", "DATABASE_URL is not configured");
    globalForDb.launchplaneDb = createDatabase(url);
  }
  return globalForDb.launchplaneDb;
}
