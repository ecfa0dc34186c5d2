import { randomBytes } from "node:crypto";
import type { WorkflowIdentity } from "@/server/auth/identity";
import { ProductProfileRecord } from "@/server/contracts/product-profile";
import { createDatabase } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { recordAudit } from "@/server/services/audit-trail";
import { disableManagedSecret, writeManagedSecret } from "@/server/services/managed-secrets";
import { PRODUCTS, productProfile } from "./console-data";
import { EXAMPLE, LEDGER } from "./workspace-evidence";

/*
 * What the incidents, secrets, audit and record pages need beyond the
 * workspace evidence: managed secrets (encrypted under a master key made for
 * the run) with expected bindings in every status, and the audit trail /v1
 * writes, with workflow identities, for the seeded records.
 */

/** Plaintexts of the seeded secrets: no page or procedure may ever show them. */
export const SECRET_PLAINTEXTS = {
  databaseUrl: `postgres://site:${randomBytes(12).toString("hex")}@db.internal/site`,
  databaseUrlRotated: `postgres://site:${randomBytes(12).toString("hex")}@db.internal/site2`,
  analyticsKey: `ak_${randomBytes(16).toString("hex")}`,
  statusDatabase: `postgres://status:${randomBytes(12).toString("hex")}@db.internal/status`,
  ledgerToken: `lt_${randomBytes(16).toString("hex")}`,
};

export const EXAMPLE_RUN_ID = "8812345678";
export const EXAMPLE_WORKFLOW_REPOSITORY = "every/example-site";

function workflow(repository: string, runId: string, sha: string): WorkflowIdentity {
  const workflowRef = `${repository}/.github/workflows/release.yml@refs/heads/main`;
  return {
    kind: "workflow",
    repository,
    repository_owner: repository.split("/")[0]!,
    workflow_ref: workflowRef,
    job_workflow_ref: workflowRef,
    ref: "refs/heads/main",
    ref_type: "branch",
    event_name: "push",
    environment: "",
    sub: `repo:${repository}:ref:refs/heads/main`,
    sha,
    run_id: runId,
  };
}

const EXPECTED_SECRETS: Record<string, Array<{ binding_key: string; context?: string; instance?: string }>> = {
  "example-site": [
    { binding_key: "DATABASE_URL" },
    { binding_key: "ANALYTICS_KEY", context: "example-site", instance: "testing" },
    { binding_key: "SMTP_PASSWORD", context: "example-site", instance: "prod" },
  ],
  "status-page": [{ binding_key: "DATABASE_URL" }],
};

export async function seedOperationsEvidence(databaseUrl: string): Promise<void> {
  // A master key for this run; the server never needs it to show status (metadata only).
  process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  resetEnvForTests();
  const db = createDatabase(databaseUrl, 2);
  try {
    const profiles = productProfileRepository(db);
    for (const product of PRODUCTS) {
      const bindings = EXPECTED_SECRETS[product.product];
      if (!bindings) continue;
      await profiles.upsert(ProductProfileRecord.parse({ ...productProfile(product), expected_config: { managed_secret_bindings: bindings } }));
    }

    const write = (input: { product: string; name: string; scope: "context" | "context_instance"; instance?: string; key: string; plaintext: string; actor: string }) =>
      writeManagedSecret(db, {
        scope: input.scope,
        integration: "runtime_environment",
        name: input.name,
        context: input.product,
        instance: input.instance ?? "",
        plaintext: input.plaintext,
        binding_key: input.key,
        description: `${input.key} for ${input.product}`,
        actor: input.actor,
        product: input.product,
      });
    // example-site: DATABASE_URL written after the deployments (stale), rotated once; ANALYTICS_KEY disabled; SMTP_PASSWORD missing.
    await write({ product: "example-site", name: "database-url", scope: "context", key: "DATABASE_URL", plaintext: SECRET_PLAINTEXTS.databaseUrl, actor: "octo-platform" });
    await write({ product: "example-site", name: "database-url", scope: "context", key: "DATABASE_URL", plaintext: SECRET_PLAINTEXTS.databaseUrlRotated, actor: "rotation-bot" });
    const analytics = await write({ product: "example-site", name: "analytics-key", scope: "context_instance", instance: "testing", key: "ANALYTICS_KEY", plaintext: SECRET_PLAINTEXTS.analyticsKey, actor: "octo-platform" });
    await disableManagedSecret(db, { secret_id: analytics.secret_id, actor: "octo-platform", reason: "vendor contract ended", product: "example-site" });
    // status-page: nothing deployed yet, so its binding is simply configured.
    await write({ product: "status-page", name: "database-url", scope: "context", key: "DATABASE_URL", plaintext: SECRET_PLAINTEXTS.statusDatabase, actor: "octo-platform" });
    await write({ product: "ledger", name: "ledger-api-token", scope: "context_instance", instance: "testing", key: "LEDGER_API_TOKEN", plaintext: SECRET_PLAINTEXTS.ledgerToken, actor: "octo-reader" });

    // The audit trail /v1 writes for the seeded evidence (workflow identities).
    const site = (runId: string, sha: string) => workflow(EXAMPLE_WORKFLOW_REPOSITORY, runId, sha);
    const writes: Array<{ actor: WorkflowIdentity; action: string; product: string; instance: string; targetType: string; targetId: string; route: string }> = [
      { actor: site("8812345601", EXAMPLE.v1.source_commit), action: "artifact.write", product: EXAMPLE.product, instance: "", targetType: "artifact_manifest", targetId: EXAMPLE.v1.artifact_id, route: "/v1/evidence/artifacts" },
      { actor: site("8812345602", EXAMPLE.v1.source_commit), action: "backup_gate.write", product: EXAMPLE.product, instance: "prod", targetType: "backup_gate", targetId: "backup-e2e-example-prod-1", route: "/v1/evidence/backup-gates" },
      { actor: site(EXAMPLE_RUN_ID, EXAMPLE.v1.source_commit), action: "deployment.write", product: EXAMPLE.product, instance: "prod", targetType: "deployment", targetId: EXAMPLE.prodDeployment, route: "/v1/evidence/deployments" },
      { actor: site("8812345604", EXAMPLE.v1.source_commit), action: "promotion.write", product: EXAMPLE.product, instance: "prod", targetType: "promotion", targetId: "promotion-e2e-example-1", route: "/v1/evidence/promotions" },
      { actor: site("8812345605", EXAMPLE.v2.source_commit), action: "deployment.write", product: EXAMPLE.product, instance: "testing", targetType: "deployment", targetId: EXAMPLE.testingDeployment, route: "/v1/evidence/deployments" },
      { actor: workflow("every/ledger", "7712345601", "0".repeat(40)), action: "deployment.write", product: LEDGER.product, instance: "testing", targetType: "deployment", targetId: LEDGER.deployment, route: "/v1/evidence/deployments" },
    ];
    for (const entry of writes) {
      await recordAudit(db, {
        actor: entry.actor,
        action: entry.action,
        product: entry.product,
        context: entry.product,
        instance: entry.instance,
        targetType: entry.targetType,
        targetId: entry.targetId,
        traceId: `launchplane_req_${randomBytes(16).toString("hex")}`,
        detail: { route: entry.route },
      });
    }
    await recordAudit(db, {
      actor: { kind: "operator", login: "octo-reader", organizations: ["every-readers"], teams: [] },
      actorRole: "read_only",
      action: "preview_cleanup.request",
      product: LEDGER.product,
      context: LEDGER.product,
      detail: { reason: "closed pull requests" },
    });
  } finally {
    await db.$disconnect();
  }
}
