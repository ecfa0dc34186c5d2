import type { DbClient } from "@/server/repositories/db-client";

/** Readiness: the database answers and every migration has been applied. */
export function healthRepository(db: DbClient) {
  return {
    async appliedMigrations(): Promise<number> {
      const rows = await db.$queryRaw<Array<{ applied: number }>>`
        select count(*)::int as applied from _prisma_migrations
        where finished_at is not null and rolled_back_at is null`;
      return rows[0]?.applied ?? 0;
    },

    /** Names of the applied migrations; null when the migrations table does not exist yet. */
    async appliedMigrationNames(): Promise<string[] | null> {
      const table = await db.$queryRaw<Array<{ present: boolean }>>`
        select to_regclass('_prisma_migrations') is not null as present`;
      if (!table[0]?.present) return null;
      const rows = await db.$queryRaw<Array<{ migration_name: string }>>`
        select migration_name from _prisma_migrations
        where finished_at is not null and rolled_back_at is null
        order by migration_name
        limit 10000`;
      return rows.map((row) => row.migration_name);
    },
  };
}
