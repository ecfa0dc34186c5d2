import type {} from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { exportJWK } from "jose";
import type { TestProject } from "vitest/node";
import { buildIsStale } from "../scripts/lib/build-freshness";
import { startNextServer } from "../scripts/lib/next-server";
import { startOidcIssuer } from "./support/oidc-issuer";
import { chooseTestDatabase, createMigratedTestDatabase, testServerUrl } from "./support/test-database";
import { TEST_AUDIENCE, TEST_POLICY } from "./support/v1-policy";

declare module "vitest" {
  export interface ProvidedContext {
    v1Url: string;
    v1DatabaseUrl: string;
    oidcIssuer: string;
    oidcAudience: string;
    signingKey: { kid: string; jwk: Record<string, unknown> };
  }
}

/**
 * The /v1 suite runs against the real production server: a fresh migrated
 * database, a local OpenID issuer on loopback standing in for GitHub's, and
 * `next start` configured with both. Builds first when the build is stale.
 */
export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, "..");
  if (buildIsStale(root)) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  // Before the server starts, so it inherits the embedded settings when there is no PostgreSQL.
  await chooseTestDatabase();
  const serverUrl = await testServerUrl();
  if (!serverUrl) throw new Error("The /v1 tests need PostgreSQL: set TEST_DATABASE_URL or run one on 127.0.0.1:5432.");
  const database = await createMigratedTestDatabase(serverUrl, "v1");

  const issuer = await startOidcIssuer();
  const policyDir = mkdtempSync(join(tmpdir(), "launchplane-policy-"));
  const policyFile = join(policyDir, "policy.json");
  writeFileSync(policyFile, JSON.stringify(TEST_POLICY));

  const server = await startNextServer({
    DATABASE_URL: database.url,
    LAUNCHPLANE_OIDC_ISSUER: issuer.url,
    LAUNCHPLANE_OIDC_AUDIENCE: TEST_AUDIENCE,
    LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
    LAUNCHPLANE_MAX_BODY_BYTES: String(64 * 1024),
    AUTH_SECRET: "launchplane-tests-auth-secret-0123456789",
  });

  project.provide("v1Url", server.url);
  project.provide("v1DatabaseUrl", database.url);
  project.provide("oidcIssuer", issuer.url);
  project.provide("oidcAudience", TEST_AUDIENCE);
  project.provide("signingKey", { kid: issuer.key.kid, jwk: (await exportJWK(issuer.key.privateKey)) as Record<string, unknown> });

  return async () => {
    await server.stop();
    await issuer.close();
    await database.drop();
  };
}
