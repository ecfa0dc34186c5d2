/**
 * Demonstration data for the embedded (demo) mode: three products with a
 * week of release history, previews, incidents, managed secrets, an
 * authorization policy and operator audit events.
 *
 * Everything is written through the services, exactly as /v1 evidence and
 * operator actions would write it, so every rule applies (tuples are minted
 * and copied by the evidence, incidents open and resolve from observations,
 * secrets are encrypted). Evidence timestamps are relative to "now" so the
 * demo looks alive; times the services stamp themselves (inventory, tuple
 * minting, audit) are the seeding time.
 *
 * Seeds only a database without product profiles. One connection (the
 * embedded server accepts one), closed before returning.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OperatorIdentity } from "@/server/auth/identity";
import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { GithubActionsGrantRequest } from "@/server/contracts/authz-policy";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { PreviewDestroyMutationRequest } from "@/server/contracts/preview";
import { PreviewGenerationEvidenceRequestFields, type PreviewGenerationState } from "@/server/contracts/preview-generation";
import { PromotionRecord } from "@/server/contracts/promotion";
import { buildPublicIngressObservationId } from "@/server/contracts/public-ingress-observation";
import { expectedSecretId } from "@/server/contracts/secret";
import { createDatabase, type Database } from "@/server/db";
import { logger } from "@/server/logger";
import { inTransaction } from "@/server/repositories/db-client";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { recordAudit } from "@/server/services/audit-trail";
import { addGithubActionsGrant, seedAuthzPolicyFromFile } from "@/server/services/authz-policy";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { disableManagedSecret, writeManagedSecret } from "@/server/services/managed-secrets";
import { ingestPreviewDestroyedEvidence } from "@/server/services/preview-destroyed-evidence";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { listProductProfiles, upsertProductProfile } from "@/server/services/product-profiles";
import { ingestPromotionEvidence } from "@/server/services/promotion-evidence";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";

/** Logins the demo policy knows; the README and the sign-in hint name them. */
export const DEMO_ADMIN_LOGINS = ["demo", "demo-admin"] as const;
export const DEMO_READ_ONLY_LOGINS = ["viewer"] as const;

export interface SeedDemoOptions {
  /** Where the demo policy file is written (the embedded data directory). */
  dataDir?: string;
  now?: Date;
  /**
   * Called once the seed holds the database's connection and has found it
   * empty: from then on, other clients of the embedded database queue
   * behind the seed, so a server may start while it runs.
   */
  onSeedingStarted?: () => void;
}

// ---------------------------------------------------------------------------
// Time and identifiers.
// ---------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Clock {
  /** ISO 8601, second precision, `ms` before now. */
  ago(ms: number): string;
}

