import { describe, expect, it } from "vitest";

import {
  DEFAULT_PREVIEW_FEEDBACK_MARKER,
  PreviewPrFeedbackRecord,
  PreviewPrFeedbackRequest,
  buildPreviewPrFeedbackId,
} from "./preview-pr-feedback";

const request = {
  product: "verireel",
  context: "verireel-testing",
  repository: "every/verireel",
  anchor_repo: "verireel",
  anchor_pr_number: 42,
  anchor_pr_url: "https://github.com/every/verireel/pull/42",
  status: "ready",
  preview_url: "https://pr-42.ver-preview.shinycomputers.com",
  immutable_image_reference: "ghcr.io/every/verireel-app@sha256:abc",
  revision: "abc1234",
  run_url: "https://github.com/every/verireel/actions/runs/1",
};

const record = {
  feedback_id: "preview-pr-feedback-verireel-testing-pr-42-20260429T213000Z",
  product: "verireel",
  context: "verireel-testing",
  source: "workflow",
  requested_at: "2026-04-29T21:30:00Z",
  repository: "every/verireel",
  anchor_repo: "verireel",
  anchor_pr_number: 42,
  anchor_pr_url: "https://github.com/every/verireel/pull/42",
  status: "ready",
  marker: DEFAULT_PREVIEW_FEEDBACK_MARKER,
  comment_markdown: `${DEFAULT_PREVIEW_FEEDBACK_MARKER}\nLaunchplane preview is ready for PR #42.`,
  delivery_status: "skipped",
  error_message: "Launchplane runtime records do not expose GITHUB_TOKEN for this context",
};

describe("PreviewPrFeedbackRequest", () => {
  it("applies upstream defaults", () => {
    const parsed = PreviewPrFeedbackRequest.parse(request);
    expect(parsed.marker).toBe("<!-- launchplane-preview-control -->");
    expect(parsed.source).toBe("workflow");
    expect(parsed.dry_run).toBe(false);
    expect(parsed.failure_summary).toBe("");
  });

  it("allows an empty context but not a blank repository or marker", () => {
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, context: "" }).success).toBe(true);
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, repository: " " }).success).toBe(false);
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, marker: "" }).success).toBe(false);
  });

  it("rejects unknown statuses, unknown fields and wrong types", () => {
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, status: "deployed" }).success).toBe(false);
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, comment_markdown: "hi" }).success).toBe(false);
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, anchor_pr_number: "42" }).success).toBe(false);
    expect(PreviewPrFeedbackRequest.safeParse({ ...request, dry_run: "yes" }).success).toBe(false);
  });
});

describe("PreviewPrFeedbackRecord", () => {
  it("accepts a skipped delivery and defaults the comment fields", () => {
    const parsed = PreviewPrFeedbackRecord.parse(record);
    expect(parsed.comment_id).toBe(0);
    expect(parsed.comment_url).toBe("");
    expect(parsed.delivery_action).toBe("");
  });

  it("requires rendered markdown and a known delivery status", () => {
    expect(PreviewPrFeedbackRecord.safeParse({ ...record, comment_markdown: " " }).success).toBe(false);
    expect(PreviewPrFeedbackRecord.safeParse({ ...record, delivery_status: "pending" }).success).toBe(false);
    expect(PreviewPrFeedbackRecord.safeParse({ ...record, comment_id: 1.5 }).success).toBe(false);
    expect(PreviewPrFeedbackRecord.safeParse({ ...record, dry_run: false }).success).toBe(false);
  });
});

describe("PreviewPrFeedbackRecord remediation audit", () => {
  const remediation = {
    remediates_feedback_id: "preview-pr-feedback-verireel-testing-pr-42-20260429T213000Z",
    remediation_reason: "stale comment after manual teardown",
    remediation_issue_reference: "https://github.com/cbusillo/launchplane/issues/1",
    remediation_plan_sha256: "A".repeat(64),
    remediation_actor: "octocat",
  };

  it("accepts a complete remediation on a terminal status and lower-cases the digest", () => {
    const parsed = PreviewPrFeedbackRecord.parse({ ...record, ...remediation, status: "cleared" });
    expect(parsed.remediation_plan_sha256).toBe("a".repeat(64));
  });

  it("rejects partial remediation, non-terminal status and bad digests", () => {
    const partial = PreviewPrFeedbackRecord.safeParse({ ...record, remediation_reason: "x", status: "cleared" });
    expect(partial.success).toBe(false);
    expect(partial.error?.issues[0]?.message).toBe("preview PR feedback remediation audit fields must be complete");
    const ready = PreviewPrFeedbackRecord.safeParse({ ...record, ...remediation });
    expect(ready.success).toBe(false);
    expect(ready.error?.issues[0]?.message).toBe("preview PR feedback remediation requires a terminal status");
    expect(
      PreviewPrFeedbackRecord.safeParse({
        ...record,
        ...remediation,
        status: "destroyed",
        remediation_plan_sha256: "abc",
      }).success,
    ).toBe(false);
  });
});

describe("buildPreviewPrFeedbackId", () => {
  it("includes the context, PR number and compact timestamp", () => {
    expect(buildPreviewPrFeedbackId("verireel-testing", 42, "2026-04-29T21:30:00Z")).toBe(
      "preview-pr-feedback-verireel-testing-pr-42-20260429T213000Z",
    );
  });
});
