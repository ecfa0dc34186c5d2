import { describe, expect, it } from "vitest";

import { runtimeKeySafetyPolicySha256, RuntimeKeySafetyPolicyRecord } from "@/server/contracts/runtime-key-safety-policy";
import { inTransaction } from "@/server/repositories/db-client";
import { runtimeKeySafetyPolicyRepository } from "@/server/repositories/runtime-key-safety-policy-repository";
import { bindManagedSecret, writeManagedSecret } from "@/server/services/managed-secrets";
import {
  activeRuntimeKeySafetyPolicy,
  applyRuntimeKeySafetyPolicy,
  evaluateRuntimeKeySafety,
  importRuntimeKeySafetyPolicy,
} from "@/server/services/runtime-key-safety";
import { uniqueProduct } from "../../support/database";
import { useIsolatedTestDb } from "../../support/isolated-database";
import { expectNoSecretMaterial, uniquePlaintext, withMasterKey } from "./config-fixtures";
import { refusal } from "../../support/refusal";

// The active policy is a singleton, so this file works in a database of its own.
const isolated = useIsolatedTestDb("keysafety");
withMasterKey();

const applyBody = (rules: unknown[], sourceLabel = "test:apply") => ({
  schema_version: 1,
  product: "launchplane",
  source_label: sourceLabel,
  rules,
});

async function policyRows() {
  return isolated.db().runtimeKeySafetyPolicy.findMany({
    orderBy: [{ updatedAt: "asc" }, { recordId: "asc" }],
    select: { recordId: true, status: true, payload: true },
  });
}