function clockAt(now: Date): Clock {
  return { ago: (ms) => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/** `20261124T101500Z` from an ISO timestamp, for record ids. */
function compact(iso: string): string {
  return iso.replaceAll("-", "").replaceAll(":", "");
}

/** A stable 40-character commit for a label: the same demo always pins the same SHAs. */
function commit(label: string): string {
  return createHash("sha1").update(`launchplane-demo:${label}`).digest("hex");
}

function digest(label: string): string {
  return `sha256:${createHash("sha256").update(`launchplane-demo:${label}`).digest("hex")}`;
}

// ---------------------------------------------------------------------------
// The products.
// ---------------------------------------------------------------------------

interface DemoProduct {
  product: string;
  repository: string;
  context: string;
  image: string;
  driver: "generic-web" | "odoo";
  urls: { testing: string; prod: string };
  healthPath: string;
  /** Addon repositories an Odoo build pins. */
  addons: string[];
}

const WEB_SHOP: DemoProduct = {
  product: "web-shop",
  repository: "acme/web-shop",
  context: "web-shop",
  image: "ghcr.io/acme/web-shop",
  driver: "generic-web",
  urls: { testing: "https://testing.shop.acme.example", prod: "https://shop.acme.example" },
  healthPath: "/api/health",
  addons: [],
};

const BILLING_API: DemoProduct = {
  product: "billing-api",
  repository: "acme/billing-api",
  context: "billing-api",
  image: "ghcr.io/acme/billing-api",
  driver: "generic-web",
  urls: { testing: "https://billing.testing.acme.example", prod: "https://billing.acme.example" },
  healthPath: "/healthz",
  addons: [],
};

const ACME_ERP: DemoProduct = {
  product: "acme-erp",
  repository: "acme/odoo-acme-erp",
  context: "acme-erp",
  image: "ghcr.io/acme/odoo-acme-erp",
  driver: "odoo",
  urls: { testing: "https://erp-testing.acme.example", prod: "https://erp.acme.example" },
  healthPath: "/web/health",
  addons: ["acme/odoo-shared-addons", "OCA/web"],
};

const WEB_SHOP_PREVIEW_CONTEXT = "web-shop-preview";

function lane(product: DemoProduct, instance: "testing" | "prod", extra: Record<string, unknown> = {}) {
  const base = product.urls[instance];
  return {
    instance,
    context: product.context,
    base_url: base,
    health_url: `${base}${product.healthPath}`,
    health_monitoring: {
      monitoring_intent: "public",
      checks: [{ name: "public-ingress", kind: "public_http", enabled: true, recovery_observation_threshold: 1 }],
    },
    ...extra,
  };
}

function profiles(clock: Clock) {
  const updated = clock.ago(7 * DAY);
  const webShop = {
    product: WEB_SHOP.product,
    display_name: "Web Shop",
    repository: WEB_SHOP.repository,
    driver_id: WEB_SHOP.driver,
    image: { repository: WEB_SHOP.image },
    runtime_port: 3000,
    health_path: WEB_SHOP.healthPath,
    lanes: [lane(WEB_SHOP, "testing"), lane(WEB_SHOP, "prod")],
    preview: {
      enabled: true,
      context: WEB_SHOP_PREVIEW_CONTEXT,
      slug_template: "pr-{number}",
      app_name_prefix: "web-shop-pr",
      template_instance: "testing",
      required_template_env_keys: ["DATABASE_URL"],
      copied_env_keys: ["STRIPE_PUBLISHABLE_KEY"],
      omitted_env_keys: ["STRIPE_SECRET_KEY"],
      preview_url_env_keys: ["PUBLIC_BASE_URL"],
    },
    expected_config: {
      managed_secret_bindings: [
        { binding_key: "DATABASE_URL", context: WEB_SHOP.context },
        { binding_key: "SESSION_SECRET", context: WEB_SHOP.context },
        { binding_key: "STRIPE_SECRET_KEY", context: WEB_SHOP.context },
      ],
    },
    updated_at: updated,
    source: "demo-seed",
  };
  const billingApi = {
    product: BILLING_API.product,
    display_name: "Billing API",
    repository: BILLING_API.repository,
    driver_id: BILLING_API.driver,
    image: { repository: BILLING_API.image },
    runtime_port: 8080,
    health_path: BILLING_API.healthPath,
    lanes: [lane(BILLING_API, "testing"), lane(BILLING_API, "prod")],
    expected_config: {
      managed_secret_bindings: [
        { binding_key: "DATABASE_URL", context: BILLING_API.context },
        { binding_key: "WEBHOOK_SIGNING_KEY", context: BILLING_API.context, instance: "prod" },
      ],
    },
    updated_at: updated,
    source: "demo-seed",
  };
  const acmeErp = {
    product: ACME_ERP.product,
    display_name: "Acme ERP (Odoo)",
    repository: ACME_ERP.repository,
    driver_id: ACME_ERP.driver,
    image: { repository: ACME_ERP.image },
    runtime_port: 8069,
    health_path: ACME_ERP.healthPath,
    lanes: [
      lane(ACME_ERP, "testing", {
        odoo_data_policy: {
          data_authority: "restorable",
          allowed_rebuild_sources: ["upstream_restore"],
          upstream_source: `${ACME_ERP.context}/prod`,
        },
      }),
      lane(ACME_ERP, "prod", { odoo_data_policy: { data_authority: "authoritative" } }),
    ],
    expected_config: {
      managed_secret_bindings: [
        { binding_key: "ODOO_DB_PASSWORD", context: ACME_ERP.context },
        { binding_key: "ODOO_ADMIN_PASSWORD", context: ACME_ERP.context },
        { binding_key: "SMTP_PASSWORD", context: ACME_ERP.context, instance: "prod" },
      ],
    },
    approvals: { required: 2 },
    updated_at: updated,
    source: "demo-seed",
  };
  return { webShop, billingApi, acmeErp };
}

// ---------------------------------------------------------------------------
// Evidence builders.
// ---------------------------------------------------------------------------

interface Build {
  artifactId: string;
  sourceCommit: string;
  manifest: ArtifactIdentityManifest;
}

/** One CI build of a product: an artifact id and the manifest CI would post for it. */
function build(product: DemoProduct, label: string, builtAt: string): Build {
  const sourceCommit = commit(`${product.product}:${label}`);
  const artifactId = `artifact-${builtAt.slice(0, 10).replaceAll("-", "")}-${sourceCommit.slice(0, 8)}`;
  const manifest = ArtifactIdentityManifest.parse({
    artifact_id: artifactId,
    source_commit: sourceCommit,
    enterprise_base_digest: product.driver === "odoo" ? digest("odoo-enterprise-18.0") : "",
    addon_sources: product.addons.map((repository) => ({ repository, ref: commit(`${repository}:${label}`) })),
    image: { repository: product.image, digest: digest(`${product.product}:${label}`), tags: [`sha-${sourceCommit.slice(0, 7)}`, label] },
  });
  return { artifactId, sourceCommit, manifest };
}

function targetName(product: DemoProduct, instance: string): string {
  return `${product.context}-${instance}`;
}

function deployment(
  product: DemoProduct,
  built: Build,
  instance: "testing" | "prod",
  startedAt: string,
  finishedAt: string,
  status: "pass" | "fail" = "pass",
  failure?: string,
): DeploymentRecord {
  const healthUrl = `${product.urls[instance]}${product.healthPath}`;
  const odoo = product.driver === "odoo";
  return DeploymentRecord.parse({
    record_id: `deployment-${compact(startedAt)}-${product.context}-${instance}`,
    artifact_identity: { artifact_id: built.artifactId },
    context: product.context,
    instance,
    source_git_ref: built.sourceCommit,
    resolved_target: {
      target_type: odoo ? "compose" : "application",
      target_id: `${odoo ? "compose" : "app"}-${createHash("sha1").update(targetName(product, instance)).digest("hex").slice(0, 10)}`,
      target_name: targetName(product, instance),
    },
    deploy: {
      target_name: targetName(product, instance),
      target_type: odoo ? "compose" : "application",
      deploy_mode: odoo ? "dokploy-compose-api" : "dokploy-application-api",
      deployment_id: `dpl-${compact(startedAt).toLowerCase()}`,
      status,
      started_at: startedAt,
      finished_at: finishedAt,
    },
    post_deploy_update: odoo
      ? { attempted: true, status, detail: status === "pass" ? "Odoo modules upgraded." : "Module upgrade aborted." }
      : { attempted: false, status: "skipped" },
    destination_health: { verified: true, urls: [healthUrl], timeout_seconds: 60, status },
    ...(failure ? { failure: { code: "destination_health_failed", description: failure } } : {}),
  });
}

function backupGate(product: DemoProduct, createdAt: string, status: "pass" | "fail"): BackupGateRecord {
  return BackupGateRecord.parse({
    record_id: `backup-${product.context}-prod-${compact(createdAt)}`,
    context: product.context,
    instance: "prod",
    created_at: createdAt,
    source: "prod-gate",
    required: true,
    status,
    evidence:
      status === "pass"
        ? { snapshot: `${product.context}-prod-${compact(createdAt)}`, storage: "s3://acme-backups/launchplane" }
        : { error: "snapshot timed out after 900 s" },
  });
}

function promotion(
  product: DemoProduct,
  built: Build,
  prodDeployment: DeploymentRecord,
  gate: BackupGateRecord | null,
): PromotionRecord {
  const started = prodDeployment.deploy.started_at;
  return PromotionRecord.parse({
    record_id: `promotion-${compact(started)}-${product.context}-testing-to-prod`,
    artifact_identity: { artifact_id: built.artifactId },
    deployment_record_id: prodDeployment.record_id,
    backup_record_id: gate?.record_id ?? "",
    context: product.context,
    from_instance: "testing",
    to_instance: "prod",
    source_health: {
      verified: true,
      urls: [`${product.urls.testing}${product.healthPath}`],
      timeout_seconds: 60,
      status: "pass",
    },
    backup_gate: gate
      ? { required: true, status: gate.status, evidence: gate.evidence }
      : { required: false, status: "skipped" },
    deploy: prodDeployment.deploy,
    post_deploy_update: prodDeployment.post_deploy_update,
    destination_health: prodDeployment.destination_health,
  });
}

// ---------------------------------------------------------------------------
// The story.
// ---------------------------------------------------------------------------

const OPERATOR: OperatorIdentity = { kind: "operator", login: "demo", organizations: ["acme"], teams: ["acme/platform"] };

function demoSecretValue(): string {
  return randomBytes(24).toString("base64url");
}

interface SecretSpec {
  product: DemoProduct;
  name: string;
  bindingKey: string;
  instance?: "testing" | "prod";
  description: string;
}

async function writeSecret(db: Database, spec: SecretSpec, actor: string) {
  return writeManagedSecret(db, {
    scope: spec.instance ? "context_instance" : "context",
    integration: "runtime_environment",
    name: spec.name,
    context: spec.product.context,
    instance: spec.instance ?? "",
    plaintext: demoSecretValue(),
    binding_key: spec.bindingKey,
    description: spec.description,
    actor,
    source_label: "demo-seed",
    product: spec.product.product,
  });
}

async function deploy(db: Database, product: DemoProduct, record: DeploymentRecord) {
  return ingestDeploymentEvidence(db, { product: product.product, deployment: record });
}

/** A passing testing → prod promotion: backup gate (when required), prod deployment, promotion. */
async function promote(
  db: Database,
  product: DemoProduct,
  built: Build,
  startedAt: string,
  finishedAt: string,
  options: { backupAt?: string } = {},
) {
  let gate: BackupGateRecord | null = null;
  if (options.backupAt) {
    gate = backupGate(product, options.backupAt, "pass");
    await ingestBackupGateEvidence(db, { product: product.product, backup_gate: gate });
  }
  const prodDeployment = deployment(product, built, "prod", startedAt, finishedAt);
  await deploy(db, product, prodDeployment);
  return ingestPromotionEvidence(db, { product: product.product, promotion: promotion(product, built, prodDeployment, gate) });
}

async function seedPolicy(db: Database, dataDir: string): Promise<void> {
  const file = join(dataDir, "demo-authz-policy.json");
  const everyEvidenceAction = [
    "artifact.write",
    "deployment.write",
    "promotion.write",
    "backup_gate.write",
    "public_ingress_observation.write",
    "preview_generation.write",
    "preview_destroyed.write",
    "preview_enablement.write",
  ];
  const policy = {
    schema_version: 1,
    github_humans: [
      { logins: [...DEMO_ADMIN_LOGINS], roles: ["admin"] },
      { logins: [...DEMO_READ_ONLY_LOGINS], roles: ["read_only"] },
    ],
    github_actions: [
      {
        repository: WEB_SHOP.repository,
        workflow_refs: [`${WEB_SHOP.repository}/.github/workflows/*`],
        products: [WEB_SHOP.product],
        contexts: [WEB_SHOP.context, WEB_SHOP_PREVIEW_CONTEXT],
        actions: everyEvidenceAction,
      },
    ],
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(policy, null, 2)}\n`);
  await seedAuthzPolicyFromFile(db, file);

  // Later onboarding, as an operator would grant it: one rule per product repository.
  for (const product of [BILLING_API, ACME_ERP]) {
    const request = GithubActionsGrantRequest.parse({
      product: "launchplane",
      mode: "apply",
      reason: `Onboard ${product.repository} deploy workflows`,
      related_issue: `https://github.com/acme/platform/issues/${product === BILLING_API ? 41 : 57}`,
      grant: {
        repository: product.repository,
        workflow_refs: [`${product.repository}/.github/workflows/*`],
        products: [product.product],
        contexts: [product.context],
        actions: everyEvidenceAction.filter((action) => !action.startsWith("preview")),
        source_label: "console:authz-grant",
      },
    });
    await addGithubActionsGrant(db, request, OPERATOR);
  }
}

