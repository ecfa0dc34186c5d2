import { randomBytes } from "node:crypto";
import { previewEnablementRecordId } from "@/server/contracts/preview-enablement";
import { buildPreviewInventoryScanId } from "@/server/contracts/preview-inventory-scan";
import { buildPublicIngressObservationId } from "@/server/contracts/public-ingress-observation";
import { v1Catalog, type V1Catalog, type V1GetSpec, type V1PostSpec } from "@/server/http/v1-catalog";

/**
 * A valid request body for every POST route of the /v1 catalog, with fresh
 * record ids on each call, so tests can iterate the catalog. Shapes follow
 * the upstream service fixtures the contract tests use. Each builder takes
 * the product and context the body should act on (authorization scope).
 */
export type Json = Record<string, unknown>;

/** The catalog keys of POST routes; a new POST route fails type checking here until it has a builder. */
export type PostRouteName = { [K in keyof V1Catalog]: V1Catalog[K]["method"] extends "post" ? K : never }[keyof V1Catalog];

export interface BodyScope {
  product: string;
  context: string;
}

let sequence = 0;

/** A name no other call, file or run uses: `<prefix>-<random>-<n>`. */
export function uniqueName(prefix = "v1"): string {
  sequence += 1;
  return `${prefix}-${randomBytes(4).toString("hex")}-${sequence}`;
}

/** A product of its own and a context derived from it. */
export function uniqueScope(prefix = "v1p"): BodyScope {
  const product = uniqueName(prefix);
  return { product, context: `${product}-ctx` };
}

const SHA = "6b3c9d7e8f901234567890abcdef1234567890ab";
const STARTED = "2026-04-20T15:30:00Z";
const FINISHED = "2026-04-20T15:32:10Z";

/** A distinct ISO timestamp per call (ids derived from timestamps stay unique). */
function uniqueTimestamp(): string {
  sequence += 1;
  const base = Date.UTC(2026, 3, 20, 12, 0, 0) + (Date.now() % 86_400_000) * 1000 + sequence * 1000;
  return new Date(base).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function pullRequest() {
  const number = 1 + Math.floor(Math.random() * 90_000);
  const repo = "tenant-app";
  return { repo, number, url: `https://github.com/every/${repo}/pull/${number}` };
}

const health = (instance: string) => ({
  verified: true,
  urls: [`https://${instance}.example.com/web/health`],
  timeout_seconds: 45,
  status: "pass",
});

export interface DeploymentOptions extends Partial<BodyScope> {
  recordId?: string;
  instance?: string;
  artifactId?: string;
  status?: "pass" | "fail";
}

export function deploymentBody(options: DeploymentOptions = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const instance = options.instance ?? "testing";
  const status = options.status ?? "pass";
  return {
    product: scope.product,
    deployment: {
      record_id: options.recordId ?? uniqueName("deployment"),
      artifact_identity: { artifact_id: options.artifactId ?? uniqueName("artifact") },
      context: scope.context,
      instance,
      source_git_ref: SHA,
      resolved_target: { target_type: "compose", target_id: "compose-123", target_name: `${scope.context}-${instance}` },
      deploy: {
        target_name: `${scope.context}-${instance}`,
        target_type: "compose",
        deploy_mode: "dokploy-compose-api",
        deployment_id: "delegated-compose-ship",
        status,
        started_at: STARTED,
        finished_at: FINISHED,
      },
      post_deploy_update: { attempted: true, status, detail: "Update completed." },
      destination_health: { ...health(instance), status },
    },
  };
}

export function promotionBody(options: Partial<BodyScope> & { recordId?: string } = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  return {
    product: scope.product,
    promotion: {
      record_id: options.recordId ?? uniqueName("promotion"),
      artifact_identity: { artifact_id: uniqueName("artifact") },
      deployment_record_id: "",
      backup_record_id: uniqueName("backup"),
      context: scope.context,
      from_instance: "testing",
      to_instance: "prod",
      backup_gate: { required: true, status: "pass", evidence: { recorded_by: "launchplane-service" } },
      deploy: {
        target_name: `${scope.context}-prod`,
        target_type: "compose",
        deploy_mode: "dokploy-compose-api",
        status: "pass",
        started_at: "2026-04-20T16:05:00Z",
        finished_at: "2026-04-20T16:08:30Z",
      },
      destination_health: health("prod"),
    },
  };
}

export function backupGateBody(options: Partial<BodyScope> & { recordId?: string } = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  return {
    product: scope.product,
    backup_gate: {
      record_id: options.recordId ?? uniqueName("backup-gate"),
      context: scope.context,
      instance: "prod",
      created_at: "2026-04-20T15:50:00Z",
      source: "prod-gate",
      required: true,
      status: "pass",
      evidence: { snapshot: `${scope.context}-prod-20260420T155000Z` },
    },
  };
}

/** Artifact manifests are product-wide: the context is not part of the body. */
export function artifactBody(options: Partial<BodyScope> & { artifactId?: string } = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const artifactId = options.artifactId ?? uniqueName("artifact");
  return {
    product: scope.product,
    artifact: {
      artifact_id: artifactId,
      source_commit: SHA,
      enterprise_base_digest: "sha256:base",
      addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: "def5678" }],
      image: { repository: "ghcr.io/cbusillo/odoo-private", digest: `sha256:${artifactId}`, tags: ["sha-6b3c9d7"] },
    },
  };
}

