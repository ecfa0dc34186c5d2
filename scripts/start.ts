/**
 * `npm start`: serves Launchplane Console (DECISIONS 16, 17).
 *
 * - With DATABASE_URL (or LAUNCHPLANE_DATABASE_URL): checks the database is
 *   reachable (exits 1 with a readable message when it is not), applies
 *   pending migrations and serves it. Seeds nothing; the development sign-in
 *   stays off unless LAUNCHPLANE_DEV_LOGIN=1 is set explicitly.
 * - Without: starts the embedded PostgreSQL (PGlite) under
 *   LAUNCHPLANE_DATA_DIR (default ./.data), keeps a generated AUTH_SECRET and
 *   LAUNCHPLANE_MASTER_ENCRYPTION_KEY there, seeds demonstration data on
 *   first run, and turns on the development sign-in, the demo banner and the
 *   demo /v1 audience (`launchplane-demo`).
 *
 * Builds first when there is no build or the sources are newer, while the
 * database is prepared (`--dev` runs `next dev` instead). Ready when
 * GET /v1/health answers 200.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildIsStale } from "./lib/build-freshness";
import { checkReachable, migrateDeploy, redactUrl } from "./lib/database-tools";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./lib/embedded-database";
import { appliedMigrationsDigest, migrationsDigest, readTemplate, recordAppliedMigrations, saveTemplate } from "./lib/embedded-template";

const root = resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = process.env.PORT || "3000";
const READY_TIMEOUT_MS = 180_000;
/** The /v1 audience embedded mode uses unless one is configured. */
const DEMO_OIDC_AUDIENCE = "launchplane-demo";

const started = Date.now();
const children = new Set<ChildProcess>();
let embedded: EmbeddedDatabase | undefined;
let releaseDataDir: (() => void) | undefined;
let stopping = false;

