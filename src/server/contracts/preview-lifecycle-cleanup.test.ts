import { describe, expect, it } from "vitest";

import {
  PreviewLifecycleCleanupRecord,
  PreviewLifecycleCleanupRequest,
  buildPreviewLifecycleCleanupId,
} from "./preview-lifecycle-cleanup";

const reportOnly = {
  cleanup_id: "preview-lifecycle-cleanup-verireel-testing-20261002T161000Z",
  product: "verireel",
  context: "verireel-testing",
  plan_id: "preview-lifecycle-plan-verireel-testing-20261002T160000Z",
  inventory_scan_id: "scan-1",
  requested_at: "2026-10-02T16:10:00Z",
  source: "workflow",
  status: "report_only",
  planned_slugs: ["pr-7"],
  results: [{ preview_slug: "pr-7", status: "planned" }],
};

describe("PreviewLifecycleCleanupRecord", () => {
  it("accepts a report-only record and defaults apply to false", () => {
    const record = PreviewLifecycleCleanupRecord.parse(reportOnly);
    expect(record.apply).toBe(false);
    expect(record.destroyed_slugs).toEqual([]);
    expect(record.results[0]?.anchor_pr_number).toBeUndefined();
  });

  it("accepts an applied record with destroyed results", () => {
    const applied = PreviewLifecycleCleanupRecord.parse({
      ...reportOnly,
      apply: true,
      status: "pass",
      destroyed_slugs: ["pr-7"],
      results: [
        {
          preview_slug: "pr-7",
          anchor_repo: "verireel",
          anchor_pr_number: 7,
          status: "destroyed",
          application_name: "verireel-pr-7",
          application_id: "app-7",
          preview_url: "https://pr-7.ver-preview.shinycomputers.com",
        },
      ],
    });
    expect(applied.results[0]?.status).toBe("destroyed");
  });

  it("rejects unknown fields, bad statuses and wrong types", () => {
    expect(PreviewLifecycleCleanupRecord.safeParse({ ...reportOnly, dry_run: true }).success).toBe(false);
    expect(PreviewLifecycleCleanupRecord.safeParse({ ...reportOnly, status: "skipped" }).success).toBe(false);
    expect(PreviewLifecycleCleanupRecord.safeParse({ ...reportOnly, apply: "false" }).success).toBe(false);
    expect(
      PreviewLifecycleCleanupRecord.safeParse({ ...reportOnly, results: [{ preview_slug: "pr-7", status: "removed" }] })
        .success,
    ).toBe(false);
    expect(PreviewLifecycleCleanupRecord.safeParse({ ...reportOnly, plan_id: " " }).success).toBe(false);
  });
});

describe("PreviewLifecycleCleanupRequest", () => {
  const body = { product: "verireel", context: "verireel-testing", plan_id: reportOnly.plan_id };

  it("defaults to a report-only request", () => {
    const request = PreviewLifecycleCleanupRequest.parse(body);
    expect(request).toMatchObject({
      apply: false,
      source: "workflow",
      destroy_reason: "preview_lifecycle_cleanup",
      timeout_seconds: 300,
    });
  });

  it("requires a boolean apply, a plan id and a positive timeout", () => {
    expect(PreviewLifecycleCleanupRequest.safeParse({ ...body, apply: "true" }).success).toBe(false);
    expect(PreviewLifecycleCleanupRequest.safeParse({ ...body, apply: true }).success).toBe(true);
    expect(PreviewLifecycleCleanupRequest.safeParse({ ...body, plan_id: "" }).success).toBe(false);
    expect(PreviewLifecycleCleanupRequest.safeParse({ ...body, timeout_seconds: 0 }).success).toBe(false);
    expect(PreviewLifecycleCleanupRequest.safeParse({ ...body, destroy_reason: " " }).success).toBe(false);
    expect(PreviewLifecycleCleanupRequest.safeParse({ ...body, max_pages: 1 }).success).toBe(false);
  });
});

describe("buildPreviewLifecycleCleanupId", () => {
  it("uses the compact requested_at timestamp", () => {
    expect(buildPreviewLifecycleCleanupId("verireel-testing", "2026-10-02T16:10:00Z")).toBe(
      "preview-lifecycle-cleanup-verireel-testing-20261002T161000Z",
    );
  });
});
