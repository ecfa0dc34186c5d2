import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "next-auth";
import { beforeAll, describe, expect, it } from "vitest";
import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { PreviewGenerationEvidenceRequestFields } from "@/server/contracts/preview-generation";
import { ProductProfileRecord } from "@/server/contracts/product-profile";
import { RuntimeEnvironmentRecord } from "@/server/contracts/runtime-environment";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { runtimeEnvironmentRepository } from "@/server/repositories/runtime-environment-repository";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { seedAuthzPolicyFromFile } from "@/server/services/authz-policy";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { writeManagedSecret } from "@/server/services/managed-secrets";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { createContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { uniqueProduct } from "../../support/database";
import { useIsolatedTestDb } from "../../support/isolated-database";
import { expectNoSecretMaterial, uniquePlaintext, withMasterKey } from "../config/config-fixtures";

/*
 * Scope checks of the workspace, lane, preview and search procedures: an
 * operator scoped to one product reaches none of another product's records
 * through any of them (403/404, never data), and a context-scoped operator
 * sees only the lanes of their contexts. The active policy is global, so
 * this file has a database of its own.
 */
const { db } = useIsolatedTestDb("console_workspace");
withMasterKey();

const alpha = uniqueProduct("alpha");
const beta = uniqueProduct("beta");
const gamma = uniqueProduct("gamma");
const gammaTesting = `${gamma}-testing`;
const gammaProd = `${gamma}-prod`;
const alphaPreviewContext = `${alpha}-preview`;
const betaPreviewContext = `${beta}-preview`;

const POLICY = {
  schema_version: 1,
  github_humans: [
    { logins: ["root"], roles: ["admin"] },
    { organizations: ["alpha-team"], roles: ["read_only"], products: [alpha], actions: ["product.read"] },
    { organizations: ["beta-team"], roles: ["read_only"], products: [beta], actions: ["product.read"] },
    { organizations: ["gamma-testers"], roles: ["read_only"], products: [gamma], contexts: [gammaTesting], actions: ["product.read"] },
  ],
};

const SECRET_VALUE = uniquePlaintext("alpha-database");
const RUNTIME_VALUE = uniquePlaintext("alpha-runtime");

function sha(label: string): string {
  return createHash("sha1").update(label).digest("hex");
}

function digest(label: string): string {
  return `sha256:${createHash("sha256").update(label).digest("hex")}`;
}

function profile(product: string, lanes: Array<{ instance: string; context: string }>, previewContext?: string) {
  return ProductProfileRecord.parse({
    product,
    display_name: `Product ${product}`,
    repository: `acme/${product}`,
    driver_id: "generic-web",
    image: { repository: `ghcr.io/acme/${product}` },
    runtime_port: 3000,
    health_path: "/healthz",
    lanes: lanes.map((lane) => ({ ...lane, base_url: `https://${lane.instance}.${product}.example.test` })),
    preview: previewContext ? { enabled: true, context: previewContext, slug_template: "pr-{number}" } : { enabled: false },
    expected_config: {
      runtime_environment_keys: [{ key: "LOG_LEVEL" }],
      managed_secret_bindings: [{ binding_key: "DATABASE_URL" }],
    },
    updated_at: "2026-11-20T10:00:00Z",
    source: "test",
  });
}

function manifest(product: string, label: string) {
  const commit = sha(`${product}:${label}`);
  return ArtifactIdentityManifest.parse({
    artifact_id: `artifact-${product}-${label}`,
    source_commit: commit,
    enterprise_base_digest: "",
    image: { repository: `ghcr.io/acme/${product}`, digest: digest(`${product}:${label}`), tags: [label] },
  });
}

function deployment(product: string, context: string, instance: string, artifactId: string, commit: string, at: string) {
  return DeploymentRecord.parse({
    record_id: `deployment-${product}-${instance}-${at.replace(/[^0-9]/g, "")}`,
    artifact_identity: { artifact_id: artifactId },
    context,
    instance,
    source_git_ref: commit,
    deploy: {
      target_name: `${context}-${instance}`,
      target_type: "application",
      deploy_mode: "dokploy-application-api",
      status: "pass",
      started_at: at,
      finished_at: at,
    },
    destination_health: { verified: true, urls: [`https://${instance}.${product}.example.test/healthz`], timeout_seconds: 30, status: "pass" },
  });
}

async function deploy(product: string, context: string, instance: string, build: ArtifactIdentityManifest, at: string) {
  await ingestDeploymentEvidence(db(), {
    product,
    deployment: deployment(product, context, instance, build.artifact_id, build.source_commit, at),
  });
}

async function preview(product: string, context: string, pr: number) {
  const prUrl = `https://github.com/acme/${product}/pull/${pr}`;
  const request = PreviewGenerationEvidenceRequestFields.parse({
    product,
    preview: { context, anchor_repo: product, anchor_pr_number: pr, anchor_pr_url: prUrl, canonical_url: `https://pr-${pr}.${product}.example.test`,
      created_at: "2026-11-25T09:00:00Z",
      updated_at: "2026-11-25T09:05:00Z",
      eligible_at: "2026-11-25T09:00:00Z",
    },
    generation: {
      context,
      anchor_repo: product,
      anchor_pr_number: pr,
      anchor_pr_url: prUrl,
      anchor_head_sha: sha(`${product}:pr-${pr}`),
      state: "ready",
      requested_reason: "pull_request_synchronize",
      requested_at: "2026-11-25T09:00:00Z",
      ready_at: "2026-11-25T09:05:00Z",
      finished_at: "2026-11-25T09:05:00Z",
      resolved_manifest_fingerprint: `sha256:${sha(`${product}:${pr}`)}`,
      artifact_id: `ghcr.io/acme/${product}:pr-${pr}`,
      deploy_status: "pass",
      verify_status: "pass",
      overall_health_status: "pass",
    },
  });
  const result = await ingestPreviewGenerationEvidence(db(), request);
  return result.records.preview_id;
}

function session(login: string, organizations: string[] = []): Session {
  return {
    expires: new Date(Date.now() + 3600_000).toISOString(),
    operator: { login, organizations, teams: [], provider: "github" },
  };
}

function caller(who: Session | null) {
  return createCaller(createContext({ headers: new Headers(), session: who, source: "server", database: db }));
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error("expected a rejection");
}

const ids = { alphaPreview: "", betaPreview: "" };
const alphaBuilds = { old: manifest(alpha, "v1"), next: manifest(alpha, "v2") };
const betaBuild = manifest(beta, "v1");

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), "launchplane-workspace-test-")), "policy.json");
  writeFileSync(file, JSON.stringify(POLICY));
  expect((await seedAuthzPolicyFromFile(db(), file)).outcome).toBe("seeded");

  const profiles = productProfileRepository(db());
  await profiles.upsert(profile(alpha, [{ instance: "testing", context: alpha }, { instance: "prod", context: alpha }], alphaPreviewContext));
  await profiles.upsert(profile(beta, [{ instance: "testing", context: beta }, { instance: "prod", context: beta }], betaPreviewContext));
  await profiles.upsert(profile(gamma, [{ instance: "testing", context: gammaTesting }, { instance: "prod", context: gammaProd }]));

  // alpha: v1 runs in prod, v2 in testing; a passing backup gate protects prod.
  for (const build of Object.values(alphaBuilds)) await ingestArtifactEvidence(db(), { product: alpha, artifact: build });
  await deploy(alpha, alpha, "testing", alphaBuilds.old, "2026-11-24T08:00:00Z");
  await deploy(alpha, alpha, "prod", alphaBuilds.old, "2026-11-24T09:00:00Z");
  await deploy(alpha, alpha, "testing", alphaBuilds.next, "2026-11-25T08:00:00Z");
  await ingestBackupGateEvidence(db(), {
    product: alpha,
    backup_gate: BackupGateRecord.parse({
      record_id: `backup-${alpha}-prod`,
      context: alpha,
      instance: "prod",
      created_at: "2026-11-25T10:00:00Z",
      source: "prod-gate",
      required: true,
      status: "pass",
      evidence: { snapshot: `${alpha}-prod-snapshot` },
    }),
  });
  await writeManagedSecret(db(), {
    scope: "context",
    integration: "runtime_environment",
    name: `${alpha}-database`,
    context: alpha,
    plaintext: SECRET_VALUE,
    binding_key: "DATABASE_URL",
    actor: "operator:root",
    product: alpha,
  });
  await runtimeEnvironmentRepository(db()).upsert(
    RuntimeEnvironmentRecord.parse({ scope: "instance", context: alpha, instance: "testing", env: { LOG_LEVEL: RUNTIME_VALUE }, updated_at: "2026-11-25T07:00:00Z" }),
  );

  // beta: one deployment, one preview.
  await ingestArtifactEvidence(db(), { product: beta, artifact: betaBuild });
  await deploy(beta, beta, "testing", betaBuild, "2026-11-25T08:30:00Z");
  await deploy(gamma, gammaTesting, "testing", manifest(gamma, "v1"), "2026-11-25T08:40:00Z");
  await deploy(gamma, gammaProd, "prod", manifest(gamma, "v1"), "2026-11-25T08:50:00Z");

  ids.alphaPreview = await preview(alpha, alphaPreviewContext, 11);
  ids.betaPreview = await preview(beta, betaPreviewContext, 22);
});

