import { describe, expect, it } from "vitest";

import { DokployTargetIdRecord } from "./dokploy-target-id";
import { DokployTargetRecord } from "./dokploy-target";
import { DeployedTargetReference } from "./deploy-evidence";
import {
  ProviderTargetRecord,
  providerTargetFromDokployRecords,
  providerTargetToDeployedReference,
} from "./provider-target";

const target = {
  context: "reon",
  instance: "prod",
  provider_id: " Dokploy ",
  target_category: "compose",
  target_id: "compose-abc123",
  display_name: "reon-prod",
  provider_target_type: "Compose",
  provider_evidence: { " project_name ": " reon " },
  updated_at: "2026-07-12T00:00:00Z",
  source_label: "backfill:provider-targets",
};

describe("ProviderTargetRecord", () => {
  it("accepts a target and normalizes provider fields", () => {
    const parsed = ProviderTargetRecord.parse(target);
    expect(parsed.provider_id).toBe("dokploy");
    expect(parsed.provider_target_type).toBe("compose");
    expect(parsed.provider_evidence).toEqual({ project_name: "reon" });
    expect(providerTargetToDeployedReference(parsed)).toMatchObject({ target_id: "compose-abc123" });
  });

  it("rejects unknown fields and wrong types", () => {
    expect(ProviderTargetRecord.safeParse({ ...target, project_name: "reon" }).success).toBe(false);
    expect(ProviderTargetRecord.safeParse({ ...target, target_category: "vm" }).success).toBe(false);
    expect(ProviderTargetRecord.safeParse({ ...target, provider_evidence: { port: 1 } }).success).toBe(false);
  });

  it("requires identity fields and non-blank evidence keys", () => {
    expect(ProviderTargetRecord.safeParse({ ...target, display_name: " " }).success).toBe(false);
    expect(ProviderTargetRecord.safeParse({ ...target, provider_evidence: { " ": "x" } }).success).toBe(false);
    expect(DeployedTargetReference.safeParse({ provider_id: "dokploy", target_id: "x", display_name: "" }).success).toBe(false);
  });

  it("projects a paired Dokploy target and target id", () => {
    const projected = providerTargetFromDokployRecords(
      DokployTargetRecord.parse({
        context: "reon",
        instance: "prod",
        project_name: "reon",
        target_type: "application",
        updated_at: "2026-07-10T00:00:00Z",
      }),
      DokployTargetIdRecord.parse({ context: "reon", instance: "prod", target_id: "app-1", updated_at: "2026-07-12T00:00:00Z" }),
    );
    expect(projected).toMatchObject({
      provider_id: "dokploy",
      target_category: "application",
      display_name: "prod",
      updated_at: "2026-07-12T00:00:00Z",
      provider_evidence: { project_name: "reon" },
    });
  });
});
