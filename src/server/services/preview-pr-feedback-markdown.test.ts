import { describe, expect, it } from "vitest";
import { renderPreviewPrFeedbackMarkdown } from "./preview-pr-feedback-markdown";

const marker = "<!-- launchplane-preview-control -->";

describe("renderPreviewPrFeedbackMarkdown", () => {
  it("renders a ready comment with facts and controls", () => {
    expect(
      renderPreviewPrFeedbackMarkdown({
        marker,
        status: "ready",
        anchor_pr_number: 42,
        preview_url: " https://pr-42.example.com ",
        refresh_image_reference: "ghcr.io/every/app:pr-42",
      }),
    ).toBe(
      [
        marker,
        "Launchplane preview is ready for PR #42.",
        "",
        "- Preview URL: https://pr-42.example.com",
        "- Refresh tag: `ghcr.io/every/app:pr-42`",
        "",
        "The preview passed the remote creator/public verification gate.",
        "",
        "Controls:",
        "- Push new commits to refresh this preview.",
        "- Close or merge the PR to remove the preview.",
        "- Preview inventory, lifecycle plans, and cleanup evidence are recorded in Launchplane.",
      ].join("\n"),
    );
  });

  it("renders headline and closing paragraph per status", () => {
    const pending = renderPreviewPrFeedbackMarkdown({ marker, status: "pending", anchor_pr_number: 7 });
    expect(pending.split("\n")).toEqual([
      marker,
      "Launchplane preview is waiting for PR #7.",
      "",
      "",
      "Preview prerequisites are still in flight. Launchplane will replace this note once the preview is ready or an actual preview failure is known.",
    ]);
    expect(renderPreviewPrFeedbackMarkdown({ marker, status: "failed", anchor_pr_number: 7 })).toContain(
      "Launchplane preview refresh failed for PR #7.",
    );
    expect(renderPreviewPrFeedbackMarkdown({ marker, status: "cleared", anchor_pr_number: 7 })).toContain(
      "Launchplane keeps this record as evidence of the cleared PR feedback request.",
    );
    expect(renderPreviewPrFeedbackMarkdown({ marker, status: "unsupported", anchor_pr_number: 7 })).toContain(
      "Launchplane preview automation is unavailable for PR #7.",
    );
  });

  it("words cleanup_failed by whether resource evidence is present", () => {
    const withUrl = renderPreviewPrFeedbackMarkdown({ marker, status: "cleanup_failed", anchor_pr_number: 7, preview_url: "https://x" });
    expect(withUrl.endsWith("The preview may still exist. Check the Launchplane cleanup record before retrying.")).toBe(true);
    const without = renderPreviewPrFeedbackMarkdown({ marker, status: "cleanup_failed", anchor_pr_number: 7 });
    expect(without).toContain("Launchplane could not confirm cleanup for this preview lifecycle.");
  });
});