describe("workspace procedures", () => {
  const alphaOperator = () => caller(session("ada", ["alpha-team"]));

  it("refuse a signed-out caller on every procedure", async () => {
    const anonymous = caller(null);
    for (const call of [
      anonymous.workspace.get({ product: alpha }),
      anonymous.lanes.get({ product: alpha, instance: "testing" }),
      anonymous.lanes.timeline({ product: alpha, instance: "testing" }),
      anonymous.previews.get({ product: alpha, previewId: ids.alphaPreview }),
      anonymous.search.query({ text: alpha }),
      anonymous.products.overview(),
    ]) {
      expect((await rejection(call)).code).toBe("UNAUTHORIZED");
    }
  });

  it("show an operator their product's workspace: lanes as a pipeline, the promotion gate, differences, previews", async () => {
    const workspace = await alphaOperator().workspace.get({ product: alpha });
    expect(workspace.product).toMatchObject({ product: alpha, repository: `acme/${alpha}`, repository_url: `https://github.com/acme/${alpha}` });
    expect(workspace.lanes.map((lane) => lane.instance)).toEqual(["testing", "prod"]);
    expect(workspace.hidden_lane_count).toBe(0);

    const [testing, prod] = workspace.lanes;
    expect(testing!.artifact).toMatchObject({ artifact_id: alphaBuilds.next.artifact_id, image_digest: alphaBuilds.next.image.digest, manifest_stored: true });
    expect(testing!.release_tuple.state).toBe("current");
    expect(testing!.release_tuple.repos).toEqual([
      {
        repo: `tenant-${alpha}`,
        sha: alphaBuilds.next.source_commit,
        repository: `acme/${alpha}`,
        commit_url: `https://github.com/acme/${alpha}/commit/${alphaBuilds.next.source_commit}`,
      },
    ]);
    expect(prod!.latest_backup_gate).toMatchObject({ record_id: `backup-${alpha}-prod`, status: "pass" });

    // Promoting testing's v2 now passes every check.
    expect(workspace.promotion).toMatchObject({ from_instance: "testing", to_instance: "prod", artifact_id: alphaBuilds.next.artifact_id, allowed: true });
    expect(workspace.promotion!.checks.map((check) => [check.id, check.passed])).toEqual([
      ["distinct_instances", true],
      ["artifact_manifest", true],
      ["source_release_tuple", true],
      ["backup_gate_record", true],
      ["backup_gate_context", true],
      ["backup_gate_instance", true],
      ["backup_gate_required", true],
      ["backup_gate_status", true],
      ["backup_gate_evidence", true],
    ]);

    expect(workspace.differences!.artifact).toEqual({ from: alphaBuilds.next.artifact_id, to: alphaBuilds.old.artifact_id, same: false });
    expect(workspace.differences!.repos).toEqual([
      { repo: `tenant-${alpha}`, from: alphaBuilds.next.source_commit, to: alphaBuilds.old.source_commit, same: false },
    ]);
    // LOG_LEVEL is held for testing only; DATABASE_URL is bound context-wide, so both lanes have it.
    expect(workspace.differences!.config).toEqual([
      { key: "LOG_LEVEL", kind: "runtime_key", from: "configured", to: "missing", same: false },
      { key: "DATABASE_URL", kind: "secret_binding", from: "stale", to: "stale", same: true },
    ]);

    expect(workspace.previews.items.map((item) => item.preview_id)).toEqual([ids.alphaPreview]);
    expect(workspace.previews.items[0]).toMatchObject({ anchor_pr_number: 11, state: "active", serving_sequence: 1 });
  });

  it("never send secret values or runtime values, only key names and statuses", async () => {
    const admin = caller(session("root"));
    const workspace = await admin.workspace.get({ product: alpha });
    const lane = await admin.lanes.get({ product: alpha, instance: "testing" });
    expectNoSecretMaterial(workspace, [SECRET_VALUE, RUNTIME_VALUE], "workspace.get");
    expectNoSecretMaterial(lane, [SECRET_VALUE, RUNTIME_VALUE], "lanes.get");
    expect(lane.lane.config.items.map((item) => [item.kind, item.key, item.status])).toEqual([
      ["runtime_key", "LOG_LEVEL", "configured"],
      ["secret_binding", "DATABASE_URL", "stale"],
    ]);
  });

  it("refuse another product's workspace, lanes and timeline (403) and unknown ones (404)", async () => {
    const operator = alphaOperator();
    expect(await rejection(operator.workspace.get({ product: beta }))).toEqual({
      code: "FORBIDDEN",
      message: `product.read does not allow reading the workspace of product '${beta}' in any of its contexts.`,
    });
    expect((await rejection(operator.lanes.get({ product: beta, instance: "testing" }))).code).toBe("FORBIDDEN");
    expect((await rejection(operator.lanes.timeline({ product: beta, instance: "testing" }))).code).toBe("FORBIDDEN");
    expect(await rejection(operator.workspace.get({ product: `${alpha}-missing` }))).toEqual({
      code: "NOT_FOUND",
      message: `Product '${alpha}-missing' was not found.`,
    });
    expect((await rejection(operator.lanes.get({ product: alpha, instance: "staging" }))).code).toBe("NOT_FOUND");
  });

  it("answer a preview of another product with 404 through one's own product, 403 through its own", async () => {
    const operator = alphaOperator();
    expect(await rejection(operator.previews.get({ product: alpha, previewId: ids.betaPreview }))).toEqual({
      code: "NOT_FOUND",
      message: `Product '${alpha}' has no preview '${ids.betaPreview}'.`,
    });
    expect((await rejection(operator.previews.get({ product: beta, previewId: ids.betaPreview }))).code).toBe("FORBIDDEN");
    const own = await operator.previews.get({ product: alpha, previewId: ids.alphaPreview });
    expect(own).toMatchObject({ preview_id: ids.alphaPreview, product: alpha, anchor_pr_number: 11, serving_sequence: 1 });
    expect(own.generations.map((generation) => [generation.sequence, generation.state, generation.serving])).toEqual([[1, "ready", true]]);
    expect(own.generations[0]!.head_commit_url).toBe(`https://github.com/acme/${alpha}/commit/${sha(`${alpha}:pr-11`)}`);
  });

  it("list only the operator's own records in a lane's history", async () => {
    const page = await alphaOperator().lanes.timeline({ product: alpha, instance: "testing" });
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((item) => item.context))).toEqual(new Set([alpha]));
    expect(page.items.filter((item) => item.event_type === "deployment").map((item) => item.event_id)).toEqual([
      "deployment:deployment-" + `${alpha}-testing-20261125080000`,
      "deployment:deployment-" + `${alpha}-testing-20261124080000`,
    ]);

    // Filtered by kind and paged with the cursor: every item once, in order.
    const first = await alphaOperator().lanes.timeline({ product: alpha, instance: "testing", kinds: ["deployment"], limit: 1 });
    expect(first.items.map((item) => item.event_type)).toEqual(["deployment"]);
    const second = await alphaOperator().lanes.timeline({ product: alpha, instance: "testing", kinds: ["deployment"], limit: 1, cursor: first.next_cursor });
    expect(second.items.map((item) => item.event_id)).toEqual([`deployment:deployment-${alpha}-testing-20261124080000`]);
    expect(second.next_cursor).toBeNull();
  });

  it("search only what the operator may read", async () => {
    const operator = alphaOperator();
    const everything = await operator.search.query({ text: "product" });
    expect(everything.products.map((item) => item.product)).toEqual([alpha]);
    expect(everything.lanes.map((lane) => `${lane.product}/${lane.instance}`)).toEqual([`${alpha}/testing`, `${alpha}/prod`]);

    // beta's preview PR number and id find nothing; alpha's find alpha's.
    expect((await operator.search.query({ text: "22" })).previews).toEqual([]);
    expect((await operator.search.query({ text: ids.betaPreview })).previews).toEqual([]);
    expect((await operator.search.query({ text: beta })).products).toEqual([]);
    expect((await operator.search.query({ text: "#11" })).previews.map((item) => item.preview_id)).toEqual([ids.alphaPreview]);

    const admin = await caller(session("root")).search.query({ text: "22" });
    expect(admin.previews.map((item) => item.preview_id)).toEqual([ids.betaPreview]);
  });

  it("list only readable products, with their lanes' health and previews count", async () => {
    const page = await alphaOperator().products.overview();
    expect(page.items.map((item) => item.product)).toEqual([alpha]);
    expect(page.items[0]).toMatchObject({
      open_incident_count: 0,
      preview: { enabled: true, active_count: 1 },
      lanes: [
        { instance: "testing", artifact_id: alphaBuilds.next.artifact_id, health: "unknown", open_incident_count: 0 },
        { instance: "prod", artifact_id: alphaBuilds.old.artifact_id, health: "unknown", open_incident_count: 0 },
      ],
    });
    expect((await alphaOperator().products.list()).map((item) => item.product)).toEqual([alpha]);
  });

  it("show a context-scoped operator only the lanes of their contexts", async () => {
    const tester = caller(session("tess", ["gamma-testers"]));
    const workspace = await tester.workspace.get({ product: gamma });
    expect(workspace.lanes.map((lane) => lane.context)).toEqual([gammaTesting]);
    expect(workspace.hidden_lane_count).toBe(1);
    expect(workspace.promotion).toBeNull();
    expect(workspace.differences).toBeNull();
    expect(await rejection(tester.lanes.get({ product: gamma, instance: "prod" }))).toEqual({
      code: "FORBIDDEN",
      message: `product.read does not allow reading lane prod of product '${gamma}'.`,
    });
    expect((await rejection(tester.lanes.timeline({ product: gamma, instance: "prod" }))).code).toBe("FORBIDDEN");
    expect((await tester.lanes.get({ product: gamma, instance: "testing" })).lane.context).toBe(gammaTesting);
    expect((await tester.search.query({ text: gamma })).lanes.map((lane) => lane.instance)).toEqual(["testing"]);
    const overview = await tester.products.overview();
    expect(overview.items.map((item) => [item.product, item.lanes.map((lane) => lane.instance)])).toEqual([[gamma, ["testing"]]]);
  });
});
