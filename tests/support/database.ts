import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/server/db";
import { testPoolOptions } from "./test-database";

export interface TestDb {
  db: Database;
  /** SQL statements sent since the last reset (read-model query budgets). */
  queryCount(): number;
  resetQueryCount(): void;
}

/**
 * A client on this run's test database (see tests/global-setup.ts), closed
 * after the file's tests. It counts the statements it sends so tests can
 * prove a read model's cost does not grow with history.
 */
export function useTestDb(): TestDb {
  const db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: inject("databaseUrl"), ...testPoolOptions(4) }),
    log: [{ emit: "event", level: "query" }],
  });
  let count = 0;
  db.$on("query", () => {
    count += 1;
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  return { db, queryCount: () => count, resetQueryCount: () => (count = 0) };
}

let sequence = 0;

/** A product key no other test uses, so files can share one database. */
export function uniqueProduct(prefix = "product"): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}
