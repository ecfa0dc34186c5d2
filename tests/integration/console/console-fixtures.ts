import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "next-auth";
import { expect } from "vitest";
import type { Database } from "@/server/db";
import { recordAudit } from "@/server/services/audit-trail";
import { seedAuthzPolicyFromFile } from "@/server/services/authz-policy";
import { upsertProductProfile } from "@/server/services/product-profiles";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { createContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { profilePayload } from "../config/config-fixtures";
import { generationEvidence } from "../previews/preview-fixtures";
import { backupGate, deploy, observe, promote, storeManifest } from "../read-models/read-model-fixtures";
import { workflowIdentity } from "../../support/workflow-identity";

/**
 * Two products with evidence of every family the console areas read, and a
 * policy in which `root` is admin and members of `acme` read one product
 * only. Everything is written through the services, as /v1 would.
 */
export const ADMIN = "root";
export const SCOPED_ORG = "acme";

export function consolePolicy(readable: string) {
  return {
    schema_version: 1,
    github_humans: [
      { logins: [ADMIN], roles: ["admin"] },
      { organizations: [SCOPED_ORG], roles: ["read_only"], products: [readable], actions: ["product.read"] },
    ],
  };
}

export async function seedPolicy(db: Database, policy: unknown): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), "launchplane-console-areas-")), "policy.json");
  writeFileSync(file, JSON.stringify(policy));
  const seeded = await seedAuthzPolicyFromFile(db, file);
  expect(seeded.outcome).toBe("seeded");
}

export function session(login: string, organizations: string[] = []): Session {
  return {
    expires: new Date(Date.now() + 3600_000).toISOString(),
    operator: { login, organizations, teams: [], provider: "github" },
  };
}

export function callerFor(db: () => Database, who: Session) {
  return createCaller(createContext({ headers: new Headers(), session: who, source: "server", database: db }));
}

/** The commit the seeded workflow runs built. */
export const SEEDED_RUN_SHA = "6b3c9d7e8f901234567890abcdef1234567890ab";

export interface SeededProduct {
  product: string;
  context: string;
  previewContext: string;
  artifactId: string;
  deploymentId: string;
  prodDeploymentId: string;
  promotionId: string;
  backupGateId: string;
  previewId: string;
  generationId: string;
  incidentId: string;
  runId: string;
}

/** A product with a deployment (audited), promotion, backup gate, incident, preview and its generation. */
export async function seedConsoleProduct(db: Database, product: string): Promise<SeededProduct> {
  const context = product;
  const previewContext = `${product}-preview`;
  await upsertProductProfile(
    db,
    profilePayload(product, {
      preview: { enabled: true, context: previewContext, slug_template: "pr-{number}" },
      expected_config: { managed_secret_bindings: [{ binding_key: "DATABASE_PASSWORD" }, { binding_key: "MAIL_PASSWORD", context: product, instance: "prod" }] },
    }),
  );
  const artifactId = `${product}-artifact-1`;
  const deploymentId = `${product}-deployment-1`;
  const promotionId = `${product}-promotion-1`;
  const backupGateId = `${product}-gate-1`;
  await storeManifest(db, product, artifactId);
  await deploy(db, product, { recordId: deploymentId, context, instance: "testing", artifactId });
  await backupGate(db, product, { recordId: backupGateId, context, instance: "prod" });
  // The promotion names the deployment that carried it into prod.
  const prodDeploymentId = `${product}-deployment-prod`;
  await deploy(db, product, { recordId: prodDeploymentId, context, instance: "prod", artifactId });
  await promote(db, product, { recordId: promotionId, context, artifactId, deploymentRecordId: prodDeploymentId, backupRecordId: backupGateId });
  const runId = String(9_000_000 + Math.floor(Math.random() * 1_000_000));
  await recordAudit(db, {
    actor: workflowIdentity(`every/${product}`, { run_id: runId, sha: SEEDED_RUN_SHA }),
    action: "deployment.write",
    product,
    context,
    instance: "testing",
    targetType: "deployment",
    targetId: deploymentId,
    traceId: "launchplane_req_0123456789abcdef0123456789abcdef",
    detail: { route: "/v1/evidence/deployments" },
  });

  const lane = { product, context, instance: "prod" };
  await observe(db, lane, "fail", "2026-05-07T16:00:00Z");
  const opened = await db.publicIngressIncident.findFirst({ where: { product, status: "open" } });
  expect(opened).not.toBeNull();
  // A second failing observation while open, so the incident has a history.
  await observe(db, lane, "fail", "2026-05-07T16:05:00Z");

  const scope = { product, context: previewContext, repo: "tenant-app", pr: 7 };
  const generation = await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
  return {
    product,
    context,
    previewContext,
    artifactId,
    deploymentId,
    prodDeploymentId,
    promotionId,
    backupGateId,
    previewId: generation.preview.preview_id,
    generationId: generation.generation.generation_id,
    incidentId: opened!.incidentId,
    runId,
  };
}

/** Runs `work`, expecting a tRPC error with `code`; returns its message. */
export async function trpcRefusal(work: () => Promise<unknown>, code: string): Promise<string> {
  try {
    await work();
  } catch (error) {
    expect((error as { code?: string }).code).toBe(code);
    return (error as Error).message;
  }
  throw new Error(`expected ${code}`);
}
