import { describe, expect, it } from "vitest";

import { DeploymentEvidenceRequest, DeploymentRecord, deploymentArtifactId } from "./deployment";

// The deployment evidence body from the upstream service tests (OPW testing ship).
const upstreamDeployment = {
  record_id: "deployment-20260420T153000Z-opw-testing",
  artifact_identity: { artifact_id: "artifact-20260420-a1b2c3d4" },
  context: "opw",
  instance: "testing",
  source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
  resolved_target: { target_type: "compose", target_id: "compose-123", target_name: "opw-testing" },
  deploy: {
    target_name: "opw-testing",
    target_type: "compose",
    deploy_mode: "dokploy-compose-api",
    deployment_id: "delegated-compose-ship",
    status: "pass",
    started_at: "2026-04-20T15:30:00Z",
    finished_at: "2026-04-20T15:32:10Z",
  },
  post_deploy_update: { attempted: true, status: "pass", detail: "Update completed." },
  destination_health: {
    verified: true,
    urls: ["https://testing.example.com/web/health"],
    timeout_seconds: 45,
    status: "pass",
  },
};

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("DeploymentRecord", () => {
  it("accepts the upstream payload and fills defaults", () => {
    const record = DeploymentRecord.parse(upstreamDeployment);
    expect(record.schema_version).toBe(1);
    expect(record.wait_for_completion).toBe(true);
    expect(record.delegated_executor).toBe("control-plane.dokploy");
    expect(record.bootstrap).toEqual({ attempted: false, run_status: "skipped", readiness_status: "skipped", detail: "" });
    expect(record.runtime_source).toEqual({});
    expect(record.artifact_identity?.manifest_version).toBe(1);
    expect(record.deploy.target_category).toBe("compose");
    expect(deploymentArtifactId(record)).toBe("artifact-20260420-a1b2c3d4");
  });

  it("accepts runtime identity, deployed target, failure and key read-back evidence", () => {
    const record = DeploymentRecord.parse({
      ...upstreamDeployment,
      artifact_identity: null,
      deployed_target: { provider_id: "dokploy", target_category: "compose", target_id: "compose-123", display_name: "opw-testing" },
      runtime_source: { DOCKER_IMAGE_REFERENCE: "ghcr.io/cbusillo/odoo-private@sha256:abc" },
      runtime_identity: {
        product: "odoo",
        context: "opw",
        instance: "testing",
        deployment_record_id: upstreamDeployment.record_id,
        artifact_id: "artifact-20260420-a1b2c3d4",
        source_git_ref: upstreamDeployment.source_git_ref,
      },
      integration_key_readback: { checked_binding_keys: ["SHOPIFY_KEY"], status: "pass" },
      failure: { code: "health_failed", description: "Health check failed." },
    });
    expect(deploymentArtifactId(record)).toBe("");
    expect(record.runtime_identity?.environment_kind).toBe("stable");
    expect(record.failure?.keys).toEqual([]);
  });

  it("rejects unknown fields, including the retired branch_sync block", () => {
    expect(DeploymentRecord.safeParse({ ...upstreamDeployment, commit: "x" }).success).toBe(false);
    expect(
      DeploymentRecord.safeParse({
        ...upstreamDeployment,
        branch_sync: { source_git_ref: "main", source_commit: "abc1234", target_branch: "b", branch_update_required: false },
      }).success,
    ).toBe(false);
  });

  it("rejects wrong types", () => {
    expect(DeploymentRecord.safeParse({ ...upstreamDeployment, no_cache: "false" }).success).toBe(false);
    expect(DeploymentRecord.safeParse({ ...upstreamDeployment, schema_version: 0 }).success).toBe(false);
    expect(DeploymentRecord.safeParse({ ...upstreamDeployment, record_id: "deployment with spaces" }).success).toBe(false);
  });

  it("requires non-blank context, instance and source_git_ref", () => {
    expect(messages(DeploymentRecord.safeParse({ ...upstreamDeployment, context: " " }))).toContain(
      "deployment record context is required",
    );
    expect(messages(DeploymentRecord.safeParse({ ...upstreamDeployment, source_git_ref: "" }))).toContain(
      "deployment record source_git_ref is required",
    );
  });

  it("enforces the nested evidence rules", () => {
    expect(
      messages(DeploymentRecord.safeParse({ ...upstreamDeployment, destination_health: { verified: true, status: "pass" } })),
    ).toContain("verified healthcheck evidence requires at least one URL");
    expect(
      messages(DeploymentRecord.safeParse({ ...upstreamDeployment, post_deploy_update: { attempted: false, status: "fail" } })),
    ).toContain("non-attempted post-deploy update must use skipped status");
    expect(
      messages(DeploymentRecord.safeParse({ ...upstreamDeployment, deploy: { ...upstreamDeployment.deploy, target_category: "application" } })),
    ).toContain("target_category does not match target_type");
  });
});

describe("DeploymentEvidenceRequest", () => {
  it("accepts the upstream envelope with an optional operation id", () => {
    const request = DeploymentEvidenceRequest.parse({ product: "odoo", deployment: upstreamDeployment });
    expect(request.schema_version).toBe(1);
    expect(request.operation_id).toBeUndefined();
    expect(DeploymentEvidenceRequest.parse({ product: "odoo", deployment: upstreamDeployment, operation_id: "op-1" }).operation_id).toBe(
      "op-1",
    );
  });

  it("requires a product and rejects unknown envelope fields", () => {
    expect(messages(DeploymentEvidenceRequest.safeParse({ product: " ", deployment: upstreamDeployment }))).toContain(
      "deployment evidence product is required",
    );
    expect(DeploymentEvidenceRequest.safeParse({ product: "odoo", deployment: upstreamDeployment, context: "opw" }).success).toBe(false);
    expect(DeploymentEvidenceRequest.safeParse({ product: "odoo" }).success).toBe(false);
  });

  it("rejects target_reference compatibility input on the deploy block", () => {
    const result = DeploymentEvidenceRequest.safeParse({
      product: "odoo",
      deployment: { ...upstreamDeployment, deploy: { ...upstreamDeployment.deploy, target_reference: { target_name: "opw-testing" } } },
    });
    expect(result.success).toBe(false);
  });
});
