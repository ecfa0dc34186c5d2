/**
 * `npm run bench`: every benchmark, one after another (each starts its own
 * production server and database). Arguments are passed through.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const benches = ["ingest.ts", "console.ts"];
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, bench), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
