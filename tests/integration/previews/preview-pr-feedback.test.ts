import { describe, expect, it } from "vitest";
import { PreviewPrFeedbackRequest } from "@/server/contracts/preview-pr-feedback";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { NOT_A_PULL_REQUEST_URL_MESSAGE, NOT_DELIVERED_MESSAGE, recordPreviewPrFeedback } from "@/server/services/preview-pr-feedback";
import { useTestDb } from "../../support/database";
import { generationEvidence, previewScope, type PreviewScope } from "./preview-fixtures";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();

function feedback(scope: PreviewScope, overrides: Record<string, unknown> = {}) {
  return PreviewPrFeedbackRequest.parse({
    product: scope.product,
    context: scope.context,
    repository: `every/${scope.repo}`,
    anchor_repo: scope.repo,
    anchor_pr_number: scope.pr,
    anchor_pr_url: `https://github.com/every/${scope.repo}/pull/${scope.pr}`,
    status: "ready",
    ...overrides,
  });
}

const at = (iso: string) => new Date(iso);

describe("preview PR feedback", () => {
  it("records a delivered ready comment with the rendered markdown and the reported outcome", async () => {
    const scope = previewScope();
    const { result, records, dryRun } = await recordPreviewPrFeedback(
      db,
      feedback(scope, {
        preview_url: "https://pr-123.preview.example.com",
        immutable_image_reference: "ghcr.io/every/app@sha256:abc",
        revision: "6b3c9d7",
        run_url: "https://github.com/every/tenant-app/actions/runs/1",
      }),
      {
        now: at("2026-04-16T08:11:00.250Z"),
        delivery: { delivery_status: "delivered", delivery_action: "created_comment", comment_id: 99, comment_url: "https://github.com/every/tenant-app/pull/123#issuecomment-99" },
      },
    );
    expect(dryRun).toBe(false);
    expect(records.preview_pr_feedback_id).toBe(`preview-pr-feedback-${scope.context}-pr-123-20260416T081100250Z`);
    expect(result).toMatchObject({
      status: "ready",
      delivery_status: "delivered",
      delivery_action: "created_comment",
      comment_id: 99,
      error_message: "",
      preview_url: "https://pr-123.preview.example.com",
    });
    expect(result.comment_markdown.split("\n").slice(0, 7)).toEqual([
      "<!-- launchplane-preview-control -->",
      "Launchplane preview is ready for PR #123.",
      "",
      "- Preview URL: https://pr-123.preview.example.com",
      "- Immutable image: `ghcr.io/every/app@sha256:abc`",
      "- Revision: `6b3c9d7`",
      "- Workflow run: https://github.com/every/tenant-app/actions/runs/1",
    ]);
    const row = await db.previewPrFeedback.findUniqueOrThrow({ where: { feedbackId: result.feedback_id } });
    expect(row).toMatchObject({ product: scope.product, status: "ready", deliveryStatus: "delivered", anchorPrNumber: 123 });
  });

  it("takes a ready preview's URL from this product's active preview; refuses ready without any URL", async () => {
    const scope = previewScope();
    const noUrl = await refusal(recordPreviewPrFeedback(db, feedback(scope)));
    expect(noUrl.code).toBe("invalid_request");
    expect(noUrl.message).toBe(
      "Ready preview feedback requires an explicit preview URL or an active Launchplane preview record.",
    );
    expect(await db.previewPrFeedback.count({ where: { product: scope.product } })).toBe(0);

    await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { canonical_url: "https://pr-123.from-record.example.com" }));
    const { result } = await recordPreviewPrFeedback(db, feedback(scope));
    expect(result.preview_url).toBe("https://pr-123.from-record.example.com");
    expect(result).toMatchObject({ delivery_status: "skipped", delivery_action: "", error_message: NOT_DELIVERED_MESSAGE });
  });

  it("records a non-GitHub pull request URL as skipped and refuses a delivery claim for it", async () => {
    const scope = previewScope();
    const request = feedback(scope, { status: "pending", anchor_pr_url: "https://gitlab.example.com/every/app/-/merge_requests/1" });
    const { result } = await recordPreviewPrFeedback(db, request);
    expect(result).toMatchObject({ delivery_status: "skipped", error_message: NOT_A_PULL_REQUEST_URL_MESSAGE });

    const claimed = await refusal(recordPreviewPrFeedback(db, request, {
      delivery: { delivery_status: "delivered", delivery_action: "created_comment", comment_id: 1 },
    }));
    expect(claimed.code).toBe("invalid_request");
    expect(await db.previewPrFeedback.count({ where: { product: scope.product } })).toBe(1);
  });

  it("keeps skipped and failed attempts as evidence and refuses incoherent outcomes", async () => {
    const scope = previewScope();
    const cleared = await recordPreviewPrFeedback(db, feedback(scope, { status: "cleared" }), {
      now: at("2026-04-16T09:00:00Z"),
      delivery: { delivery_status: "skipped", delivery_action: "no_existing_comment" },
    });
    expect(cleared.result).toMatchObject({ delivery_status: "skipped", delivery_action: "no_existing_comment", error_message: "" });
    const failed = await recordPreviewPrFeedback(db, feedback(scope, { status: "failed", failure_summary: "build failed" }), {
      now: at("2026-04-16T09:01:00Z"),
      delivery: { delivery_status: "failed", error_message: "GitHub API returned 502" },
    });
    expect(failed.result).toMatchObject({ delivery_status: "failed", error_message: "GitHub API returned 502" });
    expect(failed.result.comment_markdown).toContain("- Failure summary: build failed");

    for (const delivery of [
      { delivery_status: "delivered" as const, delivery_action: "created_comment" },
      { delivery_status: "delivered" as const, delivery_action: "deleted_comment", comment_id: 5 },
      { delivery_status: "failed" as const },
      { delivery_status: "skipped" as const },
    ]) {
      const error = await refusal(recordPreviewPrFeedback(db, feedback(scope, { status: "destroyed" }), { delivery }));
      expect(error.code).toBe("invalid_request");
    }
    expect(await db.previewPrFeedback.count({ where: { product: scope.product } })).toBe(2);
  });

  it("dry_run returns the rendered record without storing it; an empty context is refused", async () => {
    const scope = previewScope();
    const { result, records, dryRun } = await recordPreviewPrFeedback(db, feedback(scope, { status: "destroyed", dry_run: true }));
    expect(dryRun).toBe(true);
    expect(records).toEqual({});
    expect(result.comment_markdown).toContain("Launchplane retired the preview for PR #123.");
    expect(await db.previewPrFeedback.count({ where: { product: scope.product } })).toBe(0);

    const noContext = await refusal(recordPreviewPrFeedback(db, feedback(scope, { context: "" })));
    expect(noContext.code).toBe("invalid_request");
  });
});
