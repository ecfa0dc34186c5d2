import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { uniqueProduct, useTestDb } from "../../support/database";
import { listJsonFiles, materializeFixture, tempDir } from "./state-fixtures";

const { db } = useTestDb();
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as an operator would, with only the database variables we pass. */
function launchplane(args: string[], database: { DATABASE_URL?: string; LAUNCHPLANE_DATABASE_URL?: string }): Promise<Run> {
  const env = { ...process.env, ...database };
  if (!database.DATABASE_URL) delete env.DATABASE_URL;
  if (!database.LAUNCHPLANE_DATABASE_URL) delete env.LAUNCHPLANE_DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/launchplane.ts", ...args], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const unmigrated: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(unmigrated.map((database) => database.drop()));
});

describe("npm run launchplane -- state ...", () => {
  it("imports a state directory end to end, prints the summary and exits non-zero for the bad files", { timeout: 90_000 }, async () => {
    const product = uniqueProduct("cli");
    const dir = await materializeFixture(product, ["verireel", "bad-files"]);

    const run = await launchplane(["state", "import", dir], { LAUNCHPLANE_DATABASE_URL: inject("databaseUrl") });

    expect(run.code, run.stderr).toBe(1);
    const rows = run.stdout.split("\n");
    expect(rows).toContain(`State import from ${dir}`);
    expect(rows.find((row) => row.startsWith("deployments "))?.split(/\s+/)).toEqual(["deployments", "4", "3", "0", "1", "0", "0", "1"]);
    expect(rows.find((row) => row.startsWith("total "))?.split(/\s+/)).toEqual(["total", "20", "17", "0", "2", "0", "0", "3"]);
    expect(run.stdout).toContain(`  deployments/deployment-20260412T090000Z-${product}-testing.json: invalid JSON: `);
    expect(run.stdout).toContain(
      `  backup_gates/backup-${product}-prod-20260413T080000Z.json: contract: evidence: passing backup gate record requires evidence`,
    );
    expect(run.stdout).toContain(
      `  launchplane_product_profiles/${product}.json: lanes[0].health_monitoring.checks[0]: stripped alert_issue_url`,
    );
    // Not a terminal: plain progress lines on stderr.
    expect(run.stderr).toContain("import: 20/20 files (artifacts)");
    expect(run.stderr).toContain("import: 18/20 files (launchplane_preview_enablement)");
    expect(await db.deployment.count({ where: { product } })).toBe(3);
    expect(await db.artifactManifest.count({ where: { product } })).toBe(2);

    const out = path.join(await tempDir("cli-export"), "state");
    const exported = await launchplane(["state", "export", out, "--product", product], { DATABASE_URL: inject("databaseUrl") });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.split("\n").find((row) => row.startsWith("total "))?.split(/\s+/)).toEqual(["total", "17", "0"]);
    expect(await listJsonFiles(out)).toHaveLength(17);
  });

  it("explains a missing or unreachable database", { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const missing = await launchplane(["state", "import", dir], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No database configured: set DATABASE_URL (or LAUNCHPLANE_DATABASE_URL)");

    const unreachable = await launchplane(["state", "import", dir], { DATABASE_URL: "postgresql://postgres:hunter2@127.0.0.1:1/launchplane" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("The database at postgresql://postgres:***@127.0.0.1:1/launchplane is not reachable");
    expect(unreachable.stderr).not.toContain("hunter2");
  });

  it("refuses a database whose migrations are not applied", { timeout: 60_000 }, async () => {
    const database = await createTestDatabase(inject("databaseServerUrl"), "unmigrated");
    unmigrated.push(database);
    const run = await launchplane(["state", "import", await tempDir()], { DATABASE_URL: database.url });
    expect(run.code).toBe(1);
    const migrations = readdirSync(path.resolve(import.meta.dirname, "../../../prisma/migrations")).filter((name) => /^\d+_/.test(name));
    expect(run.stderr).toContain(`is missing ${migrations.length} migration(s)`);
    expect(run.stderr).toMatch(/\d+_record_model/);
    expect(run.stderr).toContain("Apply them first with `npm start` or `npx prisma migrate deploy`");
  });
});