function seconds(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function log(message: string): void {
  process.stdout.write(`[launchplane] ${message}\n`);
}

async function cleanUp(): Promise<void> {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await embedded?.stop().catch(() => undefined);
  embedded = undefined;
  releaseDataDir?.();
}

async function fail(message: string): Promise<never> {
  process.stderr.write(`[launchplane] ${message}\n`);
  await cleanUp();
  process.exit(1);
}

function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done(child.exitCode);
    child.once("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/** A value kept in the data directory across starts (created on first use, owner-only). */
function readOrCreateSecret(dataDir: string, name: string, bytes = 32): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(bytes).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** One server per data directory: PGlite must not be opened by two processes. */
function claimDataDir(dataDir: string): () => void {
  const file = join(dataDir, "server.pid");
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      throw new Error(`${dataDir} is in use by another \`npm start\` (pid ${pid}). Stop it, or set LAUNCHPLANE_DATA_DIR to another directory.`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Polls GET /v1/health until 200 while the server runs. */
async function waitUntilReady(server: ChildProcess): Promise<boolean> {
  const url = `http://127.0.0.1:${port}/v1/health`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && server.exitCode === null && !stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port };
  let databaseUrl = process.env.DATABASE_URL || process.env.LAUNCHPLANE_DATABASE_URL;
  let dataDir: string | undefined;
  const running: { server?: ChildProcess } = {};

  // Before the server runs, a signal stops whatever is preparing; afterwards the server's exit ends this process.
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
    if (!running.server) void cleanUp().then(() => process.exit(130));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  if (databaseUrl) {
    // Nothing demo-only leaks into a real deployment (the banner and in-process events follow this flag).
    delete env.LAUNCHPLANE_EMBEDDED;
    try {
      await checkReachable(databaseUrl);
    } catch (error) {
      return fail(
        `${error instanceof Error ? error.message : String(error)}\n` +
          "Check DATABASE_URL, or unset it to run the embedded demo database.",
      );
    }
    log(`database ${redactUrl(databaseUrl)}`);
  } else {
    dataDir = resolve(process.env.LAUNCHPLANE_DATA_DIR || join(root, ".data"));
    mkdirSync(dataDir, { recursive: true });
    try {
      releaseDataDir = claimDataDir(dataDir);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    Object.assign(env, {
      LAUNCHPLANE_EMBEDDED: "1",
      LAUNCHPLANE_DEV_LOGIN: "1",
      LAUNCHPLANE_DB_POOL_MAX: "1",
      LAUNCHPLANE_OIDC_AUDIENCE: process.env.LAUNCHPLANE_OIDC_AUDIENCE || DEMO_OIDC_AUDIENCE,
      AUTH_SECRET: process.env.AUTH_SECRET || readOrCreateSecret(dataDir, "auth-secret"),
      LAUNCHPLANE_MASTER_ENCRYPTION_KEY:
        process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY || readOrCreateSecret(dataDir, "master-encryption-key"),
    });
  }

  // The build (when stale) runs while the database is prepared.
  let build: ChildProcess | undefined;
  if (!dev && buildIsStale(root)) {
    log("building (no build yet, or sources changed)...");
    // The Prisma client is generated before anything here imports it; `next build` may then run alongside.
    const generate = spawnChild("npm", ["run", "--silent", "prisma:generate"], env);
    if ((await exitCodeOf(generate)) !== 0) return fail("prisma generate failed");
    build = spawnChild(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], env);
  }

  const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
  const launchServer = (): ChildProcess => {
    if (running.server) return running.server;
    const server = spawnChild(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], env);
    running.server = server;
    server.on("exit", (code, signal) => {
      void cleanUp().then(() => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
    });
    return server;
  };

  if (dataDir) {
    log(`embedded database in ${dataDir}`);
    // The seed runs in this process with the same key the server gets; its
    // modules load while the database starts.
    process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
    process.env.LAUNCHPLANE_EMBEDDED = "1";
    const seedModule = import("./lib/seed-demo");
    seedModule.catch(() => undefined);
    const digest = migrationsDigest();
    const template = readTemplate("migrated", digest);
    try {
      // The server waits its turn for the single connection, so it may start while the seed still runs.
      embedded = await startEmbeddedDatabase(dataDir, { template, queueTimeoutMs: READY_TIMEOUT_MS });
    } catch (error) {
      return fail(`the embedded database did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    databaseUrl = embedded.url;
    env.DATABASE_URL = databaseUrl;
    // A database made from the template is migrated already; an existing one only when the migrations changed.
    const migrated = embedded.created ? template !== null : appliedMigrationsDigest(dataDir) === digest;
    log(`embedded database up${embedded.created ? (template ? " (from the migrated template)" : " (new)") : ""} (${seconds()})`);
    if (!migrated) {
      log("applying migrations...");
      try {
        await migrateDeploy(databaseUrl);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
      log(`migrations applied (${seconds()})`);
      if (embedded.created) await saveTemplate("migrated", await embedded.dump(), digest);
    }
    recordAppliedMigrations(dataDir, digest);

    try {
      const { seedDemoIfEmpty } = await seedModule;
      const seeded = await seedDemoIfEmpty(databaseUrl, {
        dataDir,
        onSeedingStarted: () => {
          if ((!build || build.exitCode === 0) && !stopping) launchServer();
        },
      });
      if (seeded) log(`seeded demonstration data (${seconds()})`);
    } catch (error) {
      return fail(
        `seeding the demonstration data failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` +
          `Delete ${dataDir} to start over with an empty demo database.`,
      );
    }
  } else if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    log("applying migrations...");
    try {
      await migrateDeploy(databaseUrl);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    log(`migrations applied (${seconds()})`);
  }

  if (build) {
    if ((await exitCodeOf(build)) !== 0) return fail("the build failed");
    log(`build finished (${seconds()})`);
  }
  if (stopping) return cleanUp().then(() => process.exit(130));

  const server = launchServer();
  if (await waitUntilReady(server)) {
    log(`ready on http://localhost:${port} after ${seconds()} (launcher pid ${process.pid}, server pid ${server.pid})`);
    if (embedded) {
      log("demo mode: sign in as `demo` (admin) or `viewer` (read-only) with the development sign-in");
      log(`/v1 accepts console sessions and GitHub OIDC tokens with audience "${env.LAUNCHPLANE_OIDC_AUDIENCE}"`);
    }
  } else if (server.exitCode === null && !stopping) {
    log(`GET /v1/health did not answer 200 within ${READY_TIMEOUT_MS / 1000} s; the server keeps running`);
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
