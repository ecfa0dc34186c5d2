import { spawn } from "node:child_process";
import pg from "pg";

/**
 * Runs `prisma migrate deploy` against `url`. The Wasm schema engine idles
 * about ten seconds after finishing, so we stop it as soon as it reports
 * that every migration is applied.
 */
export async function migrateDeploy(url: string): Promise<void> {
  const done = /All migrations have been successfully applied|No pending migrations to apply/;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let finished = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!finished && done.test(output)) {
        finished = true;
        child.kill("SIGTERM");
        resolve();
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (finished) return;
      if (code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}

/** Opens one connection and runs `select 1`, with a readable error on failure. */
export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The database at ${redactUrl(url)} is not reachable: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates a fresh database on the server behind `serverUrl` and returns its URL. */
export async function createFreshDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/** Hides the password of a connection string for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable DATABASE_URL>";
  }
}
