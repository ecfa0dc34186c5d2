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
  };
}