async function seedWebShop(db: Database, clock: Clock, profile: unknown): Promise<void> {
  const p = WEB_SHOP;
  await upsertProductProfile(db, profile);
  for (const spec of [
    { product: p, name: "web-shop-testing-database", bindingKey: "DATABASE_URL", instance: "testing" as const, description: "Testing database" },
    { product: p, name: "web-shop-prod-database", bindingKey: "DATABASE_URL", instance: "prod" as const, description: "Production database" },
    { product: p, name: "web-shop-session", bindingKey: "SESSION_SECRET", description: "Cookie signing key (both lanes)" },
    { product: p, name: "web-shop-testing-stripe", bindingKey: "STRIPE_SECRET_KEY", instance: "testing" as const, description: "Stripe test mode key" },
    { product: p, name: "web-shop-prod-stripe", bindingKey: "STRIPE_SECRET_KEY", instance: "prod" as const, description: "Stripe live key" },
  ]) {
    await writeSecret(db, spec, "operator:demo");
  }

  const builds = {
    b1: build(p, "v2.14.0", clock.ago(6 * DAY + 2 * HOUR)),
    b2: build(p, "v2.15.0", clock.ago(4 * DAY + 3 * HOUR)),
    b3: build(p, "v2.16.0", clock.ago(2 * DAY + 5 * HOUR)),
    b4: build(p, "v2.17.0-rc.1", clock.ago(5 * HOUR + 20 * MINUTE)),
  };
  for (const built of Object.values(builds)) await ingestArtifactEvidence(db, { product: p.product, artifact: built.manifest });

  await deploy(db, p, deployment(p, builds.b1, "testing", clock.ago(6 * DAY + 2 * HOUR), clock.ago(6 * DAY + 2 * HOUR - 4 * MINUTE)));
  await promote(db, p, builds.b1, clock.ago(5 * DAY + 20 * HOUR), clock.ago(5 * DAY + 20 * HOUR - 5 * MINUTE));
  await deploy(db, p, deployment(p, builds.b2, "testing", clock.ago(4 * DAY + 3 * HOUR), clock.ago(4 * DAY + 3 * HOUR - 4 * MINUTE)));
  await promote(db, p, builds.b2, clock.ago(4 * DAY), clock.ago(4 * DAY - 6 * MINUTE));
  await deploy(
    db,
    p,
    deployment(p, builds.b3, "testing", clock.ago(2 * DAY + 5 * HOUR), clock.ago(2 * DAY + 5 * HOUR - 7 * MINUTE), "fail", "GET /api/health answered 500 for 60 s"),
  );
  await deploy(db, p, deployment(p, builds.b3, "testing", clock.ago(2 * DAY + 3 * HOUR), clock.ago(2 * DAY + 3 * HOUR - 5 * MINUTE)));
  await promote(db, p, builds.b3, clock.ago(1 * DAY + 22 * HOUR), clock.ago(1 * DAY + 22 * HOUR - 5 * MINUTE));
  await deploy(db, p, deployment(p, builds.b4, "testing", clock.ago(5 * HOUR + 20 * MINUTE), clock.ago(5 * HOUR + 16 * MINUTE)));

  // The live Stripe key was rotated after prod's current deployment: prod runs the old key (stale).
  await writeSecret(
    db,
    { product: p, name: "web-shop-prod-stripe", bindingKey: "STRIPE_SECRET_KEY", instance: "prod", description: "Stripe live key" },
    "operator:demo",
  );
  await recordAudit(db, {
    actor: OPERATOR,
    actorRole: "admin",
    action: "managed_secret.write",
    product: p.product,
    context: p.context,
    instance: "prod",
    targetType: "managed_secret",
    targetId: expectedSecretId({ integration: "runtime_environment", name: "web-shop-prod-stripe", context: p.context, instance: "prod" }),
    detail: { binding_key: "STRIPE_SECRET_KEY", action: "rotated", reason: "Scheduled quarterly rotation" },
  });

  await seedWebShopPreviews(db, clock);
}

