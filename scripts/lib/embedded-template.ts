import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { migrateDeploy } from "./database-tools";
import { startEmbeddedDatabase } from "./embedded-database";

/**
 * Embedded databases kept as data directory tarballs in node_modules/.cache,
 * keyed by the PGlite version (and, for the migrated one, the migrations):
 * `empty` is a fresh cluster, `migrated` has every migration applied. Later
 * empty databases (a fresh LAUNCHPLANE_DATA_DIR, a test database) start from
 * them instead of running initdb and `prisma migrate deploy` again, the two
 * slowest steps of preparing an embedded database.
 */

const root = resolve(import.meta.dirname, "..", "..");

export type TemplateKind = "empty" | "migrated";

/** sha256 over every migration's name and SQL and the lock file: what `migrate deploy` would apply. */
export function migrationsDigest(): string {
  const directory = join(root, "prisma", "migrations");
  const hash = createHash("sha256");
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = entry.isDirectory() ? join(directory, entry.name, "migration.sql") : join(directory, entry.name);
    if (!existsSync(file)) continue;
    hash.update(`${entry.name}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function pgliteVersion(): string {
  const manifest = JSON.parse(readFileSync(join(root, "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

export function templatePath(kind: TemplateKind, digest = migrationsDigest()): string {
  const name = kind === "empty" ? "empty" : `migrated-${digest.slice(0, 16)}`;
  return join(root, "node_modules", ".cache", "launchplane", `pglite-${pgliteVersion()}-${name}.tar.gz`);
}

/** The cached template, or null when there is none yet. */
export function readTemplate(kind: TemplateKind, digest = migrationsDigest()): Blob | null {
  const file = templatePath(kind, digest);
  return existsSync(file) ? new Blob([readFileSync(file)]) : null;
}

/** Stores a template atomically (concurrent writers of the same template are harmless). */
export async function saveTemplate(kind: TemplateKind, tarball: Blob, digest = migrationsDigest()): Promise<void> {
  const file = templatePath(kind, digest);
  mkdirSync(join(file, ".."), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
  renameSync(partial, file);
}

/** The template, built and cached first when missing. */
export async function ensureTemplate(kind: TemplateKind, digest = migrationsDigest()): Promise<Blob> {
  const cached = readTemplate(kind, digest);
  if (cached) return cached;
  const empty = kind === "migrated" ? await ensureTemplate("empty", digest) : null;
  const database = await startEmbeddedDatabase(null, { template: empty });
  try {
    if (kind === "migrated") await migrateDeploy(database.url);
    const tarball = await database.dump();
    await saveTemplate(kind, tarball, digest);
    return tarball;
  } finally {
    await database.stop();
  }
}

/** The digest of the migrations a data directory's database was last migrated with ("" when unknown). */
export function appliedMigrationsDigest(dataDir: string): string {
  const file = join(dataDir, "migrations.sha256");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "";
}

export function recordAppliedMigrations(dataDir: string, digest: string): void {
  writeFileSync(join(dataDir, "migrations.sha256"), `${digest}\n`);
}
