import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { PromotionRecord } from "@/server/contracts/promotion";
import type { Database } from "@/server/db";

/**
 * Realistic evidence payloads (shapes from the upstream service tests),
 * parsed through our contracts exactly as the /v1 routes would.
 */

export const SOURCE_SHA = "6b3c9d7e8f901234567890abcdef1234567890ab";
export const ADDON_SHA = "def5678";

export function manifestFor(artifactId: string, patch: Record<string, unknown> = {}): ArtifactIdentityManifest {
  return ArtifactIdentityManifest.parse({
    artifact_id: artifactId,
    source_commit: SOURCE_SHA,
    enterprise_base_digest: "sha256:base",
    addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: ADDON_SHA }],
    image: { repository: "ghcr.io/cbusillo/odoo-private", digest: `sha256:${artifactId}`, tags: ["sha-6b3c9d7"] },
    ...patch,
  });
}

export function deploymentFor(input: {
  recordId: string;
  context: string;
  instance: string;
  artifactId?: string | null;
  status?: "pass" | "fail" | "pending";
  finishedAt?: string;
}): DeploymentRecord {
  const status = input.status ?? "pass";
  return DeploymentRecord.parse({
    record_id: input.recordId,
    artifact_identity: input.artifactId === null ? null : { artifact_id: input.artifactId ?? "artifact-20260420-a1b2c3d4" },
    context: input.context,
    instance: input.instance,
    source_git_ref: SOURCE_SHA,
    resolved_target: { target_type: "compose", target_id: "compose-123", target_name: `${input.context}-${input.instance}` },
    deploy: {
      target_name: `${input.context}-${input.instance}`,
      target_type: "compose",
      deploy_mode: "dokploy-compose-api",
      deployment_id: "delegated-compose-ship",
      status,
      started_at: "2026-04-20T15:30:00Z",
      finished_at: status === "pending" ? "" : (input.finishedAt ?? "2026-04-20T15:32:10Z"),
    },
    post_deploy_update: { attempted: true, status: status === "pass" ? "pass" : "fail", detail: "Update completed." },
    destination_health: {
      verified: true,
      urls: [`https://${input.instance}.example.com/web/health`],
      timeout_seconds: 45,
      status: status === "pass" ? "pass" : "fail",
    },
  });
}

export function promotionFor(input: {
  recordId: string;
  context: string;
  artifactId: string;
  deploymentRecordId?: string;
  backupRecordId?: string;
  from?: string;
  to?: string;
  status?: "pass" | "fail";
}): PromotionRecord {
  const to = input.to ?? "prod";
  const status = input.status ?? "pass";
  return PromotionRecord.parse({
    record_id: input.recordId,
    artifact_identity: { artifact_id: input.artifactId },
    deployment_record_id: input.deploymentRecordId ?? "",
    backup_record_id: input.backupRecordId ?? "backup-opw-prod-20260420T155000Z",
    context: input.context,
    from_instance: input.from ?? "testing",
    to_instance: to,
    backup_gate: { required: true, status: "pass", evidence: { recorded_by: "launchplane-service" } },
    deploy: {
      target_name: `${input.context}-${to}`,
      target_type: "compose",
      deploy_mode: "dokploy-compose-api",
      status,
      started_at: "2026-04-20T16:05:00Z",
      finished_at: "2026-04-20T16:08:30Z",
    },
    destination_health: {
      verified: true,
      urls: [`https://${to}.example.com/web/health`],
      timeout_seconds: 45,
      status,
    },
  });
}

export function backupGateFor(input: {
  recordId: string;
  context: string;
  instance?: string;
  status?: "pass" | "fail" | "pending";
  required?: boolean;
  evidence?: Record<string, string>;
}): BackupGateRecord {
  const status = input.status ?? "pass";
  return BackupGateRecord.parse({
    record_id: input.recordId,
    context: input.context,
    instance: input.instance ?? "prod",
    created_at: "2026-04-20T15:50:00Z",
    source: "prod-gate",
    required: input.required ?? true,
    status,
    evidence: input.evidence ?? (status === "pass" ? { snapshot: `${input.context}-prod-20260420T155000Z` } : {}),
  });
}

/** Row counts of every evidence-core table, restricted to one product. */
export async function productRowCounts(db: Database, product: string) {
  const where = { where: { product } };
  const [artifacts, deployments, promotions, backupGates, inventories, tuples, tupleHistory] = await Promise.all([
    db.artifactManifest.count(where),
    db.deployment.count(where),
    db.promotion.count(where),
    db.backupGate.count(where),
    db.inventory.count(where),
    db.releaseTuple.count(where),
    db.releaseTupleHistory.count(where),
  ]);
  return { artifacts, deployments, promotions, backupGates, inventories, tuples, tupleHistory };
}

