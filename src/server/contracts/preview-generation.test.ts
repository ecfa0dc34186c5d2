import { describe, expect, it } from "vitest";

import {
  PreviewGenerationEvidenceRequest,
  PreviewGenerationEvidenceRequestFields,
  PreviewGenerationRecord,
  generatePreviewGenerationId,
} from "./preview-generation";

// Body posted by the upstream service test for /v1/evidence/previews/generations.
const upstreamBody = {
  product: "verireel",
  preview: {
    context: "verireel-testing",
    anchor_repo: "verireel",
    anchor_pr_number: 123,
    anchor_pr_url: "https://github.com/every/verireel/pull/123",
    canonical_url: "https://pr-123.ver-preview.shinycomputers.com",
    state: "active",
    updated_at: "2026-04-16T08:10:00Z",
    eligible_at: "2026-04-16T08:10:00Z",
  },
  generation: {
    context: "verireel-testing",
    anchor_repo: "verireel",
    anchor_pr_number: 123,
    anchor_pr_url: "https://github.com/every/verireel/pull/123",
    anchor_head_sha: "6b3c9d7e8f901234567890abcdef1234567890ab",
    state: "ready",
    requested_reason: "external_preview_refresh",
    requested_at: "2026-04-16T08:02:00Z",
    ready_at: "2026-04-16T08:10:00Z",
    finished_at: "2026-04-16T08:10:00Z",
    resolved_manifest_fingerprint: "verireel-preview-manifest-pr-123-6b3c9d7",
    artifact_id: "ghcr.io/every/verireel-app:pr-123-6b3c9d7",
    deploy_status: "pass",
    verify_status: "pass",
    overall_health_status: "pass",
  },
};

const upstreamGeneration = {
  generation_id: "preview-verireel-testing-verireel-pr-123-generation-0001",
  preview_id: "preview-verireel-testing-verireel-pr-123",
  sequence: 1,
  state: "ready",
  requested_reason: "external_preview_refresh",
  requested_at: "2026-04-20T10:01:00Z",
  ready_at: "2026-04-20T10:05:00Z",
  finished_at: "2026-04-20T10:05:00Z",
  resolved_manifest_fingerprint: "preview-manifest-123",
  artifact_id: "ghcr.io/every/verireel-app:pr-123",
  anchor_summary: {
    repo: "verireel",
    pr_number: 123,
    head_sha: "6b3c9d7e8f901234567890abcdef1234567890ab",
    pr_url: "https://github.com/every/verireel/pull/123",
  },
  deploy_status: "pass",
  verify_status: "pass",
  overall_health_status: "pass",
};

describe("PreviewGenerationEvidenceRequest", () => {
  it("accepts the upstream evidence body", () => {
    const parsed = PreviewGenerationEvidenceRequest.parse(upstreamBody);
    expect(parsed.generation.sequence).toBeUndefined();
    expect(parsed.generation.generation_id).toBe("");
    expect(parsed.generation.source_map).toEqual([]);
    expect(parsed.preview.state).toBe("active");
  });

  it("defaults statuses to pending", () => {
    const { deploy_status: _d, verify_status: _v, overall_health_status: _o, ...generation } = upstreamBody.generation;
    const parsed = PreviewGenerationEvidenceRequest.parse({ ...upstreamBody, generation });
    expect([parsed.generation.deploy_status, parsed.generation.verify_status]).toEqual(["pending", "pending"]);
  });

  it("requires preview and generation to agree on context, repo, PR number and PR URL", () => {
    const mismatchedContext = PreviewGenerationEvidenceRequest.safeParse({
      ...upstreamBody,
      generation: { ...upstreamBody.generation, context: "verireel-prod" },
    });
    expect(mismatchedContext.success).toBe(false);
    expect(mismatchedContext.error?.issues.map((issue) => issue.message)).toContain(
      "preview generation evidence requires matching context",
    );
    for (const [field, value] of [
      ["anchor_repo", "other"],
      ["anchor_pr_number", 124],
      ["anchor_pr_url", "https://github.com/every/verireel/pull/124"],
    ] as const) {
      const result = PreviewGenerationEvidenceRequest.safeParse({
        ...upstreamBody,
        generation: { ...upstreamBody.generation, [field]: value },
      });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(`preview generation evidence requires matching ${field}`);
    }
  });

  it("rejects unknown fields and wrong types", () => {
    expect(
      PreviewGenerationEvidenceRequest.safeParse({ ...upstreamBody, generation: { ...upstreamBody.generation, x: 1 } })
        .success,
    ).toBe(false);
    expect(
      PreviewGenerationEvidenceRequest.safeParse({
        ...upstreamBody,
        generation: { ...upstreamBody.generation, sequence: "1" },
      }).success,
    ).toBe(false);
    expect(
      PreviewGenerationEvidenceRequest.safeParse({
        ...upstreamBody,
        generation: { ...upstreamBody.generation, sequence: 0 },
      }).success,
    ).toBe(false);
    expect(
      PreviewGenerationEvidenceRequest.safeParse({
        ...upstreamBody,
        generation: { ...upstreamBody.generation, state: "active" },
      }).success,
    ).toBe(false);
  });

  it("requires the generation facts upstream requires", () => {
    for (const field of ["anchor_head_sha", "requested_reason", "requested_at", "resolved_manifest_fingerprint"]) {
      const result = PreviewGenerationEvidenceRequest.safeParse({
        ...upstreamBody,
        generation: { ...upstreamBody.generation, [field]: " " },
      });
      expect(result.success).toBe(false);
    }
  });

  it("exposes the un-refined fields for extension", () => {
    const extended = PreviewGenerationEvidenceRequestFields.extend({ note: PreviewGenerationEvidenceRequestFields.shape.product });
    expect(extended.safeParse({ ...upstreamBody, note: "x" }).success).toBe(true);
  });
});

