import { describe, expect, it } from "vitest";

import { LaneSummary } from "@/server/contracts/lane-summary";
import { RuntimeEnvironmentRecord } from "@/server/contracts/runtime-environment";
import { runtimeEnvironmentRepository } from "@/server/repositories/runtime-environment-repository";
import { readLaneSummary } from "@/server/services/lane-summary";
import { writeManagedSecret } from "@/server/services/managed-secrets";
import { upsertProviderTarget } from "@/server/services/provider-targets";
import { uniqueProduct, useTestDb } from "../../support/database";
import { expectNoSecretMaterial, uniquePlaintext, withMasterKey } from "../config/config-fixtures";
import { SOURCE_SHA } from "../evidence/evidence-fixtures";
import {
  backupGate,
  deploy,
  growHistory,
  minute,
  observe,
  promote,
  seedReadModelProduct,
  statementsOf,
  storeManifest,
} from "./read-model-fixtures";
import { refusal } from "../../support/refusal";

const counter = useTestDb();
const { db } = counter;
withMasterKey();

const RUNTIME_VALUE = "postgres://app:hunter2-runtime-value@db.internal:5432/app";

function identity(context: string, instance: string, deploymentRecordId: string, artifactId: string) {
  return { context, instance, deployment_record_id: deploymentRecordId, artifact_id: artifactId, source_git_ref: SOURCE_SHA };
}

/** Five minutes after the lane's inventory was written: fresh evidence. */
function shortlyAfter(iso: string | undefined): Date {
  return new Date(Date.parse(iso ?? "") + 5 * 60 * 1000);
}