export interface PreviewOptions extends Partial<BodyScope> {
  repo?: string;
  pr?: number;
}

export function previewGenerationBody(options: PreviewOptions = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const pr = pullRequest();
  const repo = options.repo ?? pr.repo;
  const number = options.pr ?? pr.number;
  const url = `https://github.com/every/${repo}/pull/${number}`;
  const done = "2026-04-16T08:10:00Z";
  const anchor = { context: scope.context, anchor_repo: repo, anchor_pr_number: number, anchor_pr_url: url };
  return {
    product: scope.product,
    preview: { ...anchor, canonical_url: `https://pr-${number}.preview.example.com`, state: "active", updated_at: done, eligible_at: done },
    generation: {
      ...anchor,
      anchor_head_sha: SHA,
      state: "ready",
      requested_reason: "external_preview_refresh",
      requested_at: "2026-04-16T08:02:00Z",
      ready_at: done,
      finished_at: done,
      resolved_manifest_fingerprint: `manifest-pr-${number}-6b3c9d7`,
      artifact_id: `ghcr.io/every/app:pr-${number}-6b3c9d7`,
      deploy_status: "pass",
      verify_status: "pass",
      overall_health_status: "pass",
    },
  };
}

/** Needs an existing preview of the same context/repo/PR for a 202 (see previewGenerationBody). */
export function previewDestroyedBody(options: PreviewOptions = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const pr = pullRequest();
  return {
    product: scope.product,
    destroy: {
      context: scope.context,
      anchor_repo: options.repo ?? pr.repo,
      anchor_pr_number: options.pr ?? pr.number,
      destroyed_at: "2026-04-20T12:00:00Z",
      destroy_reason: "pull_request_closed",
    },
  };
}

export function previewEnablementBody(options: PreviewOptions = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const pr = pullRequest();
  const repo = options.repo ?? pr.repo;
  const number = options.pr ?? pr.number;
  return {
    product: scope.product,
    enablement: {
      record_id: previewEnablementRecordId(scope.context, repo, number),
      context: scope.context,
      anchor_repo: repo,
      anchor_pr_number: number,
      anchor_pr_url: `https://github.com/every/${repo}/pull/${number}`,
      anchor_head_sha: SHA,
      action: "labeled",
      pr_state: "open",
      updated_at: uniqueTimestamp(),
      label_enabled: true,
      action_label: "preview",
      request_metadata_status: "valid",
      request_metadata_baseline_channel: "testing",
    },
  };
}

export function previewInventoryScanBody(options: Partial<BodyScope> = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const scannedAt = uniqueTimestamp();
  return {
    product: scope.product,
    inventory_scan: {
      scan_id: buildPreviewInventoryScanId(scope.context, scannedAt),
      context: scope.context,
      scanned_at: scannedAt,
      source: "launchplane-preview-lifecycle",
      status: "pass",
      preview_count: 1,
      preview_slugs: ["pr-7"],
    },
  };
}

export function publicIngressObservationBody(options: Partial<BodyScope> = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const observedAt = uniqueTimestamp();
  const url = `https://${scope.product}.example.com/health`;
  return {
    product: scope.product,
    observation: {
      record_id: buildPublicIngressObservationId({ product: scope.product, context: scope.context, instance: "prod", observed_at: observedAt }),
      product: scope.product,
      repository: `example/${scope.product}`,
      driver_id: "generic-web",
      context: scope.context,
      instance: "prod",
      check_name: "public-ingress",
      check_kind: "public_http",
      observed_at: observedAt,
      status: "pass",
      failure_code: null,
      base_url: `https://${scope.product}.example.com`,
      health_url: url,
      targets: [{ target: "health_url", url, status: "pass", failure_code: null, http_status: 200, summary: "HTTP 200" }],
      summary: "HTTP 200",
    },
  };
}

