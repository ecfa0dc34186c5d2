import { describe, expect, it } from "vitest";

import {
  PreviewEnablementEvidenceRequest,
  PreviewEnablementRecord,
  previewEnablementRecordId,
} from "./preview-enablement";

// Upstream storage-test fixture for a labeled VeriReel PR with valid request metadata.
const upstreamEnablement = {
  record_id: "verireel-testing-verireel-pr-123",
  context: "verireel-testing",
  anchor_repo: "verireel",
  anchor_pr_number: 123,
  anchor_pr_url: "https://github.com/every/verireel/pull/123",
  anchor_head_sha: "6b3c9d7e8f901234567890abcdef1234567890ab",
  action: "labeled",
  pr_state: "open",
  updated_at: "2026-04-20T10:00:00Z",
  label_enabled: true,
  action_label: "preview",
  request_metadata_status: "valid",
  request_metadata_baseline_channel: "testing",
};

const missingMetadata = {
  ...upstreamEnablement,
  request_metadata_status: "missing",
  request_metadata_baseline_channel: "",
};

describe("PreviewEnablementRecord", () => {
  it("accepts the upstream fixture", () => {
    const record = PreviewEnablementRecord.parse(upstreamEnablement);
    expect(record.request_metadata_companions).toEqual([]);
    expect(record.request_metadata_error).toBe("");
  });

  it("defaults to missing metadata and label disabled", () => {
    const { label_enabled: _l, action_label: _a, request_metadata_status: _s, request_metadata_baseline_channel: _c, ...rest } =
      upstreamEnablement;
    const record = PreviewEnablementRecord.parse(rest);
    expect(record.label_enabled).toBe(false);
    expect(record.request_metadata_status).toBe("missing");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(PreviewEnablementRecord.safeParse({ ...upstreamEnablement, labels: [] }).success).toBe(false);
    expect(PreviewEnablementRecord.safeParse({ ...upstreamEnablement, label_enabled: "true" }).success).toBe(false);
    expect(PreviewEnablementRecord.safeParse({ ...upstreamEnablement, action: "merged" }).success).toBe(false);
    expect(PreviewEnablementRecord.safeParse({ ...upstreamEnablement, pr_state: "merged" }).success).toBe(false);
  });

  it("requires an error exactly when metadata is invalid", () => {
    const invalid = { ...missingMetadata, request_metadata_status: "invalid" };
    const noError = PreviewEnablementRecord.safeParse(invalid);
    expect(noError.success).toBe(false);
    expect(noError.error?.issues[0]?.message).toBe("invalid preview enablement record requires request_metadata_error");
    expect(PreviewEnablementRecord.safeParse({ ...invalid, request_metadata_error: "bad toml" }).success).toBe(true);
    expect(PreviewEnablementRecord.safeParse({ ...missingMetadata, request_metadata_error: "bad toml" }).success).toBe(
      false,
    );
  });

  it("requires a baseline channel exactly when metadata is valid", () => {
    expect(
      PreviewEnablementRecord.safeParse({ ...upstreamEnablement, request_metadata_baseline_channel: " " }).success,
    ).toBe(false);
    expect(
      PreviewEnablementRecord.safeParse({ ...missingMetadata, request_metadata_baseline_channel: "testing" }).success,
    ).toBe(false);
  });

  it("allows companions only with valid metadata, from the allowlist, matching their summaries", () => {
    const companion = { repo: "shared-addons", pr_number: 7 };
    const summary = {
      repo: "shared-addons",
      pr_number: 7,
      head_sha: "abc1234",
      pr_url: "https://github.com/every/shared-addons/pull/7",
    };
    expect(
      PreviewEnablementRecord.safeParse({
        ...upstreamEnablement,
        request_metadata_companions: [companion],
        request_metadata_companion_summaries: [summary],
      }).success,
    ).toBe(true);
    expect(
      PreviewEnablementRecord.safeParse({ ...missingMetadata, request_metadata_companions: [companion] }).success,
    ).toBe(false);
    expect(
      PreviewEnablementRecord.safeParse({
        ...upstreamEnablement,
        request_metadata_companions: [{ repo: "other-repo", pr_number: 7 }],
      }).success,
    ).toBe(false);
    const mismatched = PreviewEnablementRecord.safeParse({
      ...upstreamEnablement,
      request_metadata_companions: [companion],
      request_metadata_companion_summaries: [{ ...summary, pr_number: 8 }],
    });
    expect(mismatched.success).toBe(false);
    expect(mismatched.error?.issues[0]?.message).toBe(
      "preview enablement companion summaries must match request_metadata_companions",
    );
  });
});

describe("PreviewEnablementEvidenceRequest", () => {
  it("wraps a record with the product", () => {
    const parsed = PreviewEnablementEvidenceRequest.parse({ product: "verireel", enablement: upstreamEnablement });
    expect(parsed.enablement.record_id).toBe("verireel-testing-verireel-pr-123");
    expect(PreviewEnablementEvidenceRequest.safeParse({ product: "", enablement: upstreamEnablement }).success).toBe(
      false,
    );
    expect(
      PreviewEnablementEvidenceRequest.safeParse({ product: "verireel", enablement: upstreamEnablement, extra: 1 })
        .success,
    ).toBe(false);
  });
});

describe("previewEnablementRecordId", () => {
  it("is the unslugged context-repo-pr key", () => {
    expect(previewEnablementRecordId("opw", "tenant-opw", 123)).toBe("opw-tenant-opw-pr-123");
  });
});
