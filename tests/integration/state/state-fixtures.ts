import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/**
 * Upstream state directories under tests/fixtures/upstream-state/:
 * - `verireel/`: one valid file for every family (as the upstream store
 *   writes them, with Python's json.dumps), two of them carrying legacy
 *   fields (`deploy.target_reference`, a health check's `alert_issue_url`);
 * - `bad-files/`: a cut-off JSON file, a contract-invalid backup gate and a
 *   promotion whose file name is not its record id.
 * Files name the product "verireel" everywhere (contexts, ids, URLs).
 */
export const FIXTURE_ROOT = fileURLToPath(new URL("../../fixtures/upstream-state/", import.meta.url));
export const FIXTURE_PRODUCT = "verireel";

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the file's tests. */
export async function tempDir(label = "state"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `launchplane-${label}-`));
  temporary.push(dir);
  return dir;
}

/** Relative paths of every JSON file below `dir`, sorted. */
export async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Copies fixture directories into one temporary state directory, renaming
 * the fixture product to `product` in file names and contents, so test files
 * sharing one database never touch each other's records.
 */
export async function materializeFixture(product: string, sources: string[] = ["verireel"]): Promise<string> {
  const target = await tempDir();
  for (const source of sources) {
    const from = path.join(FIXTURE_ROOT, source);
    for (const relative of await listJsonFiles(from)) {
      const text = await readFile(path.join(from, relative), "utf8");
      const renamed = path.join(target, relative.replaceAll(FIXTURE_PRODUCT, product));
      await mkdir(path.dirname(renamed), { recursive: true });
      await writeFile(renamed, text.replaceAll(FIXTURE_PRODUCT, product));
    }
  }
  return target;
}

/** Rewrites one JSON file of a state directory. */
export async function editJson(dir: string, relative: string, edit: (record: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(dir, relative);
  const record = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  edit(record);
  await writeFile(file, JSON.stringify(record, null, 2));
}
