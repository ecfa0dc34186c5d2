import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { importState, stateImportFailed, type StateImportSummary } from "@/server/services/state-import";
import { uniqueProduct, useTestDb } from "../../support/database";
import { editJson, materializeFixture, tempDir } from "./state-fixtures";
import { expectRefusal } from "../../support/refusal";

const { db } = useTestDb();

const counts = (summary: StateImportSummary) =>
  Object.fromEntries(summary.families.map((family) => [family.family, family.counts]));

/** Row counts of every imported table for one product (overrides have no product: by context). */
async function rowCounts(product: string) {
  const where = { where: { product } };
  const [profiles, artifacts, backupGates, deployments, promotions, inventories, tuples, tupleHistory, previews, generations, enablements, overrides] =
    await Promise.all([
      db.productProfile.count({ where: { product } }),
      db.artifactManifest.count(where),
      db.backupGate.count(where),
      db.deployment.count(where),
      db.promotion.count(where),
      db.inventory.count(where),
      db.releaseTuple.count(where),
      db.releaseTupleHistory.count(where),
      db.preview.count(where),
      db.previewGeneration.count(where),
      db.previewEnablement.count(where),
      db.odooInstanceOverride.count({ where: { context: product } }),
    ]);
  return { profiles, artifacts, backupGates, deployments, promotions, inventories, tuples, tupleHistory, previews, generations, enablements, overrides };
}

const FULL_IMPORT = {
  profiles: 1,
  artifacts: 2,
  backupGates: 1,
  deployments: 3,
  promotions: 1,
  inventories: 2,
  tuples: 2,
  tupleHistory: 2,
  previews: 1,
  generations: 2,
  enablements: 1,
  overrides: 1,
};