describe("readLaneSummary", () => {
  it("shows what a lane runs, why its tuple is outdated, its target, config (names only), identity and health", async () => {
    const product = uniqueProduct("lane");
    const { context } = await seedReadModelProduct(db, product, {
      expected_config: {
        runtime_environment_keys: [{ key: "APP_URL" }, { key: "MISSING_KEY" }],
        managed_secret_bindings: [{ binding_key: "API_TOKEN" }],
      },
    });
    await runtimeEnvironmentRepository(db).upsert(
      RuntimeEnvironmentRecord.parse({
        scope: "context",
        context,
        env: { APP_URL: "https://app.example.com", DATABASE_URL: RUNTIME_VALUE },
        updated_at: "2026-04-20T09:00:00Z",
        source_label: "seed",
      }),
    );
    const plaintext = uniquePlaintext("api-token");
    await writeManagedSecret(db, {
      scope: "context_instance",
      integration: "runtime_environment",
      name: "api_token",
      context,
      instance: "testing",
      plaintext,
      binding_key: "API_TOKEN",
      actor: "operator:alice",
    });
    await upsertProviderTarget(db, {
      context,
      instance: "testing",
      provider_id: "dokploy",
      target_category: "compose",
      target_id: "cmp-testing",
      display_name: `${context}-testing`,
      provider_target_type: "compose",
      updated_at: "2026-04-20T09:00:00Z",
    });

    // Artifact A ships with its manifest (tuple minted); B ships without one, and its app reports A.
    const artifactA = `artifact-${product}-a`;
    const artifactB = `artifact-${product}-b`;
    await storeManifest(db, product, artifactA);
    await deploy(db, product, { recordId: `dep-${product}-1`, context, instance: "testing", artifactId: artifactA, finishedAt: minute(1) });
    const shipB = await deploy(db, product, {
      recordId: `dep-${product}-2`,
      context,
      instance: "testing",
      artifactId: artifactB,
      finishedAt: minute(2),
      record: {
        runtime_identity: identity(context, "testing", `dep-${product}-2`, artifactB),
        destination_health: {
          verified: true,
          urls: ["https://testing.example.com/web/health"],
          timeout_seconds: 45,
          status: "pass",
          runtime_identity_status: "mismatch",
          runtime_identity_detail: "live app reports artifact A",
          observed_runtime_identity: identity(context, "testing", `dep-${product}-1`, artifactA),
        },
      },
    });
    expect(shipB.releaseTuple).toMatchObject({ minted: false, reason: "manifest_missing" });
    await observe(db, { product, context, instance: "testing" }, "pass", minute(3));

    const inventory = await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "testing" } } });
    const summary = await readLaneSummary(db, product, "testing", { now: shortlyAfter(inventory.updatedAt.toISOString()) });

    expect(() => LaneSummary.parse(summary)).not.toThrow();
    expect(summary).toMatchObject({ product, context, instance: "testing", base_url: `https://testing.${product}.example.com` });
    expect(summary.inventory?.deployment_record_id).toBe(`dep-${product}-2`);
    expect(summary.artifact_manifest).toBeNull();
    expect(summary.release_tuple?.tuple_id).toBe(`${context}-testing-${artifactA}`);
    expect(summary.release_tuple_status).toEqual({
      state: "outdated",
      reason: "manifest_missing",
      message: `release tuple ${context}-testing-${artifactA} is for artifact ${artifactA}, but the lane runs ${artifactB}: manifest missing (artifact ${artifactB} has no stored manifest)`,
    });
    expect(summary.latest_deployment?.record_id).toBe(`dep-${product}-2`);
    expect(summary.latest_promotion).toBeNull();
    expect(summary.latest_backup_gate).toBeNull();
    expect(summary.provider_target?.target_id).toBe("cmp-testing");
    expect(summary.deployed_target).toMatchObject({ provider_id: "dokploy", target_id: "cmp-testing", display_name: `${context}-testing` });
    expect(summary.runtime_identity).toMatchObject({
      status: "mismatch",
      source: "inventory",
      detail: "live app reports artifact A",
      expected: { artifact_id: artifactB },
      observed: { artifact_id: artifactA },
    });
    expect(summary.runtime_settings).toEqual([
      {
        scope: "context",
        context,
        instance: "",
        env_keys: ["APP_URL", "DATABASE_URL"],
        env_value_count: 2,
        updated_at: "2026-04-20T09:00:00Z",
        source_label: "seed",
        trust_state: "recorded",
      },
    ]);
    expect(summary.secret_bindings).toEqual([
      expect.objectContaining({ binding_key: "API_TOKEN", context, instance: "testing", status: "configured", trust_state: "recorded" }),
    ]);
    expect(summary.config_readiness.runtime_settings.map((item) => [item.key, item.status])).toEqual([
      ["APP_URL", "configured"],
      ["MISSING_KEY", "missing"],
    ]);
    expect(summary.config_readiness.managed_secrets.map((item) => [item.binding_key, item.status])).toEqual([["API_TOKEN", "configured"]]);
    expect(summary.config_readiness.trust_state).toBe("missing");
    expect(summary.health.status).toBe("healthy");
    expect(summary.health.checks.map((check) => [check.check_name, check.health])).toEqual([["public-ingress", "healthy"]]);
    expect(summary.provenance).toMatchObject({
      source_kind: "record",
      source_record_id: `dep-${product}-2`,
      freshness_status: "verified",
      detail: "Launchplane environment inventory record.",
    });
    expect(summary.trust_state).toBe("verified");
    expectNoSecretMaterial(summary, [plaintext], "lane summary");
    expect(JSON.stringify(summary)).not.toContain(RUNTIME_VALUE);
    expect(JSON.stringify(summary)).not.toContain("hunter2");
  });

  it("shows a promoted prod lane: promotion, backup gate, promoted tuple, open incident; stale after 30 minutes", async () => {
    const product = uniqueProduct("lane-prod");
    const { context } = await seedReadModelProduct(db, product);
    const artifact = `artifact-${product}`;
    await storeManifest(db, product, artifact);
    await deploy(db, product, { recordId: `dep-${product}-testing`, context, instance: "testing", artifactId: artifact, finishedAt: minute(1) });
    await backupGate(db, product, { recordId: `gate-${product}`, context });
    await deploy(db, product, { recordId: `dep-${product}-prod`, context, instance: "prod", artifactId: artifact, finishedAt: minute(5) });
    const promoted = await promote(db, product, {
      recordId: `promo-${product}`,
      context,
      artifactId: artifact,
      deploymentRecordId: `dep-${product}-prod`,
      backupRecordId: `gate-${product}`,
    });
    expect(promoted.releaseTuple).toMatchObject({ minted: true });
    await observe(db, { product, context, instance: "prod" }, "fail", minute(10));

    const inventory = await db.inventory.findUniqueOrThrow({ where: { context_instance: { context, instance: "prod" } } });
    const summary = await readLaneSummary(db, product, "prod", { now: new Date(inventory.updatedAt.getTime() + 31 * 60 * 1000) });

    expect(() => LaneSummary.parse(summary)).not.toThrow();
    expect(summary.inventory).toMatchObject({ promotion_record_id: `promo-${product}`, promoted_from_instance: "testing" });
    expect(summary.artifact_manifest?.artifact_id).toBe(artifact);
    expect(summary.release_tuple).toMatchObject({ provenance: "promotion", promoted_from_channel: "testing", artifact_id: artifact });
    expect(summary.release_tuple_status).toEqual({
      state: "current",
      reason: "",
      message: `release tuple ${context}-prod-${artifact} pins artifact ${artifact}, which the lane runs.`,
    });
    expect(summary.latest_promotion?.record_id).toBe(`promo-${product}`);
    expect(summary.latest_backup_gate?.record_id).toBe(`gate-${product}`);
    expect(summary.deployed_target).toBeNull();
    expect(summary.provider_target).toBeNull();
    expect(summary.health.status).toBe("failing");
    expect(summary.health.open_incidents).toHaveLength(1);
    expect(summary.runtime_identity).toMatchObject({ status: "unchecked", source: "inventory" });
    expect(summary.provenance.freshness_status).toBe("stale");
    expect(summary.trust_state).toBe("stale");
  });

  it("says why a lane has no tuple: no deployment, a failed deploy, refs that are not SHAs", async () => {
    const product = uniqueProduct("lane-why");
    const { context } = await seedReadModelProduct(db, product);

    const empty = await readLaneSummary(db, product, "prod");
    expect(empty.release_tuple_status).toEqual({ state: "absent", reason: "no_deployment", message: "no release tuple: no passing deployment is recorded" });
    expect(empty.provenance).toMatchObject({ freshness_status: "missing", detail: "Launchplane has not recorded lane evidence for this context and instance." });
    expect(empty.runtime_identity).toMatchObject({ status: "unchecked", source: "" });
    expect(empty.health).toEqual({ status: "unknown", checks: [], open_incidents: [] });

    await deploy(db, product, { recordId: `dep-${product}-fail`, context, instance: "prod", status: "fail" });
    const failed = await readLaneSummary(db, product, "prod");
    expect(failed.inventory).toBeNull();
    expect(failed.release_tuple_status).toEqual({
      state: "absent",
      reason: "deploy_not_passed",
      message: `no release tuple: deploy did not pass (deployment dep-${product}-fail is fail)`,
    });
    expect(failed.provenance).toMatchObject({ source_record_id: `dep-${product}-fail`, detail: "Latest Launchplane deployment record; environment inventory is missing." });

    const branchBuilt = `artifact-${product}-branch`;
    await storeManifest(db, product, branchBuilt, { addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: "main" }] });
    await deploy(db, product, { recordId: `dep-${product}-branch`, context, instance: "testing", artifactId: branchBuilt });
    const branch = await readLaneSummary(db, product, "testing");
    expect(branch.artifact_manifest?.artifact_id).toBe(branchBuilt);
    expect(branch.release_tuple_status.state).toBe("absent");
    expect(branch.release_tuple_status.reason).toBe("manifest_ref_not_sha");
    expect(branch.release_tuple_status.message).toMatch(/^no release tuple: manifest refs are not exact SHAs \(.*"main".*\)$/);
  });

  it("refuses an unknown product or lane with 404", async () => {
    const product = uniqueProduct("lane-404");
    await seedReadModelProduct(db, product);
    expect((await refusal(() => readLaneSummary(db, `${product}-missing`, "prod"))).message).toBe(`Product '${product}-missing' was not found.`);
    const lane = await refusal(() => readLaneSummary(db, product, "staging"));
    expect([lane.code, lane.message]).toEqual(["not_found", `Product '${product}' has no environment 'staging'.`]);
  });

  it("sends the same number of statements with 5 and with 500 records of lane history", async () => {
    const product = uniqueProduct("lane-budget");
    const scope = await seedReadModelProduct(db, product, {
      expected_config: { runtime_environment_keys: [{ key: "APP_URL" }], managed_secret_bindings: [{ binding_key: "API_TOKEN" }] },
    });
    const { context } = scope;
    const artifact = `artifact-${product}`;
    await storeManifest(db, product, artifact);
    await deploy(db, product, { recordId: `dep-${product}`, context, instance: "prod", artifactId: artifact, finishedAt: minute(1) });
    await backupGate(db, product, { recordId: `gate-${product}`, context });
    await promote(db, product, { recordId: `promo-${product}`, context, artifactId: artifact, deploymentRecordId: `dep-${product}`, backupRecordId: `gate-${product}` });
    await observe(db, { product, context, instance: "prod" }, "fail", minute(2));

    await growHistory(db, scope, 0, 5);
    const small = await statementsOf(counter, () => readLaneSummary(db, product, "prod"));
    await growHistory(db, scope, 5, 500);
    const large = await statementsOf(counter, () => readLaneSummary(db, product, "prod"));
    console.log(`lane summary statements: ${small} with 5 records of history per family, ${large} with 500`);

    expect(await db.deployment.count({ where: { product, context, instance: "prod" } })).toBe(501);
    expect(await db.promotion.count({ where: { product, context, toInstance: "prod" } })).toBe(501);
    expect(await db.publicIngressObservation.count({ where: { product, context, instance: "prod" } })).toBe(501);
    const summary = await readLaneSummary(db, product, "prod");
    expect(summary.latest_deployment?.record_id).toBe(`dep-${product}`);
    expect(summary.latest_promotion?.record_id).toBe(`promo-${product}`);
    expect(summary.health.checks.map((check) => check.check_name)).toEqual(["history-check", "public-ingress"]);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(11);
  });
});
