import { describe, expect, it } from "vitest";

import {
  PreviewInventoryScanEvidenceRequest,
  PreviewInventoryScanRecord,
  buildPreviewInventoryScanId,
  compactTimestampForId,
} from "./preview-inventory-scan";

// Upstream desired-state test fixture.
const upstreamScan = {
  scan_id: "scan-1",
  context: "verireel-testing",
  scanned_at: "2026-10-02T16:00:00Z",
  source: "launchplane-preview-lifecycle",
  status: "pass",
  preview_count: 1,
  preview_slugs: ["pr-7"],
};

describe("PreviewInventoryScanRecord", () => {
  it("accepts the upstream fixture", () => {
    const scan = PreviewInventoryScanRecord.parse(upstreamScan);
    expect(scan.error_message).toBe("");
    expect(scan.schema_version).toBe(1);
  });

  it("treats a zero-preview pass as valid evidence", () => {
    const scan = PreviewInventoryScanRecord.parse({ ...upstreamScan, preview_count: 0, preview_slugs: [] });
    expect(scan.preview_slugs).toEqual([]);
    const omitted = PreviewInventoryScanRecord.parse({
      scan_id: "scan-2",
      context: "verireel-testing",
      scanned_at: "2026-10-02T16:00:00Z",
      source: "workflow",
      status: "pass",
      preview_count: 0,
    });
    expect(omitted.preview_slugs).toEqual([]);
  });

  it("requires preview_count to match the slugs", () => {
    const result = PreviewInventoryScanRecord.safeParse({ ...upstreamScan, preview_count: 2 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("preview inventory scan record preview_count must match preview_slugs");
  });

  it("rejects unknown fields, wrong types and unknown statuses", () => {
    expect(PreviewInventoryScanRecord.safeParse({ ...upstreamScan, provider: "dokploy" }).success).toBe(false);
    expect(PreviewInventoryScanRecord.safeParse({ ...upstreamScan, preview_count: "1" }).success).toBe(false);
    expect(PreviewInventoryScanRecord.safeParse({ ...upstreamScan, status: "skipped" }).success).toBe(false);
    expect(PreviewInventoryScanRecord.safeParse({ ...upstreamScan, source: "" }).success).toBe(false);
  });
});

describe("PreviewInventoryScanEvidenceRequest", () => {
  it("wraps a scan record", () => {
    expect(PreviewInventoryScanEvidenceRequest.parse({ product: "verireel", inventory_scan: upstreamScan }).product).toBe(
      "verireel",
    );
    expect(
      PreviewInventoryScanEvidenceRequest.safeParse({
        product: "verireel",
        inventory_scan: { ...upstreamScan, preview_count: 3 },
      }).success,
    ).toBe(false);
  });
});

describe("inventory scan ids", () => {
  it("compacts timestamps like upstream", () => {
    expect(compactTimestampForId(" 2026-04-29T21:30:00Z ")).toBe("20260429T213000Z");
    expect(compactTimestampForId("2026-04-29T21:30:00.123+00:00")).toBe("20260429T2130001230000");
    expect(buildPreviewInventoryScanId("verireel-testing", "2026-04-29T21:30:00Z")).toBe(
      "preview-inventory-scan-verireel-testing-20260429T213000Z",
    );
  });
});