describe("state import", () => {
  it("imports every family, normalizes legacy fields and reports exactly the bad files, writing nothing from them", async () => {
    const product = uniqueProduct("state");
    const dir = await materializeFixture(product, ["verireel", "bad-files"]);
    await mkdir(path.join(dir, "launchplane_preview_inventory_scans"));

    const summary = await importState(db, dir);

    const perFamily = counts(summary);
    expect(perFamily.product_profiles).toMatchObject({ files: 1, imported: 1, normalized: 1, errors: 0 });
    expect(perFamily.deployments).toMatchObject({ files: 4, imported: 3, normalized: 1, errors: 1 });
    expect(perFamily.backup_gates).toMatchObject({ files: 2, imported: 1, errors: 1 });
    expect(perFamily.promotions).toMatchObject({ files: 2, imported: 1, errors: 1 });
    for (const family of ["inventory", "release_tuples", "preview_generations", "artifacts"]) {
      expect(perFamily[family]).toMatchObject({ files: 2, imported: 2, errors: 0 });
    }
    for (const family of ["odoo_instance_overrides", "previews", "preview_enablements"]) {
      expect(perFamily[family]).toMatchObject({ files: 1, imported: 1, errors: 0 });
    }
    expect(summary.totals).toEqual({ files: 20, imported: 17, unchanged: 0, normalized: 2, conflicts: 0, skipped: 0, errors: 3 });
    expect(stateImportFailed(summary)).toBe(true);
    expect(summary.ignored).toEqual(["launchplane_preview_inventory_scans/"]);

    const errors = summary.notable.filter((file) => file.status === "error");
    expect(errors.map((file) => file.path)).toEqual([
      `backup_gates/backup-${product}-prod-20260413T080000Z.json`,
      `deployments/deployment-20260412T090000Z-${product}-testing.json`,
      `promotions/promotion-20260413T090000Z-${product}-testing-to-prod.json`,
    ]);
    expect(errors[0]?.reason).toBe("contract: evidence: passing backup gate record requires evidence");
    expect(errors[1]?.reason).toMatch(/^invalid JSON: /);
    expect(errors[2]?.reason).toBe(
      `file name promotion-20260413T090000Z-${product}-testing-to-prod.json does not match the record key ` +
        `(expected promotion-20260414T090000Z-${product}-testing-to-prod.json)`,
    );
    // Nothing from the bad files was written.
    expect(await db.backupGate.findUnique({ where: { recordId: `backup-${product}-prod-20260413T080000Z` } })).toBeNull();
    expect(await db.deployment.findUnique({ where: { recordId: `deployment-20260412T090000Z-${product}-testing` } })).toBeNull();
    expect(await db.promotion.findUnique({ where: { recordId: `promotion-20260414T090000Z-${product}-testing-to-prod` } })).toBeNull();
    expect(await db.promotion.findUnique({ where: { recordId: `promotion-20260413T090000Z-${product}-testing-to-prod` } })).toBeNull();
    expect(await rowCounts(product)).toEqual(FULL_IMPORT);

    // Legacy fields: translated, reported per file, and gone from what is stored.
    const normalized = summary.notable.filter((file) => file.normalized.length > 0);
    expect(normalized.map((file) => [file.path, file.status])).toEqual([
      [`launchplane_product_profiles/${product}.json`, "imported"],
      [`deployments/deployment-20260411T160500Z-${product}-prod.json`, "imported"],
    ]);
    expect(normalized[0]?.normalized).toEqual(["lanes[0].health_monitoring.checks[0]: stripped alert_issue_url"]);
    expect(normalized[1]?.normalized).toEqual([
      "deploy.target_reference: translated to target_name, provider_id, target_category, provider_target_type, target_type",
    ]);
    const prod = await db.deployment.findUniqueOrThrow({ where: { recordId: `deployment-20260411T160500Z-${product}-prod` } });
    const deploy = (prod.payload as { deploy: Record<string, unknown> }).deploy;
    expect(deploy).toMatchObject({ target_name: `${product}-prod`, target_type: "application", provider_id: "dokploy" });
    expect("target_reference" in deploy).toBe(false);
    const profile = await db.productProfile.findUniqueOrThrow({ where: { product } });
    expect(JSON.stringify(profile.payload)).not.toContain("alert_issue_url");

    // Attribution: by context (lanes, historical, preview), by image repository, by preview.
    const legacy = await db.deployment.findUniqueOrThrow({ where: { recordId: `deployment-20260301T100000Z-${product}-legacy-testing` } });
    expect(legacy.product).toBe(product);
    const unreferenced = await db.artifactManifest.findUniqueOrThrow({ where: { artifactId: `artifact-${product}-20260415-0f1e2d3` } });
    expect(unreferenced.product).toBe(product);
    expect(summary.notable.every((file) => file.status !== "skipped")).toBe(true);
  });

  it("changes nothing when the same directory is imported again", async () => {
    const product = uniqueProduct("state");
    const dir = await materializeFixture(product);
    const first = await importState(db, dir);
    expect(first.totals).toMatchObject({ files: 17, imported: 17, errors: 0 });
    expect(stateImportFailed(first)).toBe(false);
    const lane = { context_instance: { context: product, instance: "prod" } };
    const before = await db.inventory.findUniqueOrThrow({ where: lane });

    const second = await importState(db, dir);

    expect(second.totals).toEqual({ files: 17, imported: 0, unchanged: 17, normalized: 2, conflicts: 0, skipped: 0, errors: 0 });
    expect(await rowCounts(product)).toEqual(FULL_IMPORT);
    const after = await db.inventory.findUniqueOrThrow({ where: lane });
    expect(after.storedAt).toEqual(before.storedAt);
  });

  it("reports changed evidence as a conflict and keeps it, and replaces changed current state", async () => {
    const product = uniqueProduct("state");
    const dir = await materializeFixture(product);
    await importState(db, dir);
    const deploymentFile = `deployments/deployment-20260410T150000Z-${product}-testing.json`;
    await editJson(dir, deploymentFile, (record) => {
      (record.deploy as Record<string, unknown>).deployment_id = "dpl-testing-43";
    });
    await editJson(dir, `release_tuples/${product}-testing.json`, (record) => {
      record.minted_at = "2026-04-12T10:00:00Z";
    });
    await editJson(dir, `launchplane_previews/preview-${product}-testing-${product}-pr-42.json`, (record) => {
      record.state = "paused";
      record.paused_at = "2026-04-13T08:00:00Z";
    });
    // A retried generation that claims a sequence another generation already holds.
    const previewId = `preview-${product}-testing-${product}-pr-42`;
    const retry = `launchplane_preview_generations/${previewId}-generation-0001-retry.json`;
    const original = await readFile(path.join(dir, `launchplane_preview_generations/${previewId}-generation-0001.json`), "utf8");
    await writeFile(path.join(dir, retry), original.replace(`"${previewId}-generation-0001"`, `"${previewId}-generation-0001-retry"`));

    const summary = await importState(db, dir);

    expect(summary.totals).toMatchObject({ imported: 2, unchanged: 14, conflicts: 2, errors: 0 });
    expect(summary.notable.find((file) => file.path === retry)).toMatchObject({
      status: "conflict",
      reason: `preview generation ${previewId}-generation-0001-retry: sequence 1 of preview ${previewId} is already held by another generation`,
    });
    expect(await db.previewGeneration.findUnique({ where: { generationId: `${previewId}-generation-0001-retry` } })).toBeNull();
    expect(summary.notable.filter((file) => file.status === "conflict" && file.family === "deployments")).toEqual([
      {
        family: "deployments",
        path: deploymentFile,
        status: "conflict",
        reason: `deployment deployment-20260410T150000Z-${product}-testing is already stored with different content; evidence is append-only and is not overwritten`,
        normalized: [],
        product,
      },
    ]);
    const kept = await db.deployment.findUniqueOrThrow({ where: { recordId: `deployment-20260410T150000Z-${product}-testing` } });
    expect((kept.payload as { deploy: { deployment_id: string } }).deploy.deployment_id).toBe("dpl-testing-42");
    const tuple = await db.releaseTuple.findUniqueOrThrow({ where: { context_channel: { context: product, channel: "testing" } } });
    expect(tuple.mintedAt.toISOString()).toBe("2026-04-12T10:00:00.000Z");
    expect(await db.releaseTupleHistory.count({ where: { product, channel: "testing" } })).toBe(2);
    const preview = await db.preview.findUniqueOrThrow({ where: { previewId: `preview-${product}-testing-${product}-pr-42` } });
    expect(preview.state).toBe("paused");
  });

  it("skips records no product profile claims, and attributes them with --product", async () => {
    const product = uniqueProduct("state");
    const stranger = `${product}-unclaimed`;
    const dir = await materializeFixture(product);
    const gate = `backup_gates/backup-${stranger}-prod-20260420T100000Z.json`;
    await writeFile(
      path.join(dir, gate),
      JSON.stringify({
        record_id: `backup-${stranger}-prod-20260420T100000Z`,
        context: stranger,
        instance: "prod",
        created_at: "2026-04-20T10:00:00Z",
        source: "prod-gate",
        status: "pass",
        evidence: { snapshot: "s-1" },
      }),
    );
    const generation = `launchplane_preview_generations/preview-${stranger}-pr-1-generation-0001.json`;
    await rewriteGenerationForUnknownPreview(dir, product, stranger);

    const summary = await importState(db, dir);

    expect(summary.totals).toMatchObject({ imported: 17, skipped: 2, errors: 0 });
    expect(summary.notable.filter((file) => file.status === "skipped").map((file) => [file.path, file.reason])).toEqual([
      [gate, `no product profile claims context ${stranger}; pass --product to attribute it`],
      [generation, `preview preview-${stranger}-pr-1 is not stored; pass --product to attribute it`],
    ]);
    expect(await db.backupGate.count({ where: { context: stranger } })).toBe(0);
    expect(await db.previewGeneration.count({ where: { previewId: `preview-${stranger}-pr-1` } })).toBe(0);

    const attributed = await importState(db, dir, { product });
    expect(attributed.totals).toMatchObject({ imported: 2, unchanged: 17, skipped: 0 });
    const stored = await db.backupGate.findUniqueOrThrow({ where: { recordId: `backup-${stranger}-prod-20260420T100000Z` } });
    expect(stored.product).toBe(product);
  });

  it("refuses --product for records the profiles give to another product", async () => {
    const product = uniqueProduct("state");
    const other = uniqueProduct("other");
    const dir = await materializeFixture(product);
    await importState(db, dir);
    const second = await materializeFixture(product);
    await editJson(second, `backup_gates/backup-${product}-prod-20260411T155000Z.json`, (record) => {
      record.record_id = `backup-${product}-prod-20260421T100000Z`;
    });
    await rename(
      path.join(second, `backup_gates/backup-${product}-prod-20260411T155000Z.json`),
      path.join(second, `backup_gates/backup-${product}-prod-20260421T100000Z.json`),
    );

    const summary = await importState(db, second, { product: other });

    const refused = summary.notable.find((file) => file.path === `backup_gates/backup-${product}-prod-20260421T100000Z.json`);
    expect(refused).toMatchObject({
      status: "error",
      reason: `context ${product} belongs to ${product} according to the product profiles, not to --product ${other}`,
    });
    expect(await db.backupGate.findUnique({ where: { recordId: `backup-${product}-prod-20260421T100000Z` } })).toBeNull();
    expect(await db.backupGate.count({ where: { product: other } })).toBe(0);
  });

  it("accepts the records doc's plural enablement folder", async () => {
    const product = uniqueProduct("state");
    const dir = await materializeFixture(product);
    await rename(path.join(dir, "launchplane_preview_enablement"), path.join(dir, "launchplane_preview_enablements"));

    const summary = await importState(db, dir);

    const enablements = summary.families.find((family) => family.family === "preview_enablements");
    expect(enablements).toMatchObject({ folders: ["launchplane_preview_enablements"], counts: { files: 1, imported: 1 } });
    expect(await db.previewEnablement.count({ where: { product } })).toBe(1);
  });

  it("refuses a directory that does not exist", async () => {
    const missing = path.join(await tempDir(), "nope");
    await expectRefusal(() => importState(db, missing), "invalid_request", /does not exist or is not a directory/);
  });
});

/** A generation of a preview that is neither stored nor in the import. */
async function rewriteGenerationForUnknownPreview(dir: string, product: string, stranger: string): Promise<void> {
  const source = path.join(dir, `launchplane_preview_generations/preview-${product}-testing-${product}-pr-42-generation-0002.json`);
  const text = await readFile(source, "utf8");
  await writeFile(
    path.join(dir, `launchplane_preview_generations/preview-${stranger}-pr-1-generation-0001.json`),
    text
      .replaceAll(`preview-${product}-testing-${product}-pr-42-generation-0002`, `preview-${stranger}-pr-1-generation-0001`)
      .replaceAll(`preview-${product}-testing-${product}-pr-42`, `preview-${stranger}-pr-1`)
      .replace('"sequence": 2', '"sequence": 1'),
  );
}
