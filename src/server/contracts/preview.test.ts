import { describe, expect, it } from "vitest";

import {
  PreviewDestroyedEvidenceRequest,
  PreviewMutationRequest,
  PreviewRecord,
  buildPreviewLabel,
  generatePreviewId,
} from "./preview";

// Shape used by the upstream service tests for the VeriReel preview of PR 123.
const upstreamPreview = {
  preview_id: "preview-verireel-testing-verireel-pr-123",
  context: "verireel-testing",
  anchor_repo: "verireel",
  anchor_pr_number: 123,
  anchor_pr_url: "https://github.com/every/verireel/pull/123",
  preview_label: "verireel/pr-123",
  canonical_url: "https://pr-123.ver-preview.shinycomputers.com",
  state: "active",
  created_at: "2026-04-20T10:00:00Z",
  updated_at: "2026-04-20T10:05:00Z",
  eligible_at: "2026-04-20T10:00:00Z",
};

describe("PreviewRecord", () => {
  it("accepts an upstream preview and fills defaults", () => {
    const record = PreviewRecord.parse(upstreamPreview);
    expect(record.schema_version).toBe(1);
    expect(record.state).toBe("active");
    expect(record.serving_generation_id).toBe("");
    expect(record.destroyed_at).toBe("");
  });

  it("rejects unknown fields", () => {
    expect(PreviewRecord.safeParse({ ...upstreamPreview, owner: "x" }).success).toBe(false);
  });

  it("rejects wrong types without coercion", () => {
    expect(PreviewRecord.safeParse({ ...upstreamPreview, anchor_pr_number: "123" }).success).toBe(false);
    expect(PreviewRecord.safeParse({ ...upstreamPreview, anchor_pr_number: 12.5 }).success).toBe(false);
    expect(PreviewRecord.safeParse({ ...upstreamPreview, anchor_pr_number: 0 }).success).toBe(false);
  });

  it("requires non-blank identity and timestamps", () => {
    const result = PreviewRecord.safeParse({ ...upstreamPreview, canonical_url: "   " });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("canonical_url is required");
    expect(PreviewRecord.safeParse({ ...upstreamPreview, eligible_at: "" }).success).toBe(false);
  });

  it("rejects states outside the lifecycle enum", () => {
    expect(PreviewRecord.safeParse({ ...upstreamPreview, state: "ready" }).success).toBe(false);
    expect(PreviewRecord.safeParse({ ...upstreamPreview, state: "teardown_pending" }).success).toBe(true);
  });
});

describe("PreviewMutationRequest", () => {
  it("only needs the anchor identity and defaults state to pending", () => {
    const request = PreviewMutationRequest.parse({
      context: "verireel-testing",
      anchor_repo: "verireel",
      anchor_pr_number: 123,
      anchor_pr_url: "https://github.com/every/verireel/pull/123",
    });
    expect(request.state).toBe("pending");
    expect(request.canonical_url).toBe("");
    expect(request.created_at).toBe("");
  });

  it("rejects a blank anchor_pr_url", () => {
    const result = PreviewMutationRequest.safeParse({
      context: "verireel-testing",
      anchor_repo: "verireel",
      anchor_pr_number: 123,
      anchor_pr_url: " ",
    });
    expect(result.success).toBe(false);
  });
});

describe("PreviewDestroyedEvidenceRequest", () => {
  const body = {
    product: "verireel",
    destroy: {
      context: "verireel-testing",
      anchor_repo: "verireel",
      anchor_pr_number: 123,
      destroyed_at: "2026-04-21T09:00:00Z",
      destroy_reason: "pull_request_closed",
    },
  };

  it("accepts a destroy envelope", () => {
    const parsed = PreviewDestroyedEvidenceRequest.parse(body);
    expect(parsed.destroy.destroy_reason).toBe("pull_request_closed");
    expect(parsed.schema_version).toBe(1);
  });

  it("requires destroy_reason and destroyed_at", () => {
    const { destroy_reason: _omit, ...destroy } = body.destroy;
    expect(PreviewDestroyedEvidenceRequest.safeParse({ ...body, destroy }).success).toBe(false);
    expect(
      PreviewDestroyedEvidenceRequest.safeParse({ ...body, destroy: { ...body.destroy, destroyed_at: "" } }).success,
    ).toBe(false);
  });

  it("rejects unknown fields at both levels and a bad operation_id", () => {
    expect(PreviewDestroyedEvidenceRequest.safeParse({ ...body, preview: {} }).success).toBe(false);
    expect(
      PreviewDestroyedEvidenceRequest.safeParse({ ...body, destroy: { ...body.destroy, anchor_pr_url: "x" } }).success,
    ).toBe(false);
    expect(PreviewDestroyedEvidenceRequest.safeParse({ ...body, operation_id: "op 1" }).success).toBe(false);
    expect(PreviewDestroyedEvidenceRequest.safeParse({ ...body, operation_id: "op-1" }).success).toBe(true);
  });

  it("requires a non-blank product", () => {
    expect(PreviewDestroyedEvidenceRequest.safeParse({ ...body, product: " " }).success).toBe(false);
  });
});

describe("preview identity helpers", () => {
  it("matches the upstream ids for concrete inputs", () => {
    expect(generatePreviewId("opw", "tenant-opw", 123)).toBe("preview-opw-tenant-opw-pr-123");
    expect(generatePreviewId("verireel-testing", "verireel", 123)).toBe("preview-verireel-testing-verireel-pr-123");
    expect(buildPreviewLabel("opw", "tenant-opw", 123)).toBe("opw/tenant-opw/pr-123");
  });

  it("lowercases, collapses non [a-z0-9] runs and trims dashes", () => {
    expect(generatePreviewId("Acme_Stage", "My..Repo", 7)).toBe("preview-acme-stage-my-repo-pr-7");
    expect(generatePreviewId("--ctx--", "repo", 1)).toBe("preview-ctx-repo-pr-1");
    expect(generatePreviewId("ctx", "owner/repo", 9)).toBe("preview-ctx-owner-repo-pr-9");
  });
});
