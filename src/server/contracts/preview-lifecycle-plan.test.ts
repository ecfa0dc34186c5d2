import { describe, expect, it } from "vitest";

import {
  PreviewLifecyclePlanRecord,
  PreviewLifecyclePlanRequest,
  buildPreviewLifecyclePlanId,
} from "./preview-lifecycle-plan";

const plan = {
  plan_id: "preview-lifecycle-plan-verireel-testing-20261002T160000Z",
  product: "verireel",
  context: "verireel-testing",
  planned_at: "2026-10-02T16:00:00Z",
  source: "launchplane-preview-lifecycle",
  status: "pass",
  inventory_scan_id: "scan-1",
  desired_previews: [
    { preview_slug: "pr-42", anchor_repo: "verireel", anchor_pr_number: 42, head_sha: "abc1234" },
  ],
  desired_slugs: ["pr-42"],
  actual_slugs: ["pr-42", "pr-7"],
  keep_slugs: ["pr-42"],
  orphaned_slugs: ["pr-7"],
  missing_slugs: [],
};

describe("PreviewLifecyclePlanRecord", () => {
  it("accepts a passing plan", () => {
    const parsed = PreviewLifecyclePlanRecord.parse(plan);
    expect(parsed.orphaned_slugs).toEqual(["pr-7"]);
    expect(parsed.desired_previews[0]?.anchor_pr_url).toBe("");
    expect(parsed.desired_state_id).toBe("");
  });

  it("requires desired_slugs to match desired_previews when previews are listed", () => {
    const result = PreviewLifecyclePlanRecord.safeParse({ ...plan, desired_slugs: ["pr-43"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("preview lifecycle plan desired_slugs must match desired_previews");
    expect(PreviewLifecyclePlanRecord.safeParse({ ...plan, desired_previews: [] }).success).toBe(true);
  });

  it("requires an inventory scan id for a passing plan only", () => {
    const result = PreviewLifecyclePlanRecord.safeParse({ ...plan, inventory_scan_id: "" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("passing preview lifecycle plan requires inventory_scan_id");
    expect(
      PreviewLifecyclePlanRecord.safeParse({
        ...plan,
        status: "missing_inventory",
        inventory_scan_id: "",
        actual_slugs: [],
        keep_slugs: [],
        orphaned_slugs: [],
        error_message: "Launchplane has not recorded a preview inventory scan for this context.",
      }).success,
    ).toBe(true);
  });

  it("rejects unknown fields and bad desired previews", () => {
    expect(PreviewLifecyclePlanRecord.safeParse({ ...plan, apply: true }).success).toBe(false);
    expect(PreviewLifecyclePlanRecord.safeParse({ ...plan, status: "blocked" }).success).toBe(false);
    expect(
      PreviewLifecyclePlanRecord.safeParse({
        ...plan,
        desired_previews: [{ preview_slug: "pr-42", anchor_pr_number: 0 }],
      }).success,
    ).toBe(false);
    expect(
      PreviewLifecyclePlanRecord.safeParse({ ...plan, desired_previews: [{ preview_slug: " " }], desired_slugs: [" "] })
        .success,
    ).toBe(false);
  });
});

describe("PreviewLifecyclePlanRequest", () => {
  it("applies upstream defaults", () => {
    const request = PreviewLifecyclePlanRequest.parse({ product: "verireel", context: "verireel-testing" });
    expect(request.source).toBe("workflow");
    expect(request.desired_previews).toEqual([]);
    expect(request.desired_state_id).toBe("");
  });

  it("rejects blank source, unknown fields and wrong types", () => {
    expect(
      PreviewLifecyclePlanRequest.safeParse({ product: "verireel", context: "verireel-testing", source: " " }).success,
    ).toBe(false);
    expect(
      PreviewLifecyclePlanRequest.safeParse({ product: "verireel", context: "verireel-testing", apply: false }).success,
    ).toBe(false);
    expect(
      PreviewLifecyclePlanRequest.safeParse({ product: "verireel", context: "verireel-testing", desired_previews: "pr-1" })
        .success,
    ).toBe(false);
    expect(PreviewLifecyclePlanRequest.safeParse({ product: "verireel", context: "" }).success).toBe(false);
  });
});

describe("buildPreviewLifecyclePlanId", () => {
  it("uses the compact planned_at timestamp", () => {
    expect(buildPreviewLifecyclePlanId("verireel-testing", "2026-10-02T16:00:00Z")).toBe(
      "preview-lifecycle-plan-verireel-testing-20261002T160000Z",
    );
  });
});