async function seedWebShopPreviews(db: Database, clock: Clock): Promise<void> {
  const repo = "web-shop";
  const generation = async (
    pr: number,
    head: string,
    state: PreviewGenerationState,
    requestedAt: string,
    doneAt: string | null,
    failure?: string,
  ) => {
    const prUrl = `https://github.com/${WEB_SHOP.repository}/pull/${pr}`;
    const headSha = commit(`${repo}:pr-${pr}:${head}`);
    const finished = doneAt ?? "";
    const status = state === "ready" ? "pass" : state === "failed" ? "fail" : "pending";
    const request = PreviewGenerationEvidenceRequestFields.parse({
      product: WEB_SHOP.product,
      preview: {
        context: WEB_SHOP_PREVIEW_CONTEXT,
        anchor_repo: repo,
        anchor_pr_number: pr,
        anchor_pr_url: prUrl,
        canonical_url: `https://pr-${pr}.preview.shop.acme.example`,
        created_at: requestedAt,
        updated_at: finished || requestedAt,
        eligible_at: requestedAt,
      },
      generation: {
        context: WEB_SHOP_PREVIEW_CONTEXT,
        anchor_repo: repo,
        anchor_pr_number: pr,
        anchor_pr_url: prUrl,
        anchor_head_sha: headSha,
        state,
        requested_reason: "pull_request_synchronize",
        requested_at: requestedAt,
        started_at: requestedAt,
        ...(state === "ready" ? { ready_at: finished, finished_at: finished } : {}),
        ...(state === "failed" ? { failed_at: finished, finished_at: finished, failure_stage: "verify", failure_summary: failure ?? "" } : {}),
        resolved_manifest_fingerprint: `sha256:${createHash("sha256").update(`${pr}:${headSha}`).digest("hex").slice(0, 32)}`,
        artifact_id: `${WEB_SHOP.image}:pr-${pr}-${headSha.slice(0, 7)}`,
        deploy_status: state === "failed" ? "pass" : status,
        verify_status: status,
        overall_health_status: status,
      },
    });
    await ingestPreviewGenerationEvidence(db, request);
  };

  // #205: reviewed, merged and torn down three days ago.
  await generation(205, "a", "ready", clock.ago(5 * DAY + 4 * HOUR), clock.ago(5 * DAY + 3 * HOUR + 50 * MINUTE));
  await ingestPreviewDestroyedEvidence(db, {
    product: WEB_SHOP.product,
    destroy: PreviewDestroyMutationRequest.parse({
      context: WEB_SHOP_PREVIEW_CONTEXT,
      anchor_repo: repo,
      anchor_pr_number: 205,
      destroyed_at: clock.ago(3 * DAY + 1 * HOUR),
      destroy_reason: "pull_request_merged",
    }),
  });
  // #214: two healthy generations.
  await generation(214, "a", "ready", clock.ago(1 * DAY + 6 * HOUR), clock.ago(1 * DAY + 5 * HOUR + 49 * MINUTE));
  await generation(214, "b", "ready", clock.ago(6 * HOUR), clock.ago(5 * HOUR + 51 * MINUTE));
  // #219: the newest push failed verification; the first generation keeps serving.
  await generation(219, "a", "ready", clock.ago(20 * HOUR), clock.ago(19 * HOUR + 48 * MINUTE));
  await generation(219, "b", "failed", clock.ago(2 * HOUR), clock.ago(1 * HOUR + 52 * MINUTE), "GET /api/health answered 502 after deploy");
  // #221: just pushed, still deploying.
  await generation(221, "a", "deploying", clock.ago(4 * MINUTE), null);
}

