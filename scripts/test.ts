/**
 * `npm test`: the whole suite, in the order that fails fastest.
 * type check → lint → production build → unit + integration (vitest, real
 * PostgreSQL) → `npm start` smoke test → browser tests (Playwright).
 * Without PostgreSQL the database tests fall back to embedded databases and
 * say what that does not prove (tests/support/test-database.ts).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const steps: Array<[string, string, string[]]> = [
  ["type check", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", "--max-warnings=0", "."]],
  ["build", "npm", ["run", "build"]],
  ["unit and integration tests", "npx", ["vitest", "run"]],
  ["start smoke test", "npx", ["tsx", "tests/smoke/start-smoke.ts"]],
  ["browser tests", "npx", ["playwright", "test"]],
];

const only = process.argv.slice(2);
for (const [name, command, args] of steps) {
  if (only.length > 0 && !only.some((wanted) => name.includes(wanted))) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n✗ ${name} failed after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✓ ${name} (${seconds} s)\n`);
}
