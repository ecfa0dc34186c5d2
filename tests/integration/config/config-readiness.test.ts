import { describe, expect, it } from "vitest";

import { EnvironmentInventory } from "@/server/contracts/inventory";
import { RuntimeEnvironmentRecord } from "@/server/contracts/runtime-environment";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { runtimeEnvironmentRepository } from "@/server/repositories/runtime-environment-repository";
import { configReadinessForLane } from "@/server/services/config-readiness";
import { disableManagedSecret, writeManagedSecret } from "@/server/services/managed-secrets";
import { upsertProductProfile } from "@/server/services/product-profiles";
import { uniqueProduct, useTestDb } from "../../support/database";
import { expectNoSecretMaterial, profilePayload, uniquePlaintext, withMasterKey } from "./config-fixtures";
import { refusal } from "../../support/refusal";

const { db, queryCount, resetQueryCount } = useTestDb();
withMasterKey();

const RUNTIME_VALUE = "postgres-internal.example.invalid:5432/app-db";

async function runtimeRecord(record: Record<string, unknown>) {
  await runtimeEnvironmentRepository(db).upsert(RuntimeEnvironmentRecord.parse({ schema_version: 1, ...record }));
}

async function deployLane(product: string, context: string, instance: string, updatedAt: string) {
  await inventoryRepository(db).replace(
    product,
    EnvironmentInventory.parse({
      context,
      instance,
      source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
      deploy: { target_name: `${context}-${instance}`, target_type: "compose", deploy_mode: "dokploy-compose-api", status: "pass" },
      updated_at: updatedAt,
      deployment_record_id: `deployment-${context}-${instance}`,
    }),
  );
}

function secret(context: string, key: string, patch: Record<string, unknown> = {}) {
  return {
    scope: "context_instance" as const,
    integration: "runtime_environment",
    name: key.toLowerCase(),
    context,
    instance: "testing",
    plaintext: uniquePlaintext(key.toLowerCase()),
    binding_key: key,
    actor: "operator:alice",
    ...patch,
  };
}

/** A profile whose testing lane expects a mix of keys, each landing in a different state. */
async function seedProduct() {
  const product = uniqueProduct("ready");
  await upsertProductProfile(
    db,
    profilePayload(product, {
      expected_config: {
        runtime_environment_keys: [
          { key: "APP_URL" },
          { key: "DATABASE_HOST", context: product },
          { key: "PROD_ONLY_FLAG", context: product, instance: "prod" },
          { key: "MISSING_SETTING", context: product, instance: "testing" },
        ],
        managed_secret_bindings: [
          { binding_key: "API_TOKEN" },
          { binding_key: "SHARED_TOKEN", context: product },
          { binding_key: "MAIL_PASSWORD", context: product, instance: "testing" },
          { binding_key: "NEVER_WRITTEN" },
          { binding_key: "VAULT_TOKEN", integration: "vault" },
        ],
      },
    }),
  );
  await runtimeRecord({ scope: "context", context: product, env: { APP_URL: "https://app", DATABASE_HOST: "ctx-db" }, updated_at: "2026-04-20T10:00:00Z", source_label: "seed" });
  await runtimeRecord({ scope: "instance", context: product, instance: "testing", env: { DATABASE_HOST: RUNTIME_VALUE }, updated_at: "2026-04-20T11:00:00Z", source_label: "lane" });
  const api = secret(product, "API_TOKEN");
  await writeManagedSecret(db, api);
  const shared = secret(product, "SHARED_TOKEN", { scope: "context", instance: "" });
  await writeManagedSecret(db, shared);
  const mail = secret(product, "MAIL_PASSWORD");
  const mailWrite = await writeManagedSecret(db, mail);
  await disableManagedSecret(db, { secret_id: mailWrite.secret_id, actor: "operator:alice", reason: "provider revoked it" });
  return { product, plaintexts: [api.plaintext, shared.plaintext, mail.plaintext] };
}

