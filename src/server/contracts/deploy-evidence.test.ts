import { describe, expect, it } from "vitest";

import {
  BackupGateEvidence,
  BootstrapEvidence,
  BranchSyncEvidence,
  DeployedTargetReference,
  DeploymentEvidence,
  HealthcheckEvidence,
  PostDeployUpdateEvidence,
  ResolvedTargetEvidence,
  RollbackExecutionEvidence,
  RuntimeIdentity,
  linkedRecordId,
} from "./deploy-evidence";
import { optionalTimestamp } from "./primitives";

// Deploy block as the upstream service tests send it for an OPW testing ship.
const upstreamDeploy = {
  target_name: "opw-testing",
  target_type: "compose",
  deploy_mode: "dokploy-compose-api",
  deployment_id: "delegated-compose-ship",
  status: "pass",
  started_at: "2026-04-20T15:30:00Z",
  finished_at: "2026-04-20T15:32:10Z",
};

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("DeploymentEvidence", () => {
  it("accepts upstream deploy evidence and derives provider-neutral fields", () => {
    const deploy = DeploymentEvidence.parse(upstreamDeploy);
    expect(deploy.provider_id).toBe("dokploy");
    expect(deploy.target_category).toBe("compose");
    expect(deploy.provider_target_type).toBe("compose");
    expect(deploy.provider_deploy_mode).toBe("dokploy-compose-api");
  });

  it("normalizes provider fields like upstream", () => {
    const deploy = DeploymentEvidence.parse({
      ...upstreamDeploy,
      target_name: "  opw-testing ",
      provider_id: " Dokploy ",
      provider_target_type: " COMPOSE ",
      provider_deploy_mode: "  schedule ",
      target_category: "container",
    });
    expect(deploy.target_name).toBe("opw-testing");
    expect(deploy.provider_id).toBe("dokploy");
    expect(deploy.provider_target_type).toBe("compose");
    expect(deploy.provider_deploy_mode).toBe("schedule");
    expect(deploy.target_category).toBe("container");
  });

  it("requires target_type, target_name and provider_id", () => {
    const { target_type: _omitted, ...withoutType } = upstreamDeploy;
    expect(messages(DeploymentEvidence.safeParse(withoutType))).toContain("deployment evidence requires target_type");
    expect(messages(DeploymentEvidence.safeParse({ ...upstreamDeploy, target_name: " " }))).toContain(
      "deployment evidence requires target_name",
    );
    expect(messages(DeploymentEvidence.safeParse({ ...upstreamDeploy, provider_id: "" }))).toContain(
      "deployment evidence requires provider_id",
    );
    expect(DeploymentEvidence.safeParse({ ...upstreamDeploy, target_type: "" }).success).toBe(false);
  });

  it("rejects a category or provider target type that contradicts target_type", () => {
    expect(messages(DeploymentEvidence.safeParse({ ...upstreamDeploy, target_category: "application" }))).toContain(
      "target_category does not match target_type",
    );
    expect(messages(DeploymentEvidence.safeParse({ ...upstreamDeploy, provider_target_type: "application" }))).toContain(
      "provider_target_type does not match target_type",
    );
  });

  it("rejects unknown fields, including the target_reference compatibility input", () => {
    expect(DeploymentEvidence.safeParse({ ...upstreamDeploy, region: "us" }).success).toBe(false);
    expect(
      DeploymentEvidence.safeParse({ ...upstreamDeploy, target_reference: { target_name: "opw-testing" } }).success,
    ).toBe(false);
  });

  it("rejects wrong types and bad statuses", () => {
    expect(DeploymentEvidence.safeParse({ ...upstreamDeploy, deploy_mode: 3 }).success).toBe(false);
    expect(DeploymentEvidence.safeParse({ ...upstreamDeploy, status: "passed" }).success).toBe(false);
    expect(DeploymentEvidence.safeParse({ ...upstreamDeploy, started_at: "yesterday" }).success).toBe(false);
  });
});

