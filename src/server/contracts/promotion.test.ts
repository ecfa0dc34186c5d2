import { describe, expect, it } from "vitest";

import { PromotionEvidenceRequest, PromotionRecord } from "./promotion";

// The promotion evidence body from the upstream service tests (OPW testing -> prod).
const upstreamPromotion = {
  record_id: "promotion-20260420T160500Z-opw-testing-to-prod",
  artifact_identity: { artifact_id: "artifact-20260420-a1b2c3d4" },
  deployment_record_id: "deployment-20260420T160500Z-opw-prod",
  backup_record_id: "backup-opw-prod-20260420T155000Z",
  context: "opw",
  from_instance: "testing",
  to_instance: "prod",
  backup_gate: { required: true, status: "pass", evidence: { recorded_by: "launchplane-service" } },
  deploy: {
    target_name: "opw-prod",
    target_type: "compose",
    deploy_mode: "dokploy-compose-api",
    status: "pass",
    started_at: "2026-04-20T16:05:00Z",
    finished_at: "2026-04-20T16:08:30Z",
  },
  destination_health: {
    verified: true,
    urls: ["https://prod.example.com/web/health"],
    timeout_seconds: 45,
    status: "pass",
  },
};

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("PromotionRecord", () => {
  it("accepts the upstream payload and fills defaults", () => {
    const record = PromotionRecord.parse(upstreamPromotion);
    expect(record.source_health.status).toBe("skipped");
    expect(record.rollback).toMatchObject({ attempted: false, status: "skipped", target_deployment_record_id: "" });
    expect(record.rollback_health.verified).toBe(false);
    expect(record.post_deploy_update.status).toBe("skipped");
    expect(record.deploy.provider_deploy_mode).toBe("dokploy-compose-api");
  });

  it("accepts a promotion without deployment or backup linkage when the gate is not passing", () => {
    const { deployment_record_id: _d, backup_record_id: _b, ...rest } = upstreamPromotion;
    const record = PromotionRecord.parse({ ...rest, backup_gate: { required: true, status: "pending" } });
    expect(record.deployment_record_id).toBe("");
    expect(record.backup_record_id).toBe("");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(PromotionRecord.safeParse({ ...upstreamPromotion, approved_by: "me" }).success).toBe(false);
    expect(PromotionRecord.safeParse({ ...upstreamPromotion, artifact_identity: "artifact-1" }).success).toBe(false);
    expect(PromotionRecord.safeParse({ ...upstreamPromotion, backup_gate: { required: "yes" } }).success).toBe(false);
  });

  it("requires artifact identity and deploy evidence", () => {
    const { artifact_identity: _a, ...withoutArtifact } = upstreamPromotion;
    expect(PromotionRecord.safeParse(withoutArtifact).success).toBe(false);
    const { deploy: _deploy, ...withoutDeploy } = upstreamPromotion;
    expect(PromotionRecord.safeParse(withoutDeploy).success).toBe(false);
  });

  it("requires different source and destination instances", () => {
    expect(messages(PromotionRecord.safeParse({ ...upstreamPromotion, to_instance: "testing" }))).toContain(
      "promotion source and destination instances must differ",
    );
  });

  it("requires backup_record_id for a passing required backup gate", () => {
    expect(messages(PromotionRecord.safeParse({ ...upstreamPromotion, backup_record_id: "" }))).toContain(
      "promotion record with passing backup gate requires backup_record_id",
    );
    expect(
      PromotionRecord.safeParse({ ...upstreamPromotion, backup_record_id: "", backup_gate: { required: false, status: "pass" } }).success,
    ).toBe(true);
  });
});

describe("PromotionEvidenceRequest", () => {
  it("accepts the upstream envelope", () => {
    const request = PromotionEvidenceRequest.parse({ product: "odoo", promotion: upstreamPromotion });
    expect(request.promotion.to_instance).toBe("prod");
  });

  it("requires product and rejects unknown envelope fields", () => {
    expect(messages(PromotionEvidenceRequest.safeParse({ product: "", promotion: upstreamPromotion }))).toContain(
      "promotion evidence product is required",
    );
    expect(PromotionEvidenceRequest.safeParse({ product: "odoo", promotion: upstreamPromotion, trace: "t" }).success).toBe(false);
    expect(PromotionEvidenceRequest.safeParse({ product: "odoo", promotion: upstreamPromotion, operation_id: "bad id" }).success).toBe(
      false,
    );
  });

  it("rejects target_reference compatibility input on the deploy block", () => {
    expect(
      PromotionEvidenceRequest.safeParse({
        product: "odoo",
        promotion: { ...upstreamPromotion, deploy: { ...upstreamPromotion.deploy, target_reference: { target_name: "opw-prod" } } },
      }).success,
    ).toBe(false);
  });
});
