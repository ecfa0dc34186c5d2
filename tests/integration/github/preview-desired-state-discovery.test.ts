import { describe, expect, it } from "vitest";
import { PreviewDesiredStateRequest } from "@/server/contracts/preview-desired-state";
import { MISSING_GITHUB_TOKEN_MESSAGE } from "@/server/services/github-token";
import { discoverAndRecordPreviewDesiredState } from "@/server/services/preview-desired-state-discovery";
import { upsertProductProfile } from "@/server/services/product-profiles";
import { headSha } from "../../support/fake-github";
import { uniqueProduct, useTestDb } from "../../support/database";
import { profilePayload } from "../config/config-fixtures";
import { expectNoToken, storedText, useFakeGitHub, writeContextGitHubToken } from "./github-fixtures";

const { db } = useTestDb();
const fake = useFakeGitHub();

function scope() {
  const product = uniqueProduct("gh-desired");
  return { product, context: `${product}-testing`, repository: `every/${product}` };
}

function request(target: ReturnType<typeof scope>, overrides: Record<string, unknown> = {}) {
  return PreviewDesiredStateRequest.parse({
    product: target.product,
    context: target.context,
    repository: target.repository,
    anchor_repo: target.product,
    ...overrides,
  });
}

const actor = "every/workflows (every/workflows/.github/workflows/previews.yml@refs/heads/main)";
const at = new Date("2026-10-02T15:30:00.125Z");

async function storedDesiredStates(product: string) {
  const rows = await db.previewDesiredState.findMany({ where: { product }, orderBy: { discoveredAt: "asc" }, take: 20 });
  return rows.map((row) => row.payload as Record<string, unknown>);
}

describe("desired-state discovery from GitHub", () => {
  it("records every open pull request with the context's token and audits the resolution", async () => {
    const target = scope();
    const { token, secretId } = await writeContextGitHubToken(db, target.context);
    fake.github.setPullRequests(target.repository, [{ number: 42 }, { number: 7, draft: true }]);

    const outcome = await discoverAndRecordPreviewDesiredState(db, request(target), { actor, now: at });

    const id = `preview-desired-state-${target.context}-20261002T153000125Z`;
    expect(outcome.records).toEqual({ preview_desired_state_id: id });
    expect(outcome.result).toMatchObject({ status: "pass", desired_count: 2, error_message: "", label: "" });
    expect(outcome.result.desired_previews).toEqual([
      {
        preview_slug: "pr-42",
        anchor_repo: target.product,
        anchor_pr_number: 42,
        anchor_pr_url: `https://github.com/${target.repository}/pull/42`,
        head_sha: headSha(42),
      },
      {
        preview_slug: "pr-7",
        anchor_repo: target.product,
        anchor_pr_number: 7,
        anchor_pr_url: `https://github.com/${target.repository}/pull/7`,
        head_sha: headSha(7),
      },
    ]);
    expect(await storedDesiredStates(target.product)).toEqual([outcome.result]);

    const sent = fake.github.requestsFor(`/repos/${target.repository}/`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "GET", authorization: `Bearer ${token}`, query: { state: "open", per_page: "100", page: "1" } });

    const resolved = await db.secretAuditEvent.findMany({ where: { secretId, eventType: "plaintext_resolved" }, take: 5 });
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.payload).toMatchObject({
      actor,
      detail: `Launchplane resolved a managed secret for GitHub pull request list for ${target.repository}.`,
    });
    expectNoToken(await storedText(db, target.product, secretId), token);
  });

  it("names the slugs after the product profile's preview slug template", async () => {
    const target = scope();
    await upsertProductProfile(
      db,
      profilePayload(target.product, { repository: target.repository, preview: { slug_template: "preview-{number}-site" } }),
    );
    await writeContextGitHubToken(db, target.context);
    fake.github.setPullRequests(target.repository, [{ number: 10 }, { number: 9 }]);

    const { result } = await discoverAndRecordPreviewDesiredState(db, request(target, { preview_slug_prefix: "ignored-" }), { actor });
    expect(result.desired_previews.map((preview) => preview.preview_slug)).toEqual(["preview-10-site", "preview-9-site"]);
    expect(result.preview_slug_prefix).toBe("ignored-");
  });

  it("records a fail record without asking GitHub when the context has no token", async () => {
    const target = scope();
    fake.github.openPullRequests(target.repository, 3);

    const { result, records } = await discoverAndRecordPreviewDesiredState(db, request(target), { actor, now: at });

    expect(result).toMatchObject({ status: "fail", desired_count: 0, desired_previews: [], error_message: MISSING_GITHUB_TOKEN_MESSAGE });
    expect(records.preview_desired_state_id).toBe(result.desired_state_id);
    expect(await storedDesiredStates(target.product)).toEqual([result]);
    expect(fake.github.requestsFor(`/repos/${target.repository}/`)).toEqual([]);
  });

  it("does not use another context's token", async () => {
    const target = scope();
    await writeContextGitHubToken(db, `${target.context}-other`);
    const { result } = await discoverAndRecordPreviewDesiredState(db, request(target), { actor });
    expect(result.error_message).toBe(MISSING_GITHUB_TOKEN_MESSAGE);
    expect(fake.github.requestsFor(`/repos/${target.repository}/`)).toEqual([]);
  });

  it("records an incomplete listing as a failure, not a short list", async () => {
    const target = scope();
    await writeContextGitHubToken(db, target.context);
    fake.github.openPullRequests(target.repository, 100);

    const { result } = await discoverAndRecordPreviewDesiredState(db, request(target, { max_pages: 1 }), { actor });
    expect(result).toMatchObject({
      status: "fail",
      desired_count: 0,
      desired_previews: [],
      error_message: `${target.repository} has more than 100 open pull requests; the list is incomplete.`,
    });
  });

  it("records a GitHub 500 as a failure whose message carries no token", async () => {
    const target = scope();
    const { token, secretId } = await writeContextGitHubToken(db, target.context);
    fake.github.failNext({ path: `/repos/${target.repository}/pulls` }, 500, { message: `upstream broke near ${token}` });

    const { result } = await discoverAndRecordPreviewDesiredState(db, request(target), { actor });
    expect(result).toMatchObject({
      status: "fail",
      desired_count: 0,
      error_message: `GitHub API request failed for GET /repos/${target.repository}/pulls: HTTP 500 (upstream broke near [redacted]).`,
    });
    expectNoToken(await storedText(db, target.product, secretId), token);
  });

  it("records a repository that is not owner/repo as a failure before resolving any token", async () => {
    const target = scope();
    const { secretId } = await writeContextGitHubToken(db, target.context);
    const { result } = await discoverAndRecordPreviewDesiredState(db, request(target, { repository: "just-a-name" }), { actor });
    expect(result).toMatchObject({ status: "fail", error_message: "GitHub repository must use owner/repo format." });
    expect(await db.secretAuditEvent.count({ where: { secretId, eventType: "plaintext_resolved" } })).toBe(0);
  });
});