async function seedBillingApi(db: Database, clock: Clock, profile: unknown): Promise<void> {
  const p = BILLING_API;
  await upsertProductProfile(db, profile);
  await recordAudit(db, {
    actor: OPERATOR,
    actorRole: "admin",
    action: "product_profile.write",
    product: p.product,
    context: "launchplane",
    targetType: "product_profile",
    targetId: p.product,
    detail: { action: "created", lanes: ["testing", "prod"], reason: "Onboard the billing service" },
  });
  for (const spec of [
    { product: p, name: "billing-testing-database", bindingKey: "DATABASE_URL", instance: "testing" as const, description: "Testing database" },
    { product: p, name: "billing-prod-database", bindingKey: "DATABASE_URL", instance: "prod" as const, description: "Production database" },
    { product: p, name: "billing-prod-webhook-signing", bindingKey: "WEBHOOK_SIGNING_KEY", instance: "prod" as const, description: "Payment provider webhook signing key" },
  ]) {
    await writeSecret(db, spec, "operator:demo");
  }

  // Builds from before CI posted artifact manifests: v1.8.0 never got one.
  const legacy = build(p, "v1.8.0", clock.ago(8 * DAY));
  const current = build(p, "v1.9.0", clock.ago(1 * DAY + 3 * HOUR));
  const candidate = build(p, "v1.10.0", clock.ago(3 * HOUR));
  await ingestArtifactEvidence(db, { product: p.product, artifact: current.manifest });
  await ingestArtifactEvidence(db, { product: p.product, artifact: candidate.manifest });

  await deploy(db, p, deployment(p, legacy, "testing", clock.ago(8 * DAY), clock.ago(8 * DAY - 3 * MINUTE)));
  // Prod runs v1.8.0 without a manifest: no release tuple (manifest missing).
  await promote(db, p, legacy, clock.ago(7 * DAY + 2 * HOUR), clock.ago(7 * DAY + 2 * HOUR - 4 * MINUTE), {
    backupAt: clock.ago(7 * DAY + 2 * HOUR + 10 * MINUTE),
  });
  await deploy(db, p, deployment(p, current, "testing", clock.ago(1 * DAY + 3 * HOUR), clock.ago(1 * DAY + 3 * HOUR - 4 * MINUTE)));
  await deploy(
    db,
    p,
    deployment(p, candidate, "testing", clock.ago(3 * HOUR), clock.ago(3 * HOUR - 6 * MINUTE), "fail", "migration 0042_invoice_currency failed: column already exists"),
  );

  // The webhook key leaked in a support ticket; an operator disabled it pending rotation.
  const webhookSecretId = expectedSecretId({ integration: "runtime_environment", name: "billing-prod-webhook-signing", context: p.context, instance: "prod" });
  const reason = "Exposed in support ticket #4821; rotate with the payment provider before re-enabling";
  await inTransaction(db, async (tx) => {
    await disableManagedSecret(tx, { secret_id: webhookSecretId, actor: "operator:demo", reason, product: p.product });
    await recordAudit(tx, {
      actor: OPERATOR,
      actorRole: "admin",
      action: "managed_secret.disable",
      product: p.product,
      context: p.context,
      instance: "prod",
      targetType: "managed_secret",
      targetId: webhookSecretId,
      detail: { binding_key: "WEBHOOK_SIGNING_KEY", reason },
    });
  });

  // Later the profile started to require SENTRY_DSN on prod, which nobody has bound yet (missing).
  const withSentry = profile as { expected_config: { managed_secret_bindings: unknown[] }; updated_at: string };
  await upsertProductProfile(db, {
    ...withSentry,
    expected_config: {
      managed_secret_bindings: [
        ...withSentry.expected_config.managed_secret_bindings,
        { binding_key: "SENTRY_DSN", context: p.context, instance: "prod" },
      ],
    },
    updated_at: clock.ago(2 * DAY),
  });
  await recordAudit(db, {
    actor: OPERATOR,
    actorRole: "admin",
    action: "product_profile.write",
    product: p.product,
    context: "launchplane",
    targetType: "product_profile",
    targetId: p.product,
    detail: { action: "updated", changed: ["expected_config.managed_secret_bindings"], reason: "Require error reporting on prod" },
  });
}

