import { createHash } from "node:crypto";
import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { PreviewGenerationEvidenceRequestFields, type PreviewGenerationState } from "@/server/contracts/preview-generation";
import { PromotionRecord } from "@/server/contracts/promotion";
import { buildPublicIngressObservationId } from "@/server/contracts/public-ingress-observation";
import { createDatabase, type Database } from "@/server/db";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { ingestPromotionEvidence } from "@/server/services/promotion-evidence";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";

/*
 * Release evidence for the console's end-to-end tests, written through the
 * services as /v1 would write it:
 *
 * - example-site: v1 promoted to prod behind a passing backup gate, v2 on
 *   testing (both with manifests, so both lanes have release tuples), an open
 *   incident on prod, and two pull request previews (one whose newest
 *   generation failed while the first keeps serving).
 * - ledger: a testing deployment of an artifact whose manifest was never
 *   posted ("no release tuple: manifest missing"), and a long prod history
 *   (more than one page of it).
 * - status-page: nothing (empty states).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const EXAMPLE = {
  product: "example-site",
  repository: "every/example-site",
  v1: build("example-site", "v1.4.0"),
  v2: build("example-site", "v1.5.0"),
  prodDeployment: "deployment-e2e-example-prod-1",
  testingDeployment: "deployment-e2e-example-testing-2",
  previews: { served: 42, fresh: 43 },
};

export const LEDGER = {
  product: "ledger",
  artifact: "artifact-ledger-2026.11.0",
  deployment: "deployment-e2e-ledger-testing-1",
  /** Prod deployments `deployment-e2e-ledger-prod-01` … `-34`, one an hour. */
  prodDeployments: 34,
};

function sha(label: string): string {
  return createHash("sha1").update(`e2e:${label}`).digest("hex");
}

