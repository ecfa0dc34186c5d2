/**
 * `npm start` as a newcomer runs it, end to end (DECISIONS 16, 17):
 *
 * 1. Embedded demo: an EMPTY temporary LAUNCHPLANE_DATA_DIR, no DATABASE_URL,
 *    a free PORT. Waits for GET /v1/health 200, signs in with the
 *    development sign-in through Auth.js's credentials flow, and checks that
 *    the seeded products are served (home page and /v1 with the session).
 *    Prints the time from `npm start` to the first served page.
 * 2. Restart on the same data directory: nothing is seeded again, the data
 *    and the generated secrets are kept.
 * 3. An unreachable DATABASE_URL: exits non-zero quickly with a readable message.
 * 4. A real DATABASE_URL (the machine's PostgreSQL): no demo data, no
 *    development sign-in, no demo banner; the policy file is seeded and
 *    expired idempotency rows are purged at start. Needs PostgreSQL; without
 *    one this scenario is reported as not run (and says why).
 *
 * Servers are stopped by signalling the launcher's node process (not the npm
 * wrapper); the test then checks the whole process tree has gone.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { migrateDeploy } from "../../scripts/lib/database-tools";
import { freePort } from "../../scripts/lib/embedded-database";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const root = resolve(import.meta.dirname, "..", "..");
const READY_TIMEOUT_MS = 180_000;
const DEMO_PRODUCTS = ["Web Shop", "Billing API", "Acme ERP (Odoo)"];
const DEMO_AUDIENCE = "launchplane-demo";

/** Settings a developer's shell might carry that would change what `npm start` does. */
const INHERITED_SETTINGS = [
  "DATABASE_URL",
  "LAUNCHPLANE_DATABASE_URL",
  "LAUNCHPLANE_DATA_DIR",
  "LAUNCHPLANE_DEV_LOGIN",
  "LAUNCHPLANE_EMBEDDED",
  "LAUNCHPLANE_OIDC_AUDIENCE",
  "LAUNCHPLANE_AUTHZ_POLICY_FILE",
  "LAUNCHPLANE_MASTER_ENCRYPTION_KEY",
  "LAUNCHPLANE_DB_POOL_MAX",
  "LAUNCHPLANE_DB_IDLE_TIMEOUT_MS",
  "AUTH_SECRET",
  "AUTH_URL",
  "PORT",
];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of INHERITED_SETTINGS) delete env[name];
  return { ...env, ...extra };
}

class SmokeFailure extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeFailure(message);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------
// Running `npm start`.
// ---------------------------------------------------------------------------

interface Started {
  child: ChildProcess;
  startedAt: number;
  port: number;
  base: string;
  output(): string;
  exited: Promise<number>;
}

