import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * A migrated, empty embedded database kept as a data directory tarball in
 * node_modules/.cache, keyed by the PGlite version and the migrations. Every
 * later empty database (a fresh LAUNCHPLANE_DATA_DIR, a test database) starts
 * from it instead of running initdb and `prisma migrate deploy` again: the
 * two slowest steps of preparing an embedded database.
 */

const root = resolve(import.meta.dirname, "..", "..");

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

export function templatePath(digest = migrationsDigest()): string {
  return join(root, "node_modules", ".cache", "launchplane", `pglite-${pgliteVersion()}-${digest.slice(0, 16)}.tar.gz`);
}

/** The cached template for the current migrations, or null when there is none yet. */
export function readMigratedTemplate(digest = migrationsDigest()): Blob | null {
  const file = templatePath(digest);
  return existsSync(file) ? new Blob([readFileSync(file)]) : null;
}

/** Stores a freshly migrated, still empty database as the template (atomically: concurrent writers are harmless). */
export async function saveMigratedTemplate(tarball: Blob, digest = migrationsDigest()): Promise<void> {
  const file = templatePath(digest);
  mkdirSync(join(file, ".."), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
  renameSync(partial, file);
}

/** The digest of the migrations a data directory's database was last migrated with ("" when unknown). */
export function appliedMigrationsDigest(dataDir: string): string {
  const file = join(dataDir, "migrations.sha256");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "";
}

export function recordAppliedMigrations(dataDir: string, digest: string): void {
  writeFileSync(join(dataDir, "migrations.sha256"), `${digest}\n`);
}
