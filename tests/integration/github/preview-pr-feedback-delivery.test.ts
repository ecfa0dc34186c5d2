import { describe, expect, it } from "vitest";
import { PreviewPrFeedbackRequest } from "@/server/contracts/preview-pr-feedback";
import { MISSING_GITHUB_TOKEN_MESSAGE } from "@/server/services/github-token";
import { NOT_A_PULL_REQUEST_URL_MESSAGE } from "@/server/services/preview-pr-feedback";
import {
  previewPrFeedbackAlternativeActions,
  publishPreviewPrFeedback,
  UNSAFE_MARKER_MESSAGE,
} from "@/server/services/preview-pr-feedback-delivery";
import { uniqueProduct, useTestDb } from "../../support/database";
import { expectNoToken, storedText, useFakeGitHub, writeContextGitHubToken } from "./github-fixtures";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();
const fake = useFakeGitHub();
const actor = "every/app (every/app/.github/workflows/preview.yml@refs/heads/main)";
const PR = 31;

function scope() {
  const product = uniqueProduct("gh-feedback");
  const repository = `every/${product}`;
  return { product, context: `${product}-testing`, repository, commentsPath: `/repos/${repository}/issues/` };
}

function feedback(target: ReturnType<typeof scope>, overrides: Record<string, unknown> = {}) {
  return PreviewPrFeedbackRequest.parse({
    product: target.product,
    context: target.context,
    repository: target.repository,
    anchor_repo: target.product,
    anchor_pr_number: PR,
    anchor_pr_url: `https://github.com/${target.repository}/pull/${PR}`,
    status: "ready",
    preview_url: `https://pr-${PR}.preview.example.com`,
    revision: "6b3c9d7",
    ...overrides,
  });
}

async function storedFeedback(product: string) {
  const rows = await db.previewPrFeedback.findMany({ where: { product }, orderBy: { requestedAt: "asc" }, take: 20 });
  return rows.map((row) => row.payload as Record<string, unknown>);
}

const writes = (target: ReturnType<typeof scope>) =>
  fake.github.requestsFor(`/repos/${target.repository}/`).filter((request) => request.method !== "GET");