function npmStart(env: NodeJS.ProcessEnv, port: number): Started {
  const startedAt = Date.now();
  // Its own process group, so the test can tell when every process of the tree has gone.
  const child = spawn("npm", ["start"], { cwd: root, env: { ...env, PORT: String(port) }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split("\n")) if (line.startsWith("[launchplane]")) process.stdout.write(`    ${line}\n`);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number>((done) => child.once("exit", (code, signal) => done(code ?? (signal ? 128 : 0))));
  return { child, startedAt, port, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function waitForHealth(started: Started): Promise<number> {
  const deadline = started.startedAt + READY_TIMEOUT_MS;
  let exited = false;
  void started.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    check(!exited, `npm start exited before it was ready:\n${started.output()}`);
    try {
      const response = await fetch(`${started.base}/v1/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return Date.now() - started.startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new SmokeFailure(`GET /v1/health did not answer 200 within ${seconds(READY_TIMEOUT_MS)}:\n${started.output()}`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signals the launcher's node process (whose pid `npm start` prints; the npm
 * wrapper would leave its children running) and waits until the whole tree
 * has exited. A tree that did not start a server is simply ended.
 */
async function stopServer(started: Started): Promise<void> {
  const pgid = started.child.pid;
  if (!pgid || !groupAlive(pgid)) return;
  const launcher = /launcher pid (\d+)/.exec(started.output())?.[1];
  process.kill(launcher ? Number(launcher) : -pgid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 100));
  const leftovers = groupAlive(pgid);
  if (leftovers) process.kill(-pgid, "SIGKILL");
  check(!leftovers, "processes of `npm start` were still running 20 s after the launcher was stopped");
  const stillServing = await fetch(`${started.base}/v1/health`).then(
    () => true,
    () => false,
  );
  check(!stillServing, `port ${started.port} still answers after the server was stopped`);
}

/** Runs `checks` against a started server and always stops it; a failure of the checks wins over one of stopping. */
async function withServer<T>(started: Started, checks: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await checks();
  } catch (error) {
    await stopServer(started).catch(() => undefined);
    throw error;
  }
  await stopServer(started);
  return result;
}

// ---------------------------------------------------------------------------
// HTTP with cookies (the Auth.js credentials flow, as a browser would post it).
// ---------------------------------------------------------------------------

class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (!pair || at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || /max-age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  has(prefix: string): boolean {
    return [...this.cookies.keys()].some((name) => name.startsWith(prefix));
  }
}

async function request(base: string, path: string, jar: CookieJar, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    redirect: "manual",
    headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() },
    signal: AbortSignal.timeout(60_000),
  });
  jar.store(response);
  return response;
}

/** Signs in with the development sign-in (Auth.js credentials provider `dev`); returns the jar holding the session. */
async function devSignIn(base: string, login: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await request(base, "/api/auth/csrf", jar);
  check(csrf.status === 200, `GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const body = new URLSearchParams({ csrfToken, login, organizations: "", teams: "", callbackUrl: `${base}/` });
  const callback = await request(base, "/api/auth/callback/dev", jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  check(callback.status === 302, `the dev sign-in callback answered ${callback.status}, expected a redirect`);
  check(jar.has("authjs.session-token"), `the dev sign-in as ${login} set no session cookie (redirect to ${callback.headers.get("location")})`);
  return jar;
}

// ---------------------------------------------------------------------------
// Scenarios.
// ---------------------------------------------------------------------------

interface Timing {
  health: number;
  signInPage: number;
  productsPage: number;
}

async function demoChecks(started: Started, options: { expectSeeding: boolean }): Promise<Timing> {
  const health = await waitForHealth(started);
  const { base } = started;

  const signIn = await fetch(`${base}/sign-in`);
  const signInPage = Date.now() - started.startedAt;
  const signInHtml = await signIn.text();
  check(signIn.status === 200, `GET /sign-in answered ${signIn.status}`);
  check(signInHtml.includes("Development sign-in"), "the sign-in page offers no development sign-in in demo mode");
  check(signInHtml.includes("Demo mode"), "the sign-in page shows no demo banner in demo mode");

  const admin = await devSignIn(base, "demo");
  const home = await request(base, "/", admin);
  // React separates adjacent text with empty comments in server-rendered HTML.
  const homeHtml = (await home.text()).replaceAll("<!-- -->", "");
  const productsPage = Date.now() - started.startedAt;
  check(home.status === 200, `GET / as demo answered ${home.status} (location ${home.headers.get("location")})`);
  for (const name of DEMO_PRODUCTS) check(homeHtml.includes(name), `the products page does not list ${name}`);
  check(homeHtml.includes("3 products"), "the products page does not count 3 products");

  const profiles = await request(base, "/v1/product-profiles", admin);
  check(profiles.status === 200, `GET /v1/product-profiles with the demo session answered ${profiles.status}: ${await profiles.clone().text()}`);
  const listed = JSON.stringify(await profiles.json());
  for (const product of ["web-shop", "billing-api", "acme-erp"]) check(listed.includes(`"${product}"`), `/v1/product-profiles does not list ${product}`);

  const viewer = await devSignIn(base, "viewer");
  const viewerHome = await request(base, "/", viewer);
  const viewerHtml = await viewerHome.text();
  check(viewerHome.status === 200 && viewerHtml.includes("Web Shop"), "the read-only demo login does not see the products");

  const stranger = await devSignIn(base, "someone-else");
  const refused = await request(base, "/", stranger);
  check(
    refused.status === 307 && (refused.headers.get("location") ?? "").includes("/access-refused"),
    `a login the demo policy does not know was not refused (status ${refused.status})`,
  );

  check(started.output().includes(`audience "${DEMO_AUDIENCE}"`), "npm start did not announce the demo /v1 audience");
  const seededLine = started.output().includes("seeded demonstration data");
  check(seededLine === options.expectSeeding, options.expectSeeding ? "npm start did not seed the empty data dir" : "npm start seeded again");
  return { health, signInPage, productsPage };
}

async function embeddedScenario(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "launchplane-smoke-"));
  try {
    console.log(`\n• npm start on an empty data dir (${dataDir})`);
    const first = npmStart(cleanEnv({ LAUNCHPLANE_DATA_DIR: dataDir }), await freePort());
    const timing = await withServer(first, () => demoChecks(first, { expectSeeding: true }));
    check(!existsSync(join(dataDir, "server.pid")), "the launcher left its pid file behind");
    const authSecret = readFileSync(join(dataDir, "auth-secret"), "utf8");
    const masterKey = readFileSync(join(dataDir, "master-encryption-key"), "utf8");
    console.log(`  ✓ /v1/health 200 after ${seconds(timing.health)}`);
    console.log(`  ✓ first served page (sign-in) after ${seconds(timing.signInPage)}`);
    console.log(`  ✓ products page with the 3 demo products (signed in as demo) after ${seconds(timing.productsPage)}`);

    console.log("\n• npm start again on the same data dir");
    const second = npmStart(cleanEnv({ LAUNCHPLANE_DATA_DIR: dataDir }), await freePort());
    const again = await withServer(second, () => demoChecks(second, { expectSeeding: false }));
    console.log(`  ✓ nothing seeded again; products page after ${seconds(again.productsPage)}`);
    check(readFileSync(join(dataDir, "auth-secret"), "utf8") === authSecret, "AUTH_SECRET changed between starts");
    check(readFileSync(join(dataDir, "master-encryption-key"), "utf8") === masterKey, "the master encryption key changed between starts");
    console.log("  ✓ generated AUTH_SECRET and master key kept");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function unreachableScenario(): Promise<void> {
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/launchplane`;
  console.log(`\n• npm start with DATABASE_URL=${url} (nothing listens there)`);
  const started = npmStart(cleanEnv({ DATABASE_URL: url }), await freePort());
  const timeout = new Promise<"timeout">((done) => setTimeout(() => done("timeout"), 60_000).unref());
  const outcome = await Promise.race([started.exited, timeout]);
  if (outcome === "timeout") {
    if (started.child.pid) process.kill(-started.child.pid, "SIGKILL");
    throw new SmokeFailure(`npm start with an unreachable database was still running after 60 s:\n${started.output()}`);
  }
  const elapsed = Date.now() - started.startedAt;
  check(outcome !== 0, "npm start with an unreachable database exited 0");
  const message = started.output().split("\n").find((line) => line.includes("is not reachable")) ?? "";
  check(message.includes(`127.0.0.1:${port}`) && /ECONNREFUSED/.test(message), `no readable message naming the database:\n${started.output()}`);
  console.log(`  ✓ exit ${outcome} after ${seconds(elapsed)}: ${message.trim()}`);
}

async function realDatabaseServer(): Promise<string | null> {
  const candidates = [process.env.TEST_DATABASE_URL, "postgresql://postgres@127.0.0.1:5432/postgres"].filter(Boolean) as string[];
  for (const candidate of candidates) {
    const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      return candidate;
    } catch {
      // try the next
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return null;
}

async function realDatabaseScenario(): Promise<"ran" | string> {
  const serverUrl = await realDatabaseServer();
  if (!serverUrl) return "no PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432) to run a DATABASE_URL deployment against";
  let database: TestDatabase | undefined;
  const workDir = mkdtempSync(join(tmpdir(), "launchplane-smoke-db-"));
  try {
    database = await createTestDatabase(serverUrl, "smoke");
    const databaseUrl = database.url;
    console.log(`\n• npm start with DATABASE_URL (a fresh database on the machine's PostgreSQL)`);
    await migrateDeploy(databaseUrl);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        `insert into launchplane_idempotency_records
           (record_id, scope, route_path, idempotency_key, request_fingerprint, response_status_code,
            response_trace_id, recorded_at, expires_at, payload)
         values ('smoke-expired', 'smoke', '/v1/smoke', 'expired-key', 'f', 202, 't', now() - interval '8 days',
                 now() - interval '1 day', '{}'::jsonb),
                ('smoke-current', 'smoke', '/v1/smoke', 'current-key', 'f', 202, 't', now(), now() + interval '6 days', '{}'::jsonb)`,
      );
    } finally {
      await client.end();
    }
    const policyFile = join(workDir, "policy.json");
    writeFileSync(policyFile, JSON.stringify({ schema_version: 1, github_humans: [{ logins: ["smoke-admin"], roles: ["admin"] }] }));

    const started = npmStart(
      cleanEnv({ DATABASE_URL: databaseUrl, LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile, AUTH_SECRET: "launchplane-smoke-auth-secret-0123456789" }),
      await freePort(),
    );
    await withServer(started, async () => {
      const health = await waitForHealth(started);
      const signIn = await fetch(`${started.base}/sign-in`);
      const html = await signIn.text();
      check(signIn.status === 200, `GET /sign-in answered ${signIn.status}`);
      check(!html.includes("Development sign-in"), "a DATABASE_URL deployment offers the development sign-in without LAUNCHPLANE_DEV_LOGIN=1");
      check(!html.includes("Demo mode"), "a DATABASE_URL deployment shows the demo banner");
      const jar = new CookieJar();
      const csrf = await request(started.base, "/api/auth/csrf", jar);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const refused = await request(started.base, "/api/auth/callback/dev", jar, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, login: "smoke-admin", callbackUrl: `${started.base}/` }),
      });
      check(!jar.has("authjs.session-token"), `the development sign-in worked on a DATABASE_URL deployment (status ${refused.status})`);

      const check2 = new pg.Client({ connectionString: databaseUrl });
      await check2.connect();
      try {
        const keys = await check2.query<{ idempotency_key: string }>(
          "select idempotency_key from launchplane_idempotency_records where scope = 'smoke' order by idempotency_key",
        );
        check(
          JSON.stringify(keys.rows.map((row) => row.idempotency_key)) === JSON.stringify(["current-key"]),
          `expired idempotency rows were not purged at start: ${JSON.stringify(keys.rows)}`,
        );
        const policies = await check2.query<{ source: string }>("select source from launchplane_authz_policies where status = 'active'");
        check(policies.rows[0]?.source === `bootstrap-file:${policyFile}`, `the policy file was not seeded at start: ${JSON.stringify(policies.rows)}`);
        const profiles = await check2.query<{ count: string }>("select count(*) from launchplane_product_profiles");
        check(profiles.rows[0]?.count === "0", "a DATABASE_URL deployment was seeded with demo data");
      } finally {
        await check2.end();
      }
      console.log(`  ✓ /v1/health 200 after ${seconds(health)}; no dev sign-in, no demo banner, no demo data`);
      console.log("  ✓ policy file seeded and expired idempotency rows purged at start");
    });
    return "ran";
  } finally {
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await unreachableScenario();
  await embeddedScenario();
  const real = await realDatabaseScenario();
  if (real !== "ran") console.log(`\n• NOT RUN: DATABASE_URL deployment scenario: ${real}`);
  console.log(`\nstart smoke test passed in ${seconds(Date.now() - started)}`);
}

main().catch((error: unknown) => {
  console.error(`\n✗ ${error instanceof SmokeFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