function iso(offsetMs: number, now: number): string {
  return new Date(now - offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function build(product: string, label: string) {
  const commit = sha(`${product}:${label}`);
  return ArtifactIdentityManifest.parse({
    artifact_id: `artifact-${product}-${label}`,
    source_commit: commit,
    enterprise_base_digest: "",
    image: {
      repository: `ghcr.io/every/${product}`,
      digest: `sha256:${createHash("sha256").update(`e2e:${product}:${label}`).digest("hex")}`,
      tags: [label],
    },
  });
}

/** A deployment record as a deploy workflow posts it. */
export function deploymentRecord(input: {
  recordId: string;
  product: string;
  instance: "testing" | "prod";
  artifactId: string;
  commit: string;
  at: string;
  status?: "pass" | "fail";
}) {
  const url = input.instance === "prod" ? `https://${input.product}.example.test` : `https://testing.${input.product}.example.test`;
  return DeploymentRecord.parse({
    record_id: input.recordId,
    artifact_identity: { artifact_id: input.artifactId },
    context: input.product,
    instance: input.instance,
    source_git_ref: input.commit,
    deploy: {
      target_name: `${input.product}-${input.instance}`,
      target_type: "application",
      deploy_mode: "dokploy-application-api",
      status: input.status ?? "pass",
      started_at: input.at,
      finished_at: input.at,
    },
    destination_health: { verified: true, urls: [`${url}/healthz`], timeout_seconds: 60, status: input.status ?? "pass" },
  });
}

async function observe(db: Database, instance: "testing" | "prod", at: string, status: "pass" | "fail") {
  const base = instance === "prod" ? "https://example-site.example.test" : "https://testing.example-site.example.test";
  const summary = status === "pass" ? "HTTP 200 in 91 ms" : "HTTP 503: upstream connect error";
  const failureCode = status === "fail" ? "health_status_error" : null;
  await ingestPublicIngressObservation(db, {
    product: EXAMPLE.product,
    observation: {
      record_id: buildPublicIngressObservationId({ product: EXAMPLE.product, context: EXAMPLE.product, instance, observed_at: at, check_name: "public-ingress" }),
      product: EXAMPLE.product,
      repository: EXAMPLE.repository,
      driver_id: "generic-web",
      context: EXAMPLE.product,
      instance,
      check_name: "public-ingress",
      check_kind: "public_http",
      observed_at: at,
      status,
      failure_code: failureCode,
      base_url: base,
      health_url: `${base}/healthz`,
      targets: [{ target: "health_url", url: `${base}/healthz`, status, failure_code: failureCode, http_status: status === "pass" ? 200 : 503, summary }],
      summary,
    },
  });
}

async function generation(db: Database, pr: number, head: string, state: PreviewGenerationState, requestedAt: string, doneAt: string) {
  const prUrl = `https://github.com/${EXAMPLE.repository}/pull/${pr}`;
  const status = state === "ready" ? "pass" : "fail";
  await ingestPreviewGenerationEvidence(
    db,
    PreviewGenerationEvidenceRequestFields.parse({
      product: EXAMPLE.product,
      preview: {
        context: EXAMPLE.product,
        anchor_repo: EXAMPLE.product,
        anchor_pr_number: pr,
        anchor_pr_url: prUrl,
        canonical_url: `https://pr-${pr}.preview.example-site.example.test`,
        created_at: requestedAt,
        updated_at: doneAt,
        eligible_at: requestedAt,
      },
      generation: {
        context: EXAMPLE.product,
        anchor_repo: EXAMPLE.product,
        anchor_pr_number: pr,
        anchor_pr_url: prUrl,
        anchor_head_sha: sha(`pr-${pr}:${head}`),
        state,
        requested_reason: "pull_request_synchronize",
        requested_at: requestedAt,
        started_at: requestedAt,
        finished_at: doneAt,
        ...(state === "ready" ? { ready_at: doneAt } : { failed_at: doneAt, failure_stage: "verify", failure_summary: "GET /healthz answered 502 after deploy" }),
        resolved_manifest_fingerprint: `sha256:${sha(`fingerprint:${pr}:${head}`)}`,
        artifact_id: `ghcr.io/${EXAMPLE.repository}:pr-${pr}-${head}`,
        deploy_status: "pass",
        verify_status: status,
        overall_health_status: status,
      },
    }),
  );
}

export async function seedWorkspaceEvidence(databaseUrl: string, now = Date.now()): Promise<void> {
  const db = createDatabase(databaseUrl, 2);
  try {
    const { v1, v2 } = EXAMPLE;
    for (const artifact of [v1, v2]) await ingestArtifactEvidence(db, { product: EXAMPLE.product, artifact });

    const testingV1 = deploymentRecord({ recordId: "deployment-e2e-example-testing-1", product: EXAMPLE.product, instance: "testing", artifactId: v1.artifact_id, commit: v1.source_commit, at: iso(30 * HOUR, now) });
    await ingestDeploymentEvidence(db, { product: EXAMPLE.product, deployment: testingV1 });

    const gate = BackupGateRecord.parse({
      record_id: "backup-e2e-example-prod-1",
      context: EXAMPLE.product,
      instance: "prod",
      created_at: iso(26 * HOUR, now),
      source: "prod-gate",
      required: true,
      status: "pass",
      evidence: { snapshot: "example-site-prod-snapshot-1" },
    });
    await ingestBackupGateEvidence(db, { product: EXAMPLE.product, backup_gate: gate });
    const prod = deploymentRecord({ recordId: EXAMPLE.prodDeployment, product: EXAMPLE.product, instance: "prod", artifactId: v1.artifact_id, commit: v1.source_commit, at: iso(25 * HOUR, now) });
    await ingestDeploymentEvidence(db, { product: EXAMPLE.product, deployment: prod });
    await ingestPromotionEvidence(db, {
      product: EXAMPLE.product,
      promotion: PromotionRecord.parse({
        record_id: "promotion-e2e-example-1",
        artifact_identity: { artifact_id: v1.artifact_id },
        deployment_record_id: prod.record_id,
        backup_record_id: gate.record_id,
        context: EXAMPLE.product,
        from_instance: "testing",
        to_instance: "prod",
        source_health: testingV1.destination_health,
        backup_gate: { required: true, status: "pass", evidence: gate.evidence },
        deploy: prod.deploy,
        destination_health: prod.destination_health,
      }),
    });

    const testingV2 = deploymentRecord({ recordId: EXAMPLE.testingDeployment, product: EXAMPLE.product, instance: "testing", artifactId: v2.artifact_id, commit: v2.source_commit, at: iso(3 * HOUR, now) });
    await ingestDeploymentEvidence(db, { product: EXAMPLE.product, deployment: testingV2 });

    await observe(db, "testing", iso(2 * MINUTE, now), "pass");
    await observe(db, "prod", iso(40 * MINUTE, now), "pass");
    await observe(db, "prod", iso(12 * MINUTE, now), "fail");
    await observe(db, "prod", iso(2 * MINUTE, now), "fail");

    await generation(db, EXAMPLE.previews.served, "a", "ready", iso(20 * HOUR, now), iso(20 * HOUR - 6 * MINUTE, now));
    await generation(db, EXAMPLE.previews.served, "b", "failed", iso(90 * MINUTE, now), iso(80 * MINUTE, now));
    await generation(db, EXAMPLE.previews.fresh, "a", "ready", iso(50 * MINUTE, now), iso(44 * MINUTE, now));

    // ledger: CI never posted this artifact's manifest.
    await ingestDeploymentEvidence(db, {
      product: LEDGER.product,
      deployment: deploymentRecord({ recordId: LEDGER.deployment, product: LEDGER.product, instance: "testing", artifactId: LEDGER.artifact, commit: sha("ledger:2026.11.0"), at: iso(5 * HOUR, now) }),
    });

    // ledger prod: one deployment an hour, more than a history page holds.
    for (let index = 0; index < LEDGER.prodDeployments; index += 1) {
      await ingestDeploymentEvidence(db, {
        product: LEDGER.product,
        deployment: deploymentRecord({
          recordId: `deployment-e2e-ledger-prod-${String(index + 1).padStart(2, "0")}`,
          product: LEDGER.product,
          instance: "prod",
          artifactId: `artifact-ledger-2026.10.${index + 1}`,
          commit: sha(`ledger-prod:${index}`),
          at: iso((LEDGER.prodDeployments - index + 6) * HOUR, now),
          status: index % 5 === 4 ? "fail" : "pass",
        }),
      });
    }
  } finally {
    await db.$disconnect();
  }
}
