import { describe, expect, it } from "vitest";

import {
  PreviewDesiredStateRecord,
  PreviewDesiredStateRequest,
  buildPreviewDesiredStateId,
} from "./preview-desired-state";

// Upstream test fixture (a passing discovery with no open pull requests).
const upstreamRecord = {
  desired_state_id: "preview-desired-state-verireel-testing-1",
  product: "verireel",
  context: "verireel-testing",
  source: "launchplane-preview-lifecycle",
  discovered_at: "2026-04-29T21:30:00Z",
  repository: "every/verireel",
  label: "preview",
  anchor_repo: "verireel",
  status: "pass",
  desired_count: 0,
};

const discovered = {
  ...upstreamRecord,
  desired_count: 1,
  desired_previews: [
    {
      preview_slug: "pr-42",
      anchor_repo: "verireel",
      anchor_pr_number: 42,
      anchor_pr_url: "https://github.com/every/verireel/pull/42",
      head_sha: "abc1234",
    },
  ],
};

describe("PreviewDesiredStateRecord", () => {
  it("accepts the upstream fixture and defaults the slug prefix", () => {
    const record = PreviewDesiredStateRecord.parse(upstreamRecord);
    expect(record.preview_slug_prefix).toBe("pr-");
    expect(record.desired_previews).toEqual([]);
    expect(PreviewDesiredStateRecord.parse(discovered).desired_previews[0]?.preview_slug).toBe("pr-42");
  });

  it("accepts records written without the retired label", () => {
    const { label: _omit, ...withoutLabel } = upstreamRecord;
    expect(PreviewDesiredStateRecord.parse(withoutLabel).label).toBe("");
    expect(PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, label: 7 }).success).toBe(false);
  });

  it("requires desired_count to match desired_previews", () => {
    const result = PreviewDesiredStateRecord.safeParse({ ...discovered, desired_count: 2 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("preview desired state desired_count must match desired_previews");
  });

  it("ties error_message to the status", () => {
    const passWithError = PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, error_message: "boom" });
    expect(passWithError.success).toBe(false);
    expect(passWithError.error?.issues[0]?.message).toBe("passing preview desired state must not include error_message");
    const failWithoutError = PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, status: "fail" });
    expect(failWithoutError.success).toBe(false);
    expect(failWithoutError.error?.issues[0]?.message).toBe("failed preview desired state requires error_message");
    expect(
      PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, status: "fail", error_message: "token missing" }).success,
    ).toBe(true);
  });

  it("rejects unknown fields, wrong types and blank required text", () => {
    expect(PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, max_pages: 10 }).success).toBe(false);
    expect(PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, desired_count: "0" }).success).toBe(false);
    expect(PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, repository: "" }).success).toBe(false);
    expect(PreviewDesiredStateRecord.safeParse({ ...upstreamRecord, preview_slug_prefix: " " }).success).toBe(false);
  });
});

describe("PreviewDesiredStateRequest", () => {
  const body = { product: "verireel", context: "verireel-testing", repository: "every/verireel", anchor_repo: "verireel" };

  it("applies upstream defaults", () => {
    const request = PreviewDesiredStateRequest.parse(body);
    expect(request).toMatchObject({ source: "workflow", label: "preview", preview_slug_prefix: "pr-", max_pages: 10 });
  });

  it("bounds max_pages to 1..20 and rejects unknown fields", () => {
    expect(PreviewDesiredStateRequest.safeParse({ ...body, max_pages: 21 }).success).toBe(false);
    expect(PreviewDesiredStateRequest.safeParse({ ...body, max_pages: 0 }).success).toBe(false);
    expect(PreviewDesiredStateRequest.safeParse({ ...body, max_pages: 20 }).success).toBe(true);
    expect(PreviewDesiredStateRequest.safeParse({ ...body, desired_previews: [] }).success).toBe(false);
    expect(PreviewDesiredStateRequest.safeParse({ ...body, label: "" }).success).toBe(false);
  });
});

describe("buildPreviewDesiredStateId", () => {
  it("uses the compact discovered_at timestamp", () => {
    expect(buildPreviewDesiredStateId("verireel-testing", "2026-04-29T21:30:00Z")).toBe(
      "preview-desired-state-verireel-testing-20260429T213000Z",
    );
  });
});