async function seedAcmeErp(db: Database, clock: Clock, profile: unknown): Promise<void> {
  const p = ACME_ERP;
  await upsertProductProfile(db, profile);
  for (const spec of [
    { product: p, name: "acme-erp-db-password", bindingKey: "ODOO_DB_PASSWORD", description: "PostgreSQL role password" },
    { product: p, name: "acme-erp-testing-admin", bindingKey: "ODOO_ADMIN_PASSWORD", instance: "testing" as const, description: "Odoo master password (testing)" },
    { product: p, name: "acme-erp-prod-admin", bindingKey: "ODOO_ADMIN_PASSWORD", instance: "prod" as const, description: "Odoo master password (prod)" },
    { product: p, name: "acme-erp-prod-smtp", bindingKey: "SMTP_PASSWORD", instance: "prod" as const, description: "Outgoing mail relay" },
  ]) {
    await writeSecret(db, spec, "operator:demo");
  }

  const builds = {
    b1: build(p, "18.0.2026.11.1", clock.ago(6 * DAY + 5 * HOUR)),
    b2: build(p, "18.0.2026.11.2", clock.ago(3 * DAY + 4 * HOUR)),
    b3: build(p, "18.0.2026.11.3", clock.ago(8 * HOUR)),
  };
  for (const built of Object.values(builds)) await ingestArtifactEvidence(db, { product: p.product, artifact: built.manifest });

  await deploy(db, p, deployment(p, builds.b1, "testing", clock.ago(6 * DAY + 5 * HOUR), clock.ago(6 * DAY + 5 * HOUR - 9 * MINUTE)));
  await promote(db, p, builds.b1, clock.ago(5 * DAY + 1 * HOUR), clock.ago(5 * DAY + 1 * HOUR - 12 * MINUTE), {
    backupAt: clock.ago(5 * DAY + 1 * HOUR + 15 * MINUTE),
  });
  await deploy(db, p, deployment(p, builds.b2, "testing", clock.ago(3 * DAY + 4 * HOUR), clock.ago(3 * DAY + 4 * HOUR - 10 * MINUTE)));
  // The first backup before promoting b2 failed, so the promotion waited for a passing one.
  await ingestBackupGateEvidence(db, { product: p.product, backup_gate: backupGate(p, clock.ago(2 * DAY + 3 * HOUR), "fail") });
  await promote(db, p, builds.b2, clock.ago(2 * DAY + 1 * HOUR), clock.ago(2 * DAY + 1 * HOUR - 11 * MINUTE), {
    backupAt: clock.ago(2 * DAY + 1 * HOUR + 20 * MINUTE),
  });
  await deploy(db, p, deployment(p, builds.b3, "testing", clock.ago(8 * HOUR), clock.ago(8 * HOUR - 9 * MINUTE)));
}

