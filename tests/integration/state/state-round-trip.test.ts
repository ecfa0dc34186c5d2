import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { canonicalJson } from "@/server/contracts/canonical-json";
import { EnvironmentInventory } from "@/server/contracts/inventory";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { exportState, type StateExportSummary } from "@/server/services/state-export";
import { importState } from "@/server/services/state-import";
import { stateFamilyForFolder } from "@/server/services/state-layout";
import { uniqueProduct, useTestDb } from "../../support/database";
import { listJsonFiles, materializeFixture, tempDir } from "./state-fixtures";
import { expectRefusal } from "../../support/refusal";

const { db } = useTestDb();

/** Parsed by the family's contract after legacy translation: "the same record" (DECISIONS 15). */
function parseAsRecord(relative: string, text: string): string {
  const family = stateFamilyForFolder(relative.split("/")[0]!);
  if (!family) throw new Error(`no family reads ${relative}`);
  const legacy = family.normalizeLegacy(JSON.parse(text));
  if (!legacy.ok) throw new Error(legacy.message);
  return canonicalJson(family.contract.parse(legacy.value));
}

/** Keys of every object, depth first, must already be in code point order. */
function unsortedKeys(value: unknown, at = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => unsortedKeys(item, `${at}[${index}]`));
  if (typeof value !== "object" || value === null) return [];
  const keys = Object.keys(value);
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const here = keys.join() === sorted.join() ? [] : [at];
  return [...here, ...keys.flatMap((key) => unsortedKeys((value as Record<string, unknown>)[key], `${at}.${key}`))];
}

describe("state export", () => {
  const product = uniqueProduct("roundtrip");
  let source = "";
  let exported = "";
  let summary: StateExportSummary;

  beforeAll(async () => {
    source = await materializeFixture(product);
    const imported = await importState(db, source);
    expect(imported.totals).toMatchObject({ imported: 17, errors: 0 });
    exported = await tempDir("export");
    summary = await exportState(db, exported, { product });
  });

  it("writes every imported record back to the same path", async () => {
    expect(summary.totals).toEqual({ written: 17, errors: 0 });
    expect(await listJsonFiles(exported)).toEqual(await listJsonFiles(source));
  });

  it("round-trips: export(import(x)) parses to the same records as x", async () => {
    for (const relative of await listJsonFiles(source)) {
      const before = parseAsRecord(relative, await readFile(path.join(source, relative), "utf8"));
      const after = parseAsRecord(relative, await readFile(path.join(exported, relative), "utf8"));
      expect(after, relative).toBe(before);
    }
  });

  it("writes files byte for byte as the upstream store does (legacy files aside)", async () => {
    const legacy = new Set([
      `launchplane_product_profiles/${product}.json`,
      `deployments/deployment-20260411T160500Z-${product}-prod.json`,
    ]);
    let compared = 0;
    for (const relative of await listJsonFiles(source)) {
      if (legacy.has(relative)) continue;
      const upstream = await readFile(path.join(source, relative), "utf8");
      expect(await readFile(path.join(exported, relative), "utf8"), relative).toBe(upstream);
      compared += 1;
    }
    expect(compared).toBe(15);
  });

  it("uses a 2-space indent, sorted keys, escaped non-ASCII, no nulls and no trailing newline", async () => {
    for (const relative of await listJsonFiles(exported)) {
      const bytes = await readFile(path.join(exported, relative));
      const text = bytes.toString("utf8");
      expect(text.endsWith("\n"), relative).toBe(false);
      expect(text.endsWith("}"), relative).toBe(true);
      expect([...bytes].every((byte) => byte < 0x80), relative).toBe(true);
      expect(text.split("\n").every((line) => /^( {2})*\S/.test(line)), relative).toBe(true);
      expect(text, relative).not.toMatch(/: null[,\n]/);
      expect(unsortedKeys(JSON.parse(text)), relative).toEqual([]);
    }
    const failed = await readFile(
      path.join(exported, `launchplane_preview_generations/preview-${product}-testing-${product}-pr-42-generation-0001.json`),
      "utf8",
    );
    expect(failed).toContain('"failure_summary": "V\\u00e9rification \\u00e9chou\\u00e9e: /api/health answered 503 apr\\u00e8s 60 s \\ud83d\\ude80"');
    const profile = await readFile(path.join(exported, `launchplane_product_profiles/${product}.json`), "utf8");
    expect(profile).toContain('"display_name": "VeriReel \\u2014 v\\u00e9rification vid\\u00e9o"');
    expect(profile).not.toContain("alert_issue_url");
    // A secret-backed override value has no `value` at all (null fields are left out)...
    const override = JSON.parse(await readFile(path.join(exported, `odoo_instance_overrides/${product}-testing.json`), "utf8"));
    expect(override.config_parameters[1].value).toEqual({ secret_binding_id: `binding-${product}-testing-catchall`, source: "secret_binding" });
    // ...while fields at their defaults are written out.
    expect(override.last_apply).toEqual({ applied_at: "", attempted: false, detail: "", status: "skipped" });
  });

  it("translates legacy fields on the way out: flat target fields instead of target_reference", async () => {
    const record = JSON.parse(
      await readFile(path.join(exported, `deployments/deployment-20260411T160500Z-${product}-prod.json`), "utf8"),
    );
    expect(record.deploy).toMatchObject({
      target_name: `${product}-prod`,
      target_type: "application",
      target_category: "application",
      provider_target_type: "application",
      provider_id: "dokploy",
    });
    expect(record.deploy.target_reference).toBeUndefined();
  });

  it("refuses a directory that is not empty unless forced, and writes nothing there", async () => {
    const busy = await tempDir("busy");
    await writeFile(path.join(busy, "notes.txt"), "keep me");
    await expectRefusal(() => exportState(db, busy, { product }), "invalid_request", /is not empty/);
    expect(await listJsonFiles(busy)).toEqual([]);

    const forced = await exportState(db, busy, { product, force: true });
    expect(forced.totals).toEqual({ written: 17, errors: 0 });
    expect(await readFile(path.join(busy, "notes.txt"), "utf8")).toBe("keep me");
  });

  it("imports its own export as unchanged", async () => {
    const again = await importState(db, exported);
    expect(again.totals).toMatchObject({ files: 17, imported: 0, unchanged: 17, errors: 0, conflicts: 0 });
  });

  it("reports records whose key cannot be a file name, or would overwrite another record's file, and writes neither", async () => {
    const other = uniqueProduct("keys");
    const base = JSON.parse(await readFile(path.join(source, `inventory/${product}-testing.json`), "utf8")) as Record<string, unknown>;
    const lanes = inventoryRepository(db);
    // `<context>-<instance>`: "x-a" + "b" and "x" + "a-b" both name x-a-b.json; a "/" would leave the folder.
    for (const [context, instance] of [[`${other}-a`, "b"], [other, "a-b"], [`${other}/escape`, "prod"]] as const) {
      await lanes.replace(other, EnvironmentInventory.parse({ ...base, context, instance }));
    }
    const out = await tempDir("keys");

    const result = await exportState(db, out, { product: other });

    expect(result.totals).toEqual({ written: 1, errors: 2 });
    expect([...result.problems].sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      {
        family: "inventory",
        record: `${other}-a-b`,
        reason: `another record of this family was already written as ${other}-a-b.json`,
      },
      {
        family: "inventory",
        record: `${other}/escape-prod`,
        reason: `the record key "${other}/escape-prod" cannot be used as a file name`,
      },
    ]);
    expect(await listJsonFiles(out)).toEqual([`inventory/${other}-a-b.json`]);
  });
});
