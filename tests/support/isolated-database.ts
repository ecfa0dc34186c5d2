import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/server/db";
import { createMigratedTestDatabase, type TestDatabase, testPoolOptions } from "./test-database";

/**
 * A fresh migrated database for one test file, for state that is global by
 * design (the single active authz policy) and so cannot be shared with other
 * files through unique product names. Dropped after the file's tests.
 */
export function useIsolatedTestDb(label: string): { db: () => Database; url: () => string } {
  let database: TestDatabase | undefined;
  let client: Database | undefined;
  beforeAll(async () => {
    database = await createMigratedTestDatabase(inject("databaseServerUrl"), label);
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, ...testPoolOptions(6) }) });
  });
  afterAll(async () => {
    await client?.$disconnect();
    await database?.drop();
  });
  return {
    url: () => {
      if (!database) throw new Error("the isolated test database is not ready yet");
      return database.url;
    },
    db: () => {
      if (!client) throw new Error("the isolated test database is not ready yet");
      return client;
    },
  };
}
