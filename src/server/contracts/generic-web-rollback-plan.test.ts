import { describe, expect, it } from "vitest";

import {
  GenericWebRollbackPlanRecord,
  GenericWebRollbackPlanRequest,
  buildGenericWebRollbackPlanId,
} from "./generic-web-rollback-plan";

const ready = {
  plan_id: buildGenericWebRollbackPlanId({
    context: "verireel-prod",
    instance: "prod",
    deployment_record_id: "Deployment-VeriReel-Prod-20260501",
  }),
  product: "verireel",
  context: "verireel-prod",
  instance: "prod",
  status: "ready",
  rollback_deployment_record_id: "Deployment-VeriReel-Prod-20260501",
  artifact_identity: { artifact_id: "ghcr.io/every/verireel@sha256:abc123" },
  source_git_ref: "0123456789abcdef0123456789abcdef01234567",
  planned_deploy: {
    product: "verireel",
    instance: "prod",
    artifact_id: "ghcr.io/every/verireel@sha256:abc123",
    deploy_reference: "ghcr.io/every/verireel:sha-0123456",
    source_git_ref: "0123456789abcdef0123456789abcdef01234567",
  },
  backup_gate: { required: false, status: "skipped", evidence: {} },
  target_health: { verified: true, urls: ["https://verireel.example.com/api/health"], timeout_seconds: 60, status: "pass" },
  created_at: "2026-05-07T16:00:00Z",
  summary: "generic web rollback plan is ready",
};

const blocked = {
  ...ready,
  status: "blocked",
  planned_deploy: null,
  blockers: [
    { code: "target_deploy_not_passed", message: "generic web rollback target deployment record is not passing" },
    { code: "backup_gate_missing", message: "generic web rollback requires backup_record_id when backup_required=true" },
  ],
  summary: "generic web rollback plan is blocked",
};

describe("GenericWebRollbackPlanRecord", () => {
  it("builds the upstream plan id", () => {
    expect(ready.plan_id).toBe("generic-web-rollback-plan-verireel-prod-prod-deployment-verireel-prod-20260501");
  });

  it("accepts ready and blocked plans; blockers are stored sorted by code", () => {
    const parsed = GenericWebRollbackPlanRecord.parse(ready);
    expect(parsed.blockers).toEqual([]);
    expect(parsed.artifact_identity?.manifest_version).toBe(1);
    const parsedBlocked = GenericWebRollbackPlanRecord.parse(blocked);
    expect(parsedBlocked.blockers.map((blocker) => blocker.code)).toEqual(["backup_gate_missing", "target_deploy_not_passed"]);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(GenericWebRollbackPlanRecord.safeParse({ ...ready, image_reference: "x" }).success).toBe(false);
    expect(GenericWebRollbackPlanRecord.safeParse({ ...ready, status: "applied" }).success).toBe(false);
    expect(
      GenericWebRollbackPlanRecord.safeParse({ ...blocked, blockers: [{ code: "other", message: "m" }] }).success,
    ).toBe(false);
    expect(GenericWebRollbackPlanRecord.safeParse({ ...ready, target_health: { verified: true } }).success).toBe(false);
  });

  it("ties status to blockers, artifact and deploy plan", () => {
    expect(GenericWebRollbackPlanRecord.safeParse({ ...ready, blockers: blocked.blockers }).success).toBe(false);
    expect(GenericWebRollbackPlanRecord.safeParse({ ...ready, planned_deploy: null }).success).toBe(false);
    expect(GenericWebRollbackPlanRecord.safeParse({ ...ready, artifact_identity: null }).success).toBe(false);
    expect(GenericWebRollbackPlanRecord.safeParse({ ...blocked, blockers: [] }).success).toBe(false);
  });
});

describe("GenericWebRollbackPlanRequest", () => {
  const body = { product: "verireel", rollback_deployment_record_id: "deployment-verireel-prod-20260501" };

  it("defaults to the prod instance", () => {
    const parsed = GenericWebRollbackPlanRequest.parse({ ...body, instance: " PROD " });
    expect(parsed.instance).toBe("prod");
    expect(GenericWebRollbackPlanRequest.parse(body)).toMatchObject({ instance: "prod", verify_health: true, no_cache: false });
  });

  it("requires a backup record when a backup is required", () => {
    expect(GenericWebRollbackPlanRequest.safeParse({ ...body, backup_required: true }).success).toBe(false);
    expect(
      GenericWebRollbackPlanRequest.safeParse({ ...body, backup_required: true, backup_record_id: "backup-1" }).success,
    ).toBe(true);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(GenericWebRollbackPlanRequest.safeParse({ ...body, artifact_id: "x" }).success).toBe(false);
    expect(GenericWebRollbackPlanRequest.safeParse({ ...body, timeout_seconds: 0 }).success).toBe(false);
    expect(GenericWebRollbackPlanRequest.safeParse({ ...body, product: " " }).success).toBe(false);
  });
});