/** A product profile is the body itself (upstream has no envelope); its lanes use the context. */
export function productProfileBody(options: Partial<BodyScope> = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  return {
    schema_version: 1,
    product: scope.product,
    display_name: `Product ${scope.product}`,
    repository: `every/${scope.product}`,
    driver_id: "generic-web",
    image: { repository: `ghcr.io/every/${scope.product}` },
    runtime_port: 3000,
    health_path: "/healthz",
    lanes: [
      {
        instance: "testing",
        context: scope.context,
        base_url: `https://testing.${scope.product}.example`,
        health_url: `https://testing.${scope.product}.example/healthz`,
      },
      { instance: "prod", context: scope.context, base_url: `https://${scope.product}.example`, health_url: `https://${scope.product}.example/healthz` },
    ],
    preview: { enabled: true, context: `${scope.context}-preview`, slug_template: "pr-{number}" },
    updated_at: uniqueTimestamp(),
    source: "v1-tests",
  };
}

export function previewDesiredStateBody(options: Partial<BodyScope> = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  return { product: scope.product, context: scope.context, repository: "every/tenant-app", anchor_repo: "tenant-app", max_pages: 1 };
}

export function previewLifecyclePlanBody(options: Partial<BodyScope> = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  return {
    product: scope.product,
    context: scope.context,
    desired_previews: [
      { preview_slug: "pr-7", anchor_repo: "tenant-app", anchor_pr_number: 7, anchor_pr_url: "https://github.com/every/tenant-app/pull/7", head_sha: SHA },
    ],
  };
}

/** apply=false (report only); needs a stored lifecycle plan named by `planId` for a 202. */
export function previewLifecycleCleanupBody(options: Partial<BodyScope> & { planId?: string } = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  return { product: scope.product, context: scope.context, plan_id: options.planId ?? uniqueName("preview-lifecycle-plan"), apply: false };
}

export function previewPrFeedbackBody(options: PreviewOptions & { dryRun?: boolean } = {}): Json {
  const scope = { ...uniqueScope(), ...options };
  const pr = pullRequest();
  const repo = options.repo ?? pr.repo;
  const number = options.pr ?? pr.number;
  return {
    product: scope.product,
    context: scope.context,
    repository: `every/${repo}`,
    anchor_repo: repo,
    anchor_pr_number: number,
    anchor_pr_url: `https://github.com/every/${repo}/pull/${number}`,
    status: "pending",
    dry_run: options.dryRun ?? false,
  };
}

/**
 * Grants are authorized on product and context `launchplane` whatever the
 * scope; the rule names a fresh repository, so applying it changes nothing
 * any other caller relies on.
 */
export function githubActionsGrantBody(options: { mode?: "apply" | "dry_run"; repository?: string } = {}): Json {
  return {
    product: "launchplane",
    mode: options.mode ?? "apply",
    reason: "v1 test grant",
    grant: { repository: options.repository ?? `launchplane-tests/${uniqueName("granted")}`, actions: ["deployment.read"] },
  };
}

export const validBodies: { [K in PostRouteName]: (scope?: Partial<BodyScope>) => Json } = {
  deploymentEvidence: deploymentBody,
  promotionEvidence: promotionBody,
  backupGateEvidence: backupGateBody,
  artifactEvidence: artifactBody,
  previewGenerationEvidence: previewGenerationBody,
  previewDestroyedEvidence: previewDestroyedBody,
  previewEnablementEvidence: previewEnablementBody,
  previewInventoryScanEvidence: previewInventoryScanBody,
  publicIngressObservationEvidence: publicIngressObservationBody,
  productProfileWrite: productProfileBody,
  previewDesiredState: previewDesiredStateBody,
  previewLifecyclePlan: previewLifecyclePlanBody,
  previewLifecycleCleanup: previewLifecycleCleanupBody,
  previewPrFeedback: previewPrFeedbackBody,
  githubActionsGrant: () => githubActionsGrantBody(),
};

export interface PostRoute {
  name: string;
  spec: V1PostSpec;
  /** A valid body; undefined when the catalog has a POST route without a builder here. */
  build: ((scope?: Partial<BodyScope>) => Json) | undefined;
}

/** Every POST route of the catalog, read at run time so a new route shows up in every table. */
export function postRoutes(): PostRoute[] {
  const entries: Array<[string, V1PostSpec | V1GetSpec]> = Object.entries(v1Catalog);
  return entries.flatMap(([name, spec]) =>
    spec.method === "post" ? [{ name, spec, build: (validBodies as Record<string, PostRoute["build"]>)[name] }] : [],
  );
}
