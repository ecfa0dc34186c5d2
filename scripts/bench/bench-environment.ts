import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildIsStale } from "../lib/build-freshness";
import { migrateDeploy } from "../lib/database-tools";
import { startNextServer, type RunningServer } from "../lib/next-server";
import { startOidcIssuer, type OidcIssuer } from "../../tests/support/oidc-issuer";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../../tests/support/test-database";

/**
 * What every benchmark needs: a fresh migrated database, a local OIDC issuer
 * on loopback, and the production server configured with both — all torn
 * down by `close()`.
 */
export const BENCH_AUDIENCE = "launchplane-bench";
export const BENCH_REPOSITORY = "launchplane-bench/workflows";

export interface BenchEnvironment {
  server: RunningServer;
  issuer: OidcIssuer;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startBenchEnvironment(label: string, extraEnv: Record<string, string> = {}): Promise<BenchEnvironment> {
  const root = resolve(import.meta.dirname, "..", "..");
  if (buildIsStale(root)) {
    console.log("building the production server first...");
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const serverUrl = await testServerUrl();
  if (!serverUrl) throw new Error("Benchmarks need PostgreSQL: set TEST_DATABASE_URL or run one on 127.0.0.1:5432.");
  const database = await createTestDatabase(serverUrl, label);
  await migrateDeploy(database.url);
  const issuer = await startOidcIssuer();
  const policyFile = join(mkdtempSync(join(tmpdir(), "launchplane-bench-")), "policy.json");
  writeFileSync(
    policyFile,
    JSON.stringify({
      schema_version: 1,
      github_actions: [{ repository: BENCH_REPOSITORY, workflow_refs: [], job_workflow_refs: [], event_names: [], refs: [], environments: [], products: [], contexts: [], actions: [] }],
      github_humans: [],
    }),
  );
  const server = await startNextServer({
    DATABASE_URL: database.url,
    LAUNCHPLANE_OIDC_ISSUER: issuer.url,
    LAUNCHPLANE_OIDC_AUDIENCE: BENCH_AUDIENCE,
    LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
    AUTH_SECRET: "launchplane-bench-auth-secret-0123456789",
    ...extraEnv,
  });
  return {
    server,
    issuer,
    database,
    async close() {
      await server.stop();
      await issuer.close();
      await database.drop();
    },
  };
}
