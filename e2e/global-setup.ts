import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildIsStale } from "../scripts/lib/build-freshness";
import { startNextServer } from "../scripts/lib/next-server";
import { chooseTestDatabase, createMigratedTestDatabase, testServerUrl } from "../tests/support/test-database";
import { seedConsoleData } from "./support/seed-console";
import { seedOperationsEvidence } from "./support/operations-evidence";
import { seedWorkspaceEvidence } from "./support/workspace-evidence";
import { startFakeGithub } from "./support/fake-github";
import { GITHUB_USERS, POLICY } from "./support/console-data";

/**
 * The console end to end: a fresh migrated PostgreSQL database on
 * 127.0.0.1:5432, a policy file, seeded product profiles, a fake GitHub on
 * loopback, and the production server (`next start`) with the development
 * sign-in on. The server's URL reaches the tests as LAUNCHPLANE_E2E_URL.
 */
export default async function globalSetup() {
  const root = resolve(import.meta.dirname, "..");
  if (buildIsStale(root)) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  // Without PostgreSQL: embedded databases, decided before the server starts so it inherits the settings.
  await chooseTestDatabase();
  const serverUrl = await testServerUrl();
  if (!serverUrl) throw new Error("The e2e tests need PostgreSQL: set TEST_DATABASE_URL or run one on 127.0.0.1:5432.");
  const database = await createMigratedTestDatabase(serverUrl, "e2e");

  const policyDir = mkdtempSync(join(tmpdir(), "launchplane-e2e-"));
  const policyFile = join(policyDir, "policy.json");
  writeFileSync(policyFile, JSON.stringify(POLICY));
  await seedConsoleData(database.url, policyFile);
  await seedWorkspaceEvidence(database.url);
  await seedOperationsEvidence(database.url);
  // Specs that post evidence through the services (live updates) write to the same database.
  process.env.LAUNCHPLANE_E2E_DATABASE_URL = database.url;

  const github = await startFakeGithub(GITHUB_USERS);
  const server = await startNextServer({
    DATABASE_URL: database.url,
    LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
    LAUNCHPLANE_DEV_LOGIN: "1",
    AUTH_SECRET: "launchplane-e2e-auth-secret-0123456789abcdef",
    AUTH_GITHUB_ID: github.clientId,
    AUTH_GITHUB_SECRET: github.clientSecret,
    LAUNCHPLANE_GITHUB_URL: github.url,
    LAUNCHPLANE_GITHUB_API_URL: github.url,
  });
  process.env.LAUNCHPLANE_E2E_URL = server.url;

  return async () => {
    // The server's own log, for diagnosing a failed run.
    mkdirSync(resolve(root, "test-results"), { recursive: true });
    writeFileSync(resolve(root, "test-results", "next-server.log"), server.output());
    await server.stop();
    await github.close();
    await database.drop();
  };
}
