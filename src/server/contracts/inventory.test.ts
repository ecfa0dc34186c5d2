import { describe, expect, it } from "vitest";

import { DeploymentRecord } from "./deployment";
import { EnvironmentInventory, buildEnvironmentInventory, inventoryRecordId } from "./inventory";

const deployment = DeploymentRecord.parse({
  record_id: "deployment-20260420T160500Z-opw-prod",
  artifact_identity: { artifact_id: "artifact-20260420-a1b2c3d4" },
  context: "opw",
  instance: "prod",
  source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
  deploy: {
    target_name: "opw-prod",
    target_type: "compose",
    deploy_mode: "dokploy-compose-api",
    status: "pass",
    started_at: "2026-04-20T16:05:00Z",
    finished_at: "2026-04-20T16:08:30Z",
  },
  runtime_identity: {
    context: "opw",
    instance: "prod",
    deployment_record_id: "deployment-20260420T160500Z-opw-prod",
    artifact_id: "artifact-20260420-a1b2c3d4",
    source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
  },
});

const inventory = {
  context: "opw",
  instance: "prod",
  artifact_identity: { artifact_id: "artifact-20260420-a1b2c3d4" },
  source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
  deploy: { target_name: "opw-prod", target_type: "compose", deploy_mode: "dokploy-compose-api", status: "pass" },
  updated_at: "2026-04-20T16:09:00Z",
  deployment_record_id: "deployment-20260420T160500Z-opw-prod",
  promotion_record_id: "promotion-20260420T160500Z-opw-testing-to-prod",
  promoted_from_instance: "testing",
};

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("EnvironmentInventory", () => {
  it("accepts an inventory refreshed from promotion evidence", () => {
    const record = EnvironmentInventory.parse(inventory);
    expect(record.bootstrap_record_id).toBe("");
    expect(record.destination_health.status).toBe("skipped");
    expect(record.deploy.provider_id).toBe("dokploy");
  });

  it("requires promoted_from_instance when a promotion established the state", () => {
    expect(messages(EnvironmentInventory.safeParse({ ...inventory, promoted_from_instance: "" }))).toContain(
      "environment inventory with promotion_record_id requires promoted_from_instance",
    );
    expect(EnvironmentInventory.safeParse({ ...inventory, promotion_record_id: "", promoted_from_instance: "" }).success).toBe(true);
  });

  it("requires the establishing deployment and a timestamp", () => {
    expect(EnvironmentInventory.safeParse({ ...inventory, deployment_record_id: "" }).success).toBe(false);
    expect(EnvironmentInventory.safeParse({ ...inventory, updated_at: "" }).success).toBe(false);
    expect(messages(EnvironmentInventory.safeParse({ ...inventory, source_git_ref: " " }))).toContain(
      "environment inventory source_git_ref is required",
    );
  });

  it("rejects unknown fields and wrong types", () => {
    expect(EnvironmentInventory.safeParse({ ...inventory, product: "odoo" }).success).toBe(false);
    expect(EnvironmentInventory.safeParse({ ...inventory, artifact_identity: { artifact_id: 7 } }).success).toBe(false);
  });
});

describe("inventory helpers", () => {
  it("uses <context>-<instance> as the inventory record id", () => {
    expect(inventoryRecordId("opw", "prod")).toBe("opw-prod");
  });

  it("builds inventory from a deployment, copying evidence and expected runtime identity", () => {
    const built = buildEnvironmentInventory(deployment, { updatedAt: "2026-04-20T16:09:00Z" });
    expect(built).toMatchObject({
      context: "opw",
      instance: "prod",
      deployment_record_id: deployment.record_id,
      promotion_record_id: "",
      promoted_from_instance: "",
      source_git_ref: deployment.source_git_ref,
    });
    expect(built.deploy).toEqual(deployment.deploy);
    expect(built.runtime_identity?.artifact_id).toBe("artifact-20260420-a1b2c3d4");
  });

  it("adds promotion linkage when built from promotion evidence", () => {
    const built = buildEnvironmentInventory(deployment, {
      updatedAt: "2026-04-20T16:09:00Z",
      promotionRecordId: "promotion-20260420T160500Z-opw-testing-to-prod",
      promotedFromInstance: "testing",
    });
    expect(built.promotion_record_id).toBe("promotion-20260420T160500Z-opw-testing-to-prod");
    expect(built.promoted_from_instance).toBe("testing");
    expect(() =>
      buildEnvironmentInventory(deployment, { updatedAt: "2026-04-20T16:09:00Z", promotionRecordId: "promotion-1" }),
    ).toThrow();
  });
});