describe("runtime key-safety policy writes", () => {
  it("applies, answers unchanged for the same rules, and supersedes the previous active version", async () => {
    const db = isolated.db();
    const first = await applyRuntimeKeySafetyPolicy(
      db,
      applyBody([{ binding_key: "API_TOKEN", secret_class: "testing", allowed_contexts: ["opw"] }]),
    );
    expect(first.changed).toBe(true);
    expect(first.result.runtime_key_safety_policy_changed).toBe("true");
    expect(first.record.record_id).toMatch(/^runtime-key-safety-policy-\d{4}-\d{2}-\d{2}t[\d-]+z-[0-9a-f]{12}$/);
    expect(first.record.record_id.endsWith(first.summary.policy_sha256.slice(0, 12))).toBe(true);
    expect(first.summary).toMatchObject({ status: "active", source: "test:apply", rule_count: 1, binding_keys: ["API_TOKEN"] });
    expect(first.summary.policy_sha256).toBe(runtimeKeySafetyPolicySha256(first.record));

    const same = await applyRuntimeKeySafetyPolicy(
      db,
      applyBody([{ binding_key: "API_TOKEN", secret_class: "testing", allowed_contexts: ["opw"] }], "other-source"),
    );
    expect(same).toMatchObject({ changed: false, result: { runtime_key_safety_policy_changed: "false" } });
    expect(same.record.record_id).toBe(first.record.record_id);
    expect(await policyRows()).toHaveLength(1);

    const merged = await applyRuntimeKeySafetyPolicy(
      db,
      applyBody([
        { binding_key: "API_TOKEN", secret_class: "testing", allowed_contexts: ["cm"] },
        { binding_key: "PREVIEW_TOKEN", secret_class: "preview", allowed_contexts: ["opw"], allowed_instance_patterns: ["pr-*"] },
      ]),
    );
    expect(merged.changed).toBe(true);
    expect(merged.record.rules).toEqual([
      expect.objectContaining({ binding_key: "API_TOKEN", allowed_contexts: ["cm", "opw"] }),
      expect.objectContaining({
        binding_key: "PREVIEW_TOKEN",
        allowed_contexts: [],
        allowed_targets: [{ context: "opw", instances: [], instance_patterns: ["pr-*"] }],
      }),
    ]);
    const rows = await policyRows();
    expect(rows.map((row) => [row.recordId, row.status, (row.payload as { status: string }).status])).toEqual([
      [first.record.record_id, "superseded", "superseded"],
      [merged.record.record_id, "active", "active"],
    ]);
    expect((await activeRuntimeKeySafetyPolicy(db))?.record.record_id).toBe(merged.record.record_id);
  });

  it("refuses a request that mixes legacy patterns with paired targets and writes nothing", async () => {
    const db = isolated.db();
    const before = await policyRows();
    const error = await refusal(() =>
      applyRuntimeKeySafetyPolicy(
        db,
        applyBody([
          { binding_key: "MIXED", secret_class: "preview", allowed_instance_patterns: ["pr-*"], allowed_targets: [{ context: "opw" }] },
        ]),
      ),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("cannot mix legacy allowed_instance_patterns with paired allowed_targets");
    const wrongProduct = await refusal(() =>
      applyRuntimeKeySafetyPolicy(db, { ...applyBody([{ binding_key: "X", secret_class: "testing" }]), product: "opw" }),
    );
    expect(wrongProduct.code).toBe("invalid_request");
    expect(wrongProduct.message).toContain("Runtime key-safety policy writes require product 'launchplane'.");
    expect(await policyRows()).toEqual(before);
  });

  it("imports full records: duplicates, conflicts, older active versions and markers carried by applies", async () => {
    const db = isolated.db();
    const record = RuntimeKeySafetyPolicyRecord.parse({
      record_id: `runtime-key-safety-policy-import-${uniqueProduct("imp")}`,
      source: "state-import",
      updated_at: "2999-01-01T00:00:00Z",
      rules: [{ binding_key: "API_TOKEN", secret_class: "testing" }],
      integration_key_markers: ["acme_erp"],
    });
    expect(await importRuntimeKeySafetyPolicy(db, record)).toMatchObject({ action: "inserted", status: "active" });
    expect(await importRuntimeKeySafetyPolicy(db, record)).toMatchObject({ action: "duplicate" });
    const conflict = await refusal(() => importRuntimeKeySafetyPolicy(db, { ...record, source: "elsewhere" }));
    expect(conflict.code).toBe("record_conflict");

    const older = { ...record, record_id: `${record.record_id}-older`, updated_at: "2026-01-01T00:00:00Z" };
    expect(await importRuntimeKeySafetyPolicy(db, older)).toMatchObject({ action: "inserted", status: "superseded" });
    expect((await activeRuntimeKeySafetyPolicy(db))?.record.record_id).toBe(record.record_id);

    const applied = await applyRuntimeKeySafetyPolicy(db, applyBody([{ binding_key: "NEW_KEY", secret_class: "shared_safe" }]));
    expect(applied.record.integration_key_markers).toEqual(["ACME_ERP"]);
    expect(applied.record.rules.map((rule) => rule.binding_key)).toEqual(["API_TOKEN", "NEW_KEY"]);
    const active = await policyRows();
    expect(active.filter((row) => row.status === "active").map((row) => row.recordId)).toEqual([applied.record.record_id]);
  });
});

describe("evaluateRuntimeKeySafety", () => {
  it("fails closed without an active policy", async () => {
    const db = isolated.db();
    const sentinel = new Error("rollback");
    // Supersede inside a transaction that is rolled back, so the file's other tests keep theirs.
    const outcome = await inTransaction(db, async (tx) => {
      await runtimeKeySafetyPolicyRepository(tx).supersedeActive();
      const error = await refusal(() =>
        evaluateRuntimeKeySafety(tx, { context: "opw", instance: "testing", required_binding_keys: ["API_TOKEN"] }),
      );
      expect(error.code).toBe("secret_configuration_required");
      expect(error.message).toBe("No active runtime key-safety policy record found.");
      throw sentinel;
    }).catch((error: unknown) => error);
    expect(outcome).toBe(sentinel);
    expect(await activeRuntimeKeySafetyPolicy(db)).not.toBeNull();
  });

  it("evaluates stored bindings against the active policy and audits on request, metadata only", async () => {
    const db = isolated.db();
    const context = uniqueProduct("ks");
    await applyRuntimeKeySafetyPolicy(
      db,
      applyBody([
        { binding_key: "KS_TOKEN", secret_class: "testing", allowed_contexts: [context] },
        { binding_key: "KS_PROD_TOKEN", secret_class: "prod_only" },
      ]),
    );
    const plaintexts = [uniquePlaintext("ks"), uniquePlaintext("prod")];
    const token = await writeManagedSecret(db, {
      scope: "context_instance",
      integration: "runtime_environment",
      name: "ks-token",
      context,
      instance: "testing",
      plaintext: plaintexts[0]!,
      binding_key: "KS_TOKEN",
      actor: "operator:alice",
    });
    const prod = await writeManagedSecret(db, {
      scope: "context",
      integration: "runtime_environment",
      name: "ks-prod-token",
      context,
      plaintext: plaintexts[1]!,
      binding_key: "KS_PROD_TOKEN",
      actor: "operator:alice",
    });
    await bindManagedSecret(db, { secret_id: token.secret_id, binding_key: "KS_LANE_ONLY", actor: "a" });

    const testing = await evaluateRuntimeKeySafety(db, {
      context,
      instance: "testing",
      required_binding_keys: ["KS_TOKEN", "KS_LANE_ONLY", "KS_PROD_TOKEN", "KS_ABSENT"],
      audit: { actor: "workflow:deploy", reason: "deploy gate" },
    });
    expect(testing.evaluation.status).toBe("fail");
    expect(testing.evaluation.target.environment_class).toBe("testing");
    expect(testing.evaluation.findings.map((item) => [item.binding_key, item.code])).toEqual([
      ["KS_PROD_TOKEN", "secret_class_not_allowed"],
      ["KS_ABSENT", "binding_missing"],
    ]);
    expect(testing.policy_sha256).toBe((await activeRuntimeKeySafetyPolicy(db))?.summary.policy_sha256);

    const events = await db.secretAuditEvent.findMany({
      where: { eventType: "key_safety_evaluated", secretId: { in: [token.secret_id, prod.secret_id] } },
      select: { secretId: true, payload: true },
      orderBy: { secretId: "asc" },
    });
    expect(events.map((event) => event.secretId).sort()).toEqual([prod.secret_id, token.secret_id].sort());
    const prodEvent = events.find((event) => event.secretId === prod.secret_id)!;
    expect(prodEvent.payload).toMatchObject({
      actor: "workflow:deploy",
      metadata: {
        status: "fail",
        destination_class: "testing",
        policy_record_id: testing.policy_record_id,
        finding_codes: "secret_class_not_allowed",
        reason: "deploy gate",
      },
    });
    expect(events.find((event) => event.secretId === token.secret_id)?.payload).toMatchObject({
      metadata: { status: "fail", finding_codes: "" },
    });
    for (const event of events) expectNoSecretMaterial(event.payload, plaintexts, "key-safety audit event");
    expectNoSecretMaterial(testing, plaintexts, "key-safety evaluation");

    const other = await evaluateRuntimeKeySafety(db, { context: `${context}-other`, instance: "testing", required_binding_keys: ["KS_TOKEN"] });
    expect(other.evaluation.findings.map((item) => item.code)).toEqual(["binding_missing"]);
  });
});