// ---------------------------------------------------------------------------
// Lane health: observations over time, one resolved and one open incident.
// ---------------------------------------------------------------------------

async function observe(
  db: Database,
  product: DemoProduct,
  instance: "testing" | "prod",
  observedAt: string,
  status: "pass" | "fail",
  failure?: { code: "health_status_error" | "connection_timeout"; httpStatus: number | null; summary: string },
) {
  const healthUrl = `${product.urls[instance]}${product.healthPath}`;
  const summary = status === "pass" ? "HTTP 200 in 84 ms" : (failure?.summary ?? "failed");
  const failureCode = status === "fail" ? (failure?.code ?? "unknown_error") : null;
  await ingestPublicIngressObservation(db, {
    product: product.product,
    observation: {
      record_id: buildPublicIngressObservationId({
        product: product.product,
        context: product.context,
        instance,
        observed_at: observedAt,
        check_name: "public-ingress",
      }),
      product: product.product,
      repository: product.repository,
      driver_id: product.driver,
      context: product.context,
      instance,
      check_name: "public-ingress",
      check_kind: "public_http",
      observed_at: observedAt,
      status,
      failure_code: failureCode,
      base_url: product.urls[instance],
      health_url: healthUrl,
      targets: [
        {
          target: "health_url",
          url: healthUrl,
          status,
          failure_code: failureCode,
          http_status: status === "pass" ? 200 : (failure?.httpStatus ?? null),
          summary,
        },
      ],
      summary,
    },
  });
}