describe("preview PR feedback delivered to GitHub", () => {
  it("creates the marker comment when there is none and records the delivery", async () => {
    const target = scope();
    const { token, secretId } = await writeContextGitHubToken(db, target.context);
    fake.github.addComment(target.repository, PR, "Looks good to me", "reviewer");

    const { result, records } = await publishPreviewPrFeedback(db, feedback(target), { actor });

    const [created] = fake.github.comments(target.repository, PR).filter((comment) => comment.user.login === "launchplane-bot");
    expect(created?.body).toBe(result.comment_markdown);
    expect(result.comment_markdown.split("\n").slice(0, 4)).toEqual([
      "<!-- launchplane-preview-control -->",
      `Launchplane preview is ready for PR #${PR}.`,
      "",
      `- Preview URL: https://pr-${PR}.preview.example.com`,
    ]);
    expect(result).toMatchObject({
      delivery_status: "delivered",
      delivery_action: "created_comment",
      comment_id: created!.id,
      comment_url: created!.html_url,
      error_message: "",
    });
    expect(await storedFeedback(target.product)).toEqual([result]);
    expect(records.preview_pr_feedback_id).toBe(result.feedback_id);

    const sent = fake.github.requestsFor(`/repos/${target.repository}/`);
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /repos/${target.repository}/issues/${PR}/comments`,
      `POST /repos/${target.repository}/issues/${PR}/comments`,
    ]);
    expect(sent.every((request) => request.authorization === `Bearer ${token}`)).toBe(true);
    expect(sent[1]!.body).toEqual({ body: result.comment_markdown });
    expectNoToken(await storedText(db, target.product, secretId), token);
  });

  it("updates the existing comment in place, also one left with the legacy marker", async () => {
    const target = scope();
    await writeContextGitHubToken(db, target.context);
    const legacy = fake.github.addComment(target.repository, PR, "<!-- verireel-preview-control -->\nold status", "launchplane-bot");

    const { result } = await publishPreviewPrFeedback(db, feedback(target, { status: "failed", failure_summary: "build broke" }), { actor });

    expect(result).toMatchObject({ delivery_status: "delivered", delivery_action: "updated_comment", comment_id: legacy.id, comment_url: legacy.html_url });
    expect(fake.github.comments(target.repository, PR)).toEqual([{ ...legacy, body: result.comment_markdown }]);
    expect(writes(target).map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /repos/${target.repository}/issues/comments/${legacy.id}`,
    ]);
  });

  it("deletes the comment when feedback is cleared, and skips when there is nothing to clear", async () => {
    const target = scope();
    await writeContextGitHubToken(db, target.context);
    const first = await publishPreviewPrFeedback(db, feedback(target, { status: "pending", preview_url: "" }), { actor });
    const commentId = first.result.comment_id;
    expect(first.result.delivery_action).toBe("created_comment");

    const cleared = await publishPreviewPrFeedback(db, feedback(target, { status: "cleared", preview_url: "" }), { actor });
    expect(cleared.result).toMatchObject({ delivery_status: "delivered", delivery_action: "deleted_comment", comment_id: commentId, comment_url: "" });
    expect(fake.github.comments(target.repository, PR)).toEqual([]);

    const again = await publishPreviewPrFeedback(db, feedback(target, { status: "cleared", preview_url: "" }), { actor });
    expect(again.result).toMatchObject({ delivery_status: "skipped", delivery_action: "no_existing_comment", comment_id: 0, error_message: "" });
    expect(writes(target).map((request) => request.method)).toEqual(["POST", "DELETE"]);
    expect((await storedFeedback(target.product)).map((record) => record.delivery_action)).toEqual([
      "created_comment",
      "deleted_comment",
      "no_existing_comment",
    ]);
  });

  it("records a skipped attempt without calling GitHub when the context has no token", async () => {
    const target = scope();
    const { result } = await publishPreviewPrFeedback(db, feedback(target), { actor });
    expect(result).toMatchObject({ delivery_status: "skipped", delivery_action: "", comment_id: 0, error_message: MISSING_GITHUB_TOKEN_MESSAGE });
    expect(await storedFeedback(target.product)).toEqual([result]);
    expect(fake.github.requestsFor(`/repos/${target.repository}/`)).toEqual([]);
  });

  it("records a GitHub 500 as a failed delivery whose message carries no token", async () => {
    const target = scope();
    const { token, secretId } = await writeContextGitHubToken(db, target.context);
    fake.github.failNext({ method: "POST", path: `${target.commentsPath}${PR}/comments` }, 500, { message: `boom ${token}` });

    const { result } = await publishPreviewPrFeedback(db, feedback(target), { actor });
    expect(result).toMatchObject({
      delivery_status: "failed",
      delivery_action: "",
      comment_id: 0,
      error_message: `GitHub API request failed for POST /repos/${target.repository}/issues/${PR}/comments: HTTP 500 (boom [redacted]).`,
    });
    expect(await storedFeedback(target.product)).toEqual([result]);
    expectNoToken(await storedText(db, target.product, secretId), token);
  });

  it("renders a dry run without a token, a GitHub call or a stored record", async () => {
    const target = scope();
    const { secretId } = await writeContextGitHubToken(db, target.context);
    const { result, records, dryRun } = await publishPreviewPrFeedback(db, feedback(target, { dry_run: true }), { actor });
    expect(dryRun).toBe(true);
    expect(records).toEqual({});
    expect(result.comment_markdown).toContain(`Launchplane preview is ready for PR #${PR}.`);
    expect(result.delivery_status).toBe("skipped");
    expect(await storedFeedback(target.product)).toEqual([]);
    expect(fake.github.requestsFor(`/repos/${target.repository}/`)).toEqual([]);
    expect(await db.secretAuditEvent.count({ where: { secretId, eventType: "plaintext_resolved" } })).toBe(0);
  });

  it("skips delivery for a non-GitHub pull request URL or a marker that is not a hidden comment", async () => {
    const target = scope();
    const { secretId } = await writeContextGitHubToken(db, target.context);
    fake.github.addComment(target.repository, PR, "preview please", "reviewer");

    const notGitHub = await publishPreviewPrFeedback(db, feedback(target, { anchor_pr_url: "https://gitlab.example.com/every/app/pull/31" }), { actor });
    expect(notGitHub.result).toMatchObject({ delivery_status: "skipped", error_message: NOT_A_PULL_REQUEST_URL_MESSAGE });
    const plainMarker = await publishPreviewPrFeedback(db, feedback(target, { status: "cleared", marker: "preview" }), { actor });
    expect(plainMarker.result).toMatchObject({ delivery_status: "skipped", error_message: UNSAFE_MARKER_MESSAGE });

    expect(fake.github.comments(target.repository, PR).map((comment) => comment.body)).toEqual(["preview please"]);
    expect(fake.github.requestsFor(`/repos/${target.repository}/`)).toEqual([]);
    expect(await db.secretAuditEvent.count({ where: { secretId, eventType: "plaintext_resolved" } })).toBe(0);
    expect(await storedFeedback(target.product)).toHaveLength(2);
  });

  it("refuses ready feedback without any preview URL before touching GitHub", async () => {
    const target = scope();
    const { secretId } = await writeContextGitHubToken(db, target.context);
    const error = await refusal(publishPreviewPrFeedback(db, feedback(target, { preview_url: "" }), { actor }));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe("Ready preview feedback requires an explicit preview URL or an active Launchplane preview record.");
    expect(await storedFeedback(target.product)).toEqual([]);
    expect(fake.github.requestsFor(`/repos/${target.repository}/`)).toEqual([]);
    expect(await db.secretAuditEvent.count({ where: { secretId, eventType: "plaintext_resolved" } })).toBe(0);
  });
});

describe("previewPrFeedbackAlternativeActions", () => {
  it("lets the refresh and destroy workflows report on their own outcomes (upstream)", () => {
    expect(previewPrFeedbackAlternativeActions("ready")).toEqual(["preview_refresh.execute"]);
    expect(previewPrFeedbackAlternativeActions("cleanup_failed")).toEqual(["preview_destroy.execute"]);
    expect(previewPrFeedbackAlternativeActions("cleared")).toEqual(["preview_refresh.execute", "preview_destroy.execute"]);
    expect(previewPrFeedbackAlternativeActions("pending")).toEqual([]);
  });
});
