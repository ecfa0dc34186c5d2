import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { chooseTestDatabase, createMigratedTestDatabase, testServerUrl } from "./support/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseServerUrl: string;
  }
}

/**
 * One fresh, migrated database per test run. Test files share it and keep
 * out of each other's way by creating their own products.
 */
export default async function setup(project: TestProject) {
  await chooseTestDatabase();
  const serverUrl = await testServerUrl();
  if (!serverUrl) {
    throw new Error("Tests need PostgreSQL: set TEST_DATABASE_URL or run one on 127.0.0.1:5432.");
  }
  const database = await createMigratedTestDatabase(serverUrl, "unit");
  project.provide("databaseUrl", database.url);
  project.provide("databaseServerUrl", serverUrl);
  return async () => {
    await database.drop();
  };
}