async function seedLaneHealth(db: Database, clock: Clock): Promise<void> {
  // Web Shop prod: an outage two days ago, resolved after twenty minutes.
  const outage = 2 * DAY + 7 * HOUR;
  await observe(db, WEB_SHOP, "prod", clock.ago(outage + 10 * MINUTE), "pass");
  for (const minutes of [0, 5, 10, 15]) {
    await observe(db, WEB_SHOP, "prod", clock.ago(outage - minutes * MINUTE), "fail", {
      code: "connection_timeout",
      httpStatus: null,
      summary: "No response within 10 s",
    });
  }
  await observe(db, WEB_SHOP, "prod", clock.ago(outage - 20 * MINUTE), "pass");

  // Billing API prod: failing since 25 minutes ago and still open.
  for (const minutes of [60, 45, 30]) await observe(db, BILLING_API, "prod", clock.ago(minutes * MINUTE), "pass");
  for (const minutes of [25, 20, 15, 10, 5, 1]) {
    await observe(db, BILLING_API, "prod", clock.ago(minutes * MINUTE), "fail", {
      code: "health_status_error",
      httpStatus: 503,
      summary: "HTTP 503: upstream connect error",
    });
  }

  // Everything else is healthy right now.
  for (const [product, instance] of [
    [WEB_SHOP, "testing"],
    [WEB_SHOP, "prod"],
    [BILLING_API, "testing"],
    [ACME_ERP, "testing"],
    [ACME_ERP, "prod"],
  ] as const) {
    for (const minutes of [12, 2]) await observe(db, product, instance, clock.ago(minutes * MINUTE), "pass");
  }
}

// ---------------------------------------------------------------------------
// Entry point.
// ---------------------------------------------------------------------------

/**
 * Seeds the demonstration data into the database at `databaseUrl` when it
 * holds no product profile. Returns whether it seeded. Needs
 * LAUNCHPLANE_MASTER_ENCRYPTION_KEY (the managed secrets are encrypted).
 */
export async function seedDemoIfEmpty(databaseUrl: string, options: SeedDemoOptions = {}): Promise<boolean> {
  const db = createDatabase(databaseUrl, 1);
  const previousLevel = logger.level;
  // Seeding narrates through the services' info logs; only problems matter here.
  logger.level = "warn";
  try {
    if ((await listProductProfiles(db, { take: 1 })).length > 0) return false;
    options.onSeedingStarted?.();
    const clock = clockAt(options.now ?? new Date());
    const { webShop, billingApi, acmeErp } = profiles(clock);
    await seedPolicy(db, options.dataDir ?? join(tmpdir(), "launchplane-demo"));
    await seedWebShop(db, clock, webShop);
    await seedBillingApi(db, clock, billingApi);
    await seedAcmeErp(db, clock, acmeErp);
    await seedLaneHealth(db, clock);
    return true;
  } finally {
    logger.level = previousLevel;
    await db.$disconnect();
  }
}

/** Display names of the seeded products, as the console lists them. */
export const DEMO_PRODUCT_NAMES = ["Web Shop", "Billing API", "Acme ERP (Odoo)"] as const;
