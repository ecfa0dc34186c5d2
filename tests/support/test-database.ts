import { randomBytes } from "node:crypto";
import { checkReachable, createFreshDatabase, dropDatabase, migrateDeploy } from "../../scripts/lib/database-tools";
import { startEmbeddedDatabase } from "../../scripts/lib/embedded-database";
import { ensureTemplate, type TemplateKind } from "../../scripts/lib/embedded-template";

/**
 * Where tests get their databases (DECISIONS 19): TEST_DATABASE_URL, else
 * the machine's PostgreSQL on 127.0.0.1:5432, else (so `npm test` works on a
 * machine without PostgreSQL) embedded PGlite databases. An embedded
 * database serves one connection at a time, so that mode runs test files one
 * after another with single-connection pools (see chooseTestDatabase).
 */

/** The "server URL" of the embedded fallback: every database is its own in-memory PGlite. */
export const EMBEDDED_TEST_SERVER = "embedded:pglite";

const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

export function embeddedTestDatabases(): boolean {
  return process.env.LAUNCHPLANE_TEST_DATABASE === "embedded";
}

/** The server tests create their databases on. Throws when TEST_DATABASE_URL is set but unreachable. */
export async function testServerUrl(): Promise<string | undefined> {
  if (embeddedTestDatabases()) return EMBEDDED_TEST_SERVER;
  const candidates = [process.env.TEST_DATABASE_URL, LOCAL_SERVER];
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

/**
 * Settings every process of an embedded run inherits (test workers, the
 * servers the setups start): an embedded database serves one connection at
 * a time, so pools use one and hand it back quickly, and live updates use the
 * in-process bus instead of a LISTEN connection that would hold it forever.
 */
const EMBEDDED_SETTINGS = {
  LAUNCHPLANE_TEST_DATABASE: "embedded",
  LAUNCHPLANE_EMBEDDED: "1",
  LAUNCHPLANE_DB_POOL_MAX: "1",
  LAUNCHPLANE_DB_IDLE_TIMEOUT_MS: "50",
} as const;

/**
 * Decides once per test run (in the vitest or Playwright main process,
 * before any worker or server starts, so they all inherit the decision):
 * real PostgreSQL when there is one, else the embedded fallback. Returns true
 * for the fallback, after preparing the database templates and saying what
 * the fallback does not prove.
 */
export async function chooseTestDatabase(): Promise<boolean> {
  // LAUNCHPLANE_TEST_DATABASE=embedded asks for the fallback even where PostgreSQL runs.
  if (!embeddedTestDatabases()) {
    if (process.env.TEST_DATABASE_URL) return false;
    try {
      await checkReachable(LOCAL_SERVER);
      return false;
    } catch {
      // no PostgreSQL here
    }
  }
  // Prepared once per run; processes started later inherit the settings.
  if (process.env.LAUNCHPLANE_TEST_DATABASE_PREPARED) return true;
  Object.assign(process.env, EMBEDDED_SETTINGS, { LAUNCHPLANE_TEST_DATABASE_PREPARED: "1" });
  await ensureTemplate("migrated");
  process.stdout.write(
    [
      "",
      "No PostgreSQL (TEST_DATABASE_URL unset and nothing on 127.0.0.1:5432, or LAUNCHPLANE_TEST_DATABASE=embedded):",
      "the tests run on embedded PGlite databases. These serve one connection at a time, so test files run one",
      "after another and concurrent requests are answered one by one: tests of races (idempotency keys,",
      "single-flight) pass without proving race-safety here, live updates travel on the server's in-process",
      "bus instead of PostgreSQL LISTEN/NOTIFY, and the test of live updates across two app instances does not",
      "run. CI runs everything against real PostgreSQL.",
      "",
    ].join("\n"),
  );
  return true;
}

/** Pool settings for a test's own client: as many connections as asked, or one in the embedded fallback. */
export function testPoolOptions(max: number): { max: number; idleTimeoutMillis?: number } {
  if (!embeddedTestDatabases()) return { max };
  return { max: 1, idleTimeoutMillis: Number(EMBEDDED_SETTINGS.LAUNCHPLANE_DB_IDLE_TIMEOUT_MS) };
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function embeddedTestDatabase(kind: TemplateKind): Promise<TestDatabase> {
  const database = await startEmbeddedDatabase(null, { template: await ensureTemplate(kind) });
  return { url: database.url, drop: () => database.stop() };
}

/** A fresh, empty database named after this run on the test server. */
export async function createTestDatabase(serverUrl: string, label = "test"): Promise<TestDatabase> {
  if (serverUrl === EMBEDDED_TEST_SERVER) return embeddedTestDatabase("empty");
  const name = `launchplane_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = await createFreshDatabase(serverUrl, name);
  return { url, drop: () => dropDatabase(serverUrl, name) };
}

/** A fresh database with every migration applied (embedded: straight from the migrated template). */
export async function createMigratedTestDatabase(serverUrl: string, label = "test"): Promise<TestDatabase> {
  if (serverUrl === EMBEDDED_TEST_SERVER) return embeddedTestDatabase("migrated");
  const database = await createTestDatabase(serverUrl, label);
  try {
    await migrateDeploy(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}