describe("configReadinessForLane", () => {
  it("derives configured, missing, disabled and unsupported per expected key", async () => {
    const { product, plaintexts } = await seedProduct();
    const readiness = await configReadinessForLane(db, product, "testing");

    expect(readiness).toMatchObject({ product, environment: "testing", context: product, deployed_at: "", trust_state: "missing" });
    expect(readiness.warnings).toEqual(["The lane has no current deployment; staleness is not judged."]);
    expect(readiness.runtime_settings.map((item) => [item.key, item.status, item.scope])).toEqual([
      ["APP_URL", "configured", "context"],
      ["DATABASE_HOST", "configured", "instance"],
      ["MISSING_SETTING", "missing", ""],
    ]);
    const byKey = Object.fromEntries(readiness.managed_secrets.map((item) => [item.binding_key, item]));
    expect(Object.keys(byKey)).toEqual(["API_TOKEN", "SHARED_TOKEN", "MAIL_PASSWORD", "NEVER_WRITTEN", "VAULT_TOKEN"]);
    expect(byKey.API_TOKEN).toMatchObject({ status: "configured", trust_state: "recorded", context: product, instance: "testing" });
    expect(byKey.SHARED_TOKEN).toMatchObject({ status: "configured", context: product, instance: "" });
    expect(byKey.MAIL_PASSWORD).toMatchObject({ status: "disabled", trust_state: "disabled", detail: "The managed secret binding is disabled." });
    expect(byKey.NEVER_WRITTEN).toMatchObject({ status: "missing", binding_id: "", secret_id: "" });
    expect(byKey.VAULT_TOKEN).toMatchObject({ status: "unsupported", trust_state: "unsupported" });
    expect(readiness.counts).toEqual({ configured: 4, missing: 2, disabled: 1, stale: 0, unsupported: 1 });

    expectNoSecretMaterial(readiness, plaintexts, "config readiness");
    expect(JSON.stringify(readiness)).not.toContain(RUNTIME_VALUE);
  });

  it("marks configuration changed after the lane's current deployment as stale", async () => {
    const { product } = await seedProduct();
    await deployLane(product, product, "testing", "2999-01-01T00:00:00Z");
    const fresh = await configReadinessForLane(db, product, "testing");
    expect(fresh.counts.stale).toBe(0);
    expect(fresh.deployed_at).toBe("2999-01-01T00:00:00Z");
    expect(fresh.warnings).toEqual([]);

    await deployLane(product, product, "testing", "2026-04-20T10:30:00Z");
    const readiness = await configReadinessForLane(db, product, "testing");
    const runtime = Object.fromEntries(readiness.runtime_settings.map((item) => [item.key, item.status]));
    // The context record predates the deployment; the lane record and every secret write follow it.
    expect(runtime).toEqual({ APP_URL: "configured", DATABASE_HOST: "stale", MISSING_SETTING: "missing" });
    const secrets = Object.fromEntries(readiness.managed_secrets.map((item) => [item.binding_key, item.status]));
    expect(secrets).toMatchObject({ API_TOKEN: "stale", SHARED_TOKEN: "stale", MAIL_PASSWORD: "disabled" });
    expect(readiness.trust_state).toBe("missing");
  });

  it("prefers a usable context binding over a disabled lane binding, as resolution does", async () => {
    const product = uniqueProduct("fallback");
    await upsertProductProfile(db, profilePayload(product, { expected_config: { managed_secret_bindings: [{ binding_key: "TOKEN" }] } }));
    const lane = await writeManagedSecret(db, secret(product, "TOKEN", { name: "lane-token" }));
    await disableManagedSecret(db, { secret_id: lane.secret_id, actor: "a", reason: "replaced by the site-wide token" });
    const context = await writeManagedSecret(db, secret(product, "TOKEN", { scope: "context", instance: "", name: "site-token" }));
    const readiness = await configReadinessForLane(db, product, "testing");
    expect(readiness.managed_secrets).toHaveLength(1);
    expect(readiness.managed_secrets[0]).toMatchObject({ status: "configured", secret_id: context.secret_id, instance: "" });
    expect(readiness.trust_state).toBe("recorded");
  });

  it("answers not_found for an unknown product or environment", async () => {
    const { product } = await seedProduct();
    const lane = await refusal(() => configReadinessForLane(db, product, "staging"));
    expect(lane.code).toBe("not_found");
    expect(lane.message).toBe(`Product '${product}' has no environment 'staging'.`);
    expect((await refusal(() => configReadinessForLane(db, uniqueProduct("none"), "testing"))).code).toBe("not_found");
  });

  it("costs a fixed number of queries whatever the history", async () => {
    const { product } = await seedProduct();
    resetQueryCount();
    await configReadinessForLane(db, product, "testing");
    const before = queryCount();
    for (let index = 0; index < 5; index += 1) {
      await writeManagedSecret(db, secret(product, "API_TOKEN", { plaintext: uniquePlaintext(`r${index}`) }));
    }
    resetQueryCount();
    await configReadinessForLane(db, product, "testing");
    expect(queryCount()).toBe(before);
    expect(before).toBeLessThanOrEqual(5);
  });
});