describe("PreviewGenerationRecord", () => {
  it("accepts the upstream generation fixture", () => {
    const record = PreviewGenerationRecord.parse(upstreamGeneration);
    expect(record.companion_summaries).toEqual([]);
    expect(record.failure_stage).toBe("");
    expect(record.runtime_identity).toBeUndefined();
  });

  it("validates nested source map and runtime identity", () => {
    expect(
      PreviewGenerationRecord.safeParse({
        ...upstreamGeneration,
        source_map: [{ repo: "verireel", git_sha: "6b3c9d7", selection: "anchor" }],
      }).success,
    ).toBe(true);
    expect(
      PreviewGenerationRecord.safeParse({
        ...upstreamGeneration,
        source_map: [{ repo: "verireel", git_sha: "6b3c9d7", selection: "head" }],
      }).success,
    ).toBe(false);
    expect(
      PreviewGenerationRecord.safeParse({
        ...upstreamGeneration,
        runtime_identity: {
          context: "verireel-testing",
          instance: "pr-123",
          environment_kind: "preview",
          deployment_record_id: "deployment-1",
          artifact_id: "ghcr.io/every/verireel-app:pr-123",
          source_git_ref: "6b3c9d7",
          preview_id: "preview-verireel-testing-verireel-pr-123",
        },
      }).success,
    ).toBe(true);
    expect(
      PreviewGenerationRecord.safeParse({
        ...upstreamGeneration,
        runtime_identity: { context: "verireel-testing", instance: "pr-123" },
      }).success,
    ).toBe(false);
  });

  it("requires an anchor summary and a positive sequence", () => {
    const { anchor_summary: _omit, ...withoutAnchor } = upstreamGeneration;
    expect(PreviewGenerationRecord.safeParse(withoutAnchor).success).toBe(false);
    expect(PreviewGenerationRecord.safeParse({ ...upstreamGeneration, sequence: 0 }).success).toBe(false);
    expect(PreviewGenerationRecord.safeParse({ ...upstreamGeneration, extra: true }).success).toBe(false);
  });
});

describe("generatePreviewGenerationId", () => {
  it("zero-pads the sequence to four digits", () => {
    expect(generatePreviewGenerationId("preview-opw-tenant-opw-pr-123", 2)).toBe(
      "preview-opw-tenant-opw-pr-123-generation-0002",
    );
    expect(generatePreviewGenerationId("preview-verireel-testing-verireel-pr-123", 1)).toBe(
      "preview-verireel-testing-verireel-pr-123-generation-0001",
    );
    expect(generatePreviewGenerationId("preview-x", 12345)).toBe("preview-x-generation-12345");
  });
});
