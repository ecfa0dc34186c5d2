import { describe, expect, it } from "vitest";

import { DokployTargetRecord } from "./dokploy-target";

// Shape of the upstream storage test fixture for an Odoo compose route.
const target = {
  context: "opw",
  instance: "testing",
  project_name: "odoo-opw",
  target_type: "compose",
  target_name: "opw-testing",
  source_type: "git",
  custom_git_url: "git@github.com:every/odoo-opw.git",
  custom_git_branch: "testing",
  compose_path: "./docker-compose.yml",
  domains: ["https://testing.example.com"],
  env: { ODOO_DB_NAME: "opw" },
  policies: { shopify: { protected_store_keys: [" prod-store ", "prod-store", "other"] } },
  updated_at: "2026-04-21T18:30:00Z",
  source_label: "import:test",
};

describe("DokployTargetRecord", () => {
  it("accepts a tracked route, fills defaults and normalizes Shopify keys", () => {
    const parsed = DokployTargetRecord.parse(target);
    expect(parsed.healthcheck_path).toBe("/web/health");
    expect(parsed.source_git_ref).toBe("origin/main");
    expect(parsed.policies.shopify.protected_store_keys).toEqual(["prod-store", "other"]);
    expect(DokployTargetRecord.parse({ context: "c", instance: "i", updated_at: "2026-04-21T18:30:00Z" }).policies).toEqual({
      shopify: { protected_store_keys: [] },
    });
  });

  it("rejects unknown fields and wrong types", () => {
    expect(DokployTargetRecord.safeParse({ ...target, target_id: "abc" }).success).toBe(false);
    expect(DokployTargetRecord.safeParse({ ...target, target_type: "service" }).success).toBe(false);
    expect(DokployTargetRecord.safeParse({ ...target, env: { PORT: 8069 } }).success).toBe(false);
    expect(DokployTargetRecord.safeParse({ ...target, deploy_timeout_seconds: 0 }).success).toBe(false);
    expect(DokployTargetRecord.safeParse({ ...target, policies: { shopify: {}, stripe: {} } }).success).toBe(false);
  });

  it("rejects blank identity and blank Shopify keys", () => {
    expect(DokployTargetRecord.safeParse({ ...target, context: "  " }).success).toBe(false);
    expect(
      DokployTargetRecord.safeParse({ ...target, policies: { shopify: { protected_store_keys: [" "] } } }).success,
    ).toBe(false);
  });
});
