import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { LaunchplaneError } from "@/server/errors";
import { env } from "@/server/env";

/**
 * The Prisma client. Only repositories (src/server/repositories) use it;
 * services receive repositories bound to it or to a transaction.
 */
export type Database = PrismaClient;

export function createDatabase(connectionString: string, max = env().LAUNCHPLANE_DB_POOL_MAX): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
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