describe("HealthcheckEvidence", () => {
  it("defaults to a skipped, unchecked health check", () => {
    const health = HealthcheckEvidence.parse({});
    expect(health).toMatchObject({ verified: false, urls: [], status: "skipped", runtime_identity_status: "unchecked" });
    expect(health.structured_health.status).toBe("unchecked");
  });

  it("accepts verified evidence with urls, timeout and pass/fail", () => {
    const health = HealthcheckEvidence.parse({
      verified: true,
      urls: ["https://testing.example.com/web/health"],
      timeout_seconds: 45,
      status: "pass",
    });
    expect(health.timeout_seconds).toBe(45);
  });

  it("requires urls, timeout_seconds and pass/fail when verified", () => {
    expect(messages(HealthcheckEvidence.safeParse({ verified: true, timeout_seconds: 5, status: "pass" }))).toContain(
      "verified healthcheck evidence requires at least one URL",
    );
    expect(messages(HealthcheckEvidence.safeParse({ verified: true, urls: ["https://x"], status: "fail" }))).toContain(
      "verified healthcheck evidence requires timeout_seconds",
    );
    expect(
      messages(HealthcheckEvidence.safeParse({ verified: true, urls: ["https://x"], timeout_seconds: 5, status: "pending" })),
    ).toContain("verified healthcheck evidence requires pass/fail status");
  });

  it("rejects a zero timeout, string booleans and unknown fields", () => {
    expect(HealthcheckEvidence.safeParse({ timeout_seconds: 0 }).success).toBe(false);
    expect(HealthcheckEvidence.safeParse({ verified: "true" }).success).toBe(false);
    expect(HealthcheckEvidence.safeParse({ url: "https://x" }).success).toBe(false);
  });

  it("validates an observed runtime identity", () => {
    const identity = {
      context: "opw",
      instance: "testing",
      deployment_record_id: "deployment-1",
      artifact_id: "artifact-1",
      source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
    };
    expect(HealthcheckEvidence.parse({ observed_runtime_identity: identity }).observed_runtime_identity?.environment_kind).toBe(
      "stable",
    );
    expect(
      messages(HealthcheckEvidence.safeParse({ observed_runtime_identity: { ...identity, artifact_id: " " } })),
    ).toContain("runtime identity requires artifact_id");
  });
});

describe("PostDeployUpdateEvidence", () => {
  it("keeps skipped status for non-attempted updates", () => {
    expect(PostDeployUpdateEvidence.parse({}).status).toBe("skipped");
    expect(messages(PostDeployUpdateEvidence.safeParse({ attempted: false, status: "pass" }))).toContain(
      "non-attempted post-deploy update must use skipped status",
    );
  });

  it("requires pending/pass/fail once attempted", () => {
    expect(PostDeployUpdateEvidence.parse({ attempted: true, status: "pass", detail: "Update completed." }).status).toBe("pass");
    expect(messages(PostDeployUpdateEvidence.safeParse({ attempted: true }))).toContain(
      "attempted post-deploy update must use pending/pass/fail status",
    );
  });
});

describe("BootstrapEvidence", () => {
  it("enforces skipped statuses only when not attempted", () => {
    expect(BootstrapEvidence.safeParse({}).success).toBe(true);
    expect(messages(BootstrapEvidence.safeParse({ run_status: "pass" }))).toContain(
      "non-attempted bootstrap evidence must use skipped statuses",
    );
    expect(messages(BootstrapEvidence.safeParse({ attempted: true, run_status: "pass" }))).toContain(
      "attempted bootstrap evidence must not use skipped statuses",
    );
  });

  it("allows only fail or pending readiness after a failed run", () => {
    expect(BootstrapEvidence.safeParse({ attempted: true, run_status: "fail", readiness_status: "pending" }).success).toBe(true);
    expect(
      messages(BootstrapEvidence.safeParse({ attempted: true, run_status: "fail", readiness_status: "verification_failed" })),
    ).toContain("failed bootstrap execution must use fail or pending readiness");
    expect(
      BootstrapEvidence.safeParse({ attempted: true, run_status: "pass", readiness_status: "verification_failed" }).success,
    ).toBe(true);
  });
});

