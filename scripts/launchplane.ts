/**
 * `npm run launchplane -- <command>`: operator commands against the record store.
 *
 *   state import <dir> [--product <key>]          load an upstream state directory
 *   state export <dir> [--product <key>] [--force] write the records in that layout
 *
 * Connects with DATABASE_URL (or its upstream alias LAUNCHPLANE_DATABASE_URL).
 * It never migrates: a database without this build's migrations is refused
 * (run `npm start` or `npx prisma migrate deploy` first). Exit status is 1
 * when any file failed or the command could not run.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";

import { createDatabase, type Database } from "@/server/db";
import { isLaunchplaneError } from "@/server/errors";
import { pendingMigrations } from "@/server/services/schema-readiness";
import { exportState } from "@/server/services/state-export";
import { importState, stateImportFailed } from "@/server/services/state-import";
import { checkReachable, redactUrl } from "./lib/database-tools";
import { fileProgress } from "./lib/file-progress";
import { renderExportSummary, renderImportSummary } from "./lib/state-report";

const root = resolve(import.meta.dirname, "..");

/** A refusal the operator can act on: printed without a stack trace. */
class CommandFailure extends Error {}

function shippedMigrations(): string[] {
  const folder = join(root, "prisma", "migrations");
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

async function connect(): Promise<Database> {
  const url = process.env.DATABASE_URL || process.env.LAUNCHPLANE_DATABASE_URL;
  if (!url) {
    throw new CommandFailure(
      "No database configured: set DATABASE_URL (or LAUNCHPLANE_DATABASE_URL) to the PostgreSQL database of this Launchplane Console.",
    );
  }
  try {
    await checkReachable(url);
  } catch (error) {
    throw new CommandFailure(error instanceof Error ? error.message : String(error));
  }
  const db = createDatabase(url, 4);
  const pending = await pendingMigrations(db, shippedMigrations());
  if (pending.length > 0) {
    await db.$disconnect();
    throw new CommandFailure(
      `The database at ${redactUrl(url)} is missing ${pending.length} migration(s) (${pending.join(", ")}). ` +
        "Apply them first with `npm start` or `npx prisma migrate deploy`, then run this command again.",
    );
  }
  return db;
}

async function withDatabase(work: (db: Database) => Promise<number>): Promise<number> {
  const db = await connect();
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

const program = new Command()
  .name("launchplane")
  .description("Operator commands for Launchplane Console's record store.")
  .showHelpAfterError();

const state = program
  .command("state")
  .description("Move records between the database and the upstream filesystem state layout.");

state
  .command("import")
  .description(
    "Import an upstream state directory (artifacts/, deployments/, inventory/, ...). Idempotent: " +
      "identical records are reported as unchanged; evidence is never overwritten.",
  )
  .argument("<dir>", "the state directory (the upstream `state/` folder)")
  .option(
    "--product <key>",
    "product for records no product profile claims (and the choice when several do); " +
      "refused for records whose context belongs to other products",
  )
  .action(async (dir: string, options: { product?: string }) => {
    process.exitCode = await withDatabase(async (db) => {
      const progress = fileProgress("import");
      try {
        const summary = await importState(db, dir, {
          product: options.product,
          onProgress: (event) => progress.update(event.done, event.total, event.path.split("/")[0] ?? event.family),
        });
        progress.stop();
        process.stdout.write(`${renderImportSummary(summary)}\n`);
        return stateImportFailed(summary) ? 1 : 0;
      } finally {
        progress.stop();
      }
    });
  });

state
  .command("export")
  .description("Write the database's records in the upstream state layout (as the upstream store writes its files).")
  .argument("<dir>", "an empty or new directory")
  .option("--product <key>", "only this product's records (and the Odoo overrides of its contexts)")
  .option("--force", "write into a directory that is not empty (files of the same name are replaced)")
  .action(async (dir: string, options: { product?: string; force?: boolean }) => {
    process.exitCode = await withDatabase(async (db) => {
      const progress = fileProgress("export");
      try {
        const summary = await exportState(db, dir, {
          product: options.product,
          force: options.force,
          onProgress: (event) => progress.update(event.done, event.total, event.folder),
        });
        progress.stop();
        process.stdout.write(`${renderExportSummary(summary)}\n`);
        return summary.totals.errors > 0 ? 1 : 0;
      } finally {
        progress.stop();
      }
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const readable = error instanceof CommandFailure || isLaunchplaneError(error);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`launchplane: ${readable ? message : (error instanceof Error && error.stack) || message}\n`);
  process.exitCode = 1;
}
// Pools and listeners must not keep a finished command alive.
process.exit(process.exitCode ?? 0);
