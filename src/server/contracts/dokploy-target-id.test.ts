import { describe, expect, it } from "vitest";

import { DokployTargetIdRecord } from "./dokploy-target-id";

const record = {
  context: "example-testing",
  instance: "web",
  target_id: "compose-provider-id",
  updated_at: "2026-07-12T00:00:00Z",
  source_label: "test",
};

describe("DokployTargetIdRecord", () => {
  it("accepts the upstream fixture and trims required fields", () => {
    expect(DokployTargetIdRecord.parse({ ...record, context: " example-testing " }).context).toBe("example-testing");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(DokployTargetIdRecord.safeParse({ ...record, target_name: "x" }).success).toBe(false);
    expect(DokployTargetIdRecord.safeParse({ ...record, target_id: 42 }).success).toBe(false);
  });

  it("requires non-blank identity fields", () => {
    expect(DokployTargetIdRecord.safeParse({ ...record, target_id: " " }).success).toBe(false);
    expect(DokployTargetIdRecord.safeParse({ ...record, instance: "" }).success).toBe(false);
  });
});