describe("RollbackExecutionEvidence", () => {
  it("applies the attempted/status rule", () => {
    expect(RollbackExecutionEvidence.parse({}).status).toBe("skipped");
    expect(messages(RollbackExecutionEvidence.safeParse({ status: "fail" }))).toContain(
      "non-attempted rollback must use skipped status",
    );
    expect(messages(RollbackExecutionEvidence.safeParse({ attempted: true }))).toContain(
      "attempted rollback must use pending/pass/fail status",
    );
    expect(RollbackExecutionEvidence.safeParse({ attempted: true, status: "pass", deployment_record_id: "deployment-2" }).success).toBe(true);
  });
});

describe("target evidence", () => {
  it("requires resolved target id and name", () => {
    expect(ResolvedTargetEvidence.parse({ target_type: "compose", target_id: "compose-123", target_name: "opw-testing" }).target_id).toBe(
      "compose-123",
    );
    expect(messages(ResolvedTargetEvidence.safeParse({ target_type: "compose", target_id: " ", target_name: "x" }))).toContain(
      "resolved target evidence requires target_id",
    );
    expect(ResolvedTargetEvidence.safeParse({ target_type: "static", target_id: "a", target_name: "b" }).success).toBe(false);
  });

  it("normalizes deployed target references and rejects blank evidence keys", () => {
    const target = DeployedTargetReference.parse({
      provider_id: " DOKPLOY ",
      target_id: " compose-123 ",
      display_name: " OPW testing ",
      provider_evidence: { " project_name ": " opw " },
    });
    expect(target).toMatchObject({
      provider_id: "dokploy",
      target_id: "compose-123",
      display_name: "OPW testing",
      target_category: "unknown",
      provider_evidence: { project_name: "opw" },
    });
    expect(
      messages(DeployedTargetReference.safeParse({ provider_id: "x", target_id: "t", display_name: "d", provider_evidence: { " ": "v" } })),
    ).toContain("deployed target provider evidence keys must be non-empty");
  });
});

describe("small primitives", () => {
  it("linkedRecordId allows empty or a record id only", () => {
    expect(linkedRecordId.parse(undefined)).toBe("");
    expect(linkedRecordId.safeParse("deployment-1").success).toBe(true);
    expect(linkedRecordId.safeParse("has space").success).toBe(false);
  });

  it("optionalTimestamp allows empty or ISO 8601", () => {
    expect(optionalTimestamp.parse(undefined)).toBe("");
    expect(optionalTimestamp.safeParse("2026-04-20T15:30:00Z").success).toBe(true);
    expect(optionalTimestamp.safeParse("soon").success).toBe(false);
  });

  it("backup gate evidence defaults to a required pending gate", () => {
    expect(BackupGateEvidence.parse({})).toEqual({ required: true, status: "pending", evidence: {} });
    expect(BackupGateEvidence.safeParse({ evidence: { snapshot: 1 } }).success).toBe(false);
  });

  it("runtime identity rejects unknown keys", () => {
    expect(
      RuntimeIdentity.safeParse({
        context: "opw",
        instance: "prod",
        deployment_record_id: "d",
        artifact_id: "a",
        source_git_ref: "main",
        commit: "x",
      }).success,
    ).toBe(false);
  });

  it("branch sync evidence cannot be both skipped for an artifact image and applied", () => {
    const base = { source_git_ref: "main", source_commit: "abc1234", target_branch: "opw-testing", branch_update_required: true };
    expect(BranchSyncEvidence.safeParse(base).success).toBe(true);
    expect(messages(BranchSyncEvidence.safeParse({ ...base, skipped_for_artifact_image: true, applied: true }))).toContain(
      "artifact-image-skipped branch sync cannot also be marked applied",
    );
    expect(messages(BranchSyncEvidence.safeParse({ ...base, target_branch: "" }))).toContain(
      "branch sync evidence requires target_branch",
    );
  });
});
