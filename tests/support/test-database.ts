import { randomBytes } from "node:crypto";
import { checkReachable, createFreshDatabase, dropDatabase } from "../../scripts/lib/database-tools";

/** The server tests create their databases on: TEST_DATABASE_URL, else the local PostgreSQL. */
export async function testServerUrl(): Promise<string | undefined> {
  const candidates = [process.env.TEST_DATABASE_URL, "postgresql://postgres@127.0.0.1:5432/postgres"];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      await checkReachable(candidate);
      return candidate;
    } catch {
      if (candidate === process.env.TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not reachable");
    }
  }
  return undefined;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database named after this run on the test server. */
export async function createTestDatabase(serverUrl: string, label = "test"): Promise<TestDatabase> {
  const name = `launchplane_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = await createFreshDatabase(serverUrl, name);
  return { url, drop: () => dropDatabase(serverUrl, name) };
}
