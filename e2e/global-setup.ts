import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildIsStale } from "../scripts/lib/build-freshness";
import { startNextServer } from "../scripts/lib/next-server";
import { startOidcIssuer } from "../tests/support/oidc-issuer";
import { chooseTestDatabase, createMigratedTestDatabase, testServerUrl } from "../tests/support/test-database";
import { seedConsoleData } from "./support/seed-console";
import { seedOperationsEvidence } from "./support/operations-evidence";
import { seedWorkspaceEvidence } from "./support/workspace-evidence";
import { startFakeGithub } from "./support/fake-github";
import { E2E_OIDC_AUDIENCE, GITHUB_USERS, POLICY } from "./support/console-data";
import { WORKFLOW_KEY_ENV, writeWorkflowKey } from "./support/workflow-evidence";

/**
 * The console end to end: a fresh migrated PostgreSQL database on
 * 127.0.0.1:5432, a policy file, seeded product profiles, a fake GitHub and
 * a local OpenID issuer (standing in for GitHub Actions') on loopback, and
 * the production server (`next start`) with the development sign-in on. The
 * server's URL reaches the tests as LAUNCHPLANE_E2E_URL, the issuer's
 * signing key as a file named by LAUNCHPLANE_E2E_WORKFLOW_KEY (specs post
 * evidence through /v1 as a workflow would: e2e/support/workflow-evidence.ts).
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

  const issuer = await startOidcIssuer();
  const keyFile = join(policyDir, "workflow-key.json");
  await writeWorkflowKey(issuer, keyFile);
  process.env[WORKFLOW_KEY_ENV] = keyFile;

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
    LAUNCHPLANE_OIDC_ISSUER: issuer.url,
    LAUNCHPLANE_OIDC_AUDIENCE: E2E_OIDC_AUDIENCE,
  });
  process.env.LAUNCHPLANE_E2E_URL = server.url;

  return async () => {
    // The server's own log, for diagnosing a failed run.
    mkdirSync(resolve(root, "test-results"), { recursive: true });
    writeFileSync(resolve(root, "test-results", "next-server.log"), server.output());
    await server.stop();
    await github.close();
    await issuer.close();
    await database.drop();
    rmSync(policyDir, { recursive: true, force: true });
  };
}
