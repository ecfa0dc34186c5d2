/**
 * `npm start`: serves Launchplane Console.
 *
 * - With DATABASE_URL (or LAUNCHPLANE_DATABASE_URL): checks the database is
 *   reachable, applies pending migrations and serves it. Seeds nothing.
 * - Without: starts the embedded PostgreSQL (PGlite) under
 *   LAUNCHPLANE_DATA_DIR (default ./.data), keeps a generated AUTH_SECRET
 *   there, seeds demonstration data on first run and turns on the demo login.
 *
 * Builds first when there is no build or the sources are newer (`--dev`
 * runs `next dev` instead).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildIsStale } from "./lib/build-freshness";
import { checkReachable, migrateDeploy } from "./lib/database-tools";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./lib/embedded-database";

const root = resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";

function log(message: string): void {
  process.stdout.write(`[launchplane] ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`[launchplane] ${message}\n`);
  process.exit(1);
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port };
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = process.env.DATABASE_URL || process.env.LAUNCHPLANE_DATABASE_URL;

  if (!databaseUrl) {
    const dataDir = resolve(process.env.LAUNCHPLANE_DATA_DIR ?? join(root, ".data"));
    mkdirSync(dataDir, { recursive: true });
    log(`embedded database in ${dataDir}`);
    embedded = await startEmbeddedDatabase(dataDir);
    databaseUrl = embedded.url;
    Object.assign(env, {
      LAUNCHPLANE_EMBEDDED: "1",
      LAUNCHPLANE_DEV_LOGIN: "1",
      LAUNCHPLANE_DB_POOL_MAX: "1",
      AUTH_SECRET: process.env.AUTH_SECRET || readOrCreateSecret(dataDir),
    });
  } else {
    try {
      await checkReachable(databaseUrl);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  env.DATABASE_URL = databaseUrl;

  if (!dev && buildIsStale(root)) {
    log("building (no build yet, or sources changed)...");
    const build = spawnSync("npm", ["run", "build"], { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) fail("the build failed");
  }

  log("applying migrations...");
  try {
    await migrateDeploy(databaseUrl);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }

  if (embedded) {
    const { seedDemoIfEmpty } = await import("./lib/seed-demo");
    const seeded = await seedDemoIfEmpty(databaseUrl);
    if (seeded) log("seeded demonstration data");
  }

  const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
  const args = dev ? ["dev", "-p", port] : ["start", "-p", port];
  const server = spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: "inherit" });
  log(`serving on http://localhost:${port} (prepared in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  server.on("exit", async (code) => {
    await embedded?.stop().catch(() => undefined);
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
