import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubApi, type GitHubApiError, linkWithoutNext } from "@/server/drivers/github-api";
import { type FakeGitHub, headSha, startFakeGitHub } from "../../support/fake-github";

let github: FakeGitHub;
let elsewhere: FakeGitHub;
const token = `ghs_${randomBytes(18).toString("hex")}`;
let sequence = 0;

/** A repository name no other test in this file uses. */
function repository(): { owner: string; repo: string; name: string } {
  sequence += 1;
  const repo = `app-${sequence}`;
  return { owner: "every", repo, name: `every/${repo}` };
}

const api = (options: { timeoutMs?: number; listTimeoutMs?: number } = {}) => createGitHubApi({ token, baseUrl: github.url, ...options });

async function refusal(work: () => Promise<unknown>): Promise<GitHubApiError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Error && error.name === "GitHubApiError") return error as GitHubApiError;
    throw error;
  }
  throw new Error("expected a GitHubApiError");
}

beforeAll(async () => {
  github = await startFakeGitHub();
  elsewhere = await startFakeGitHub();
});

afterAll(async () => {
  await github.close();
  await elsewhere.close();
});

describe("listOpenPullRequests", () => {
  it("pages through every open pull request with the token, sorted by number", async () => {
    const repo = repository();
    github.openPullRequests(repo.name, 250);
    const listed = await api().listOpenPullRequests(repo, { maxPages: 10 });

    expect(listed).toHaveLength(250);
    expect(listed[0]).toEqual({ number: 1, html_url: `https://github.com/${repo.name}/pull/1`, head_sha: headSha(1) });
    expect(listed.map((pr) => pr.number)).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
    const sent = github.requestsFor(`/repos/${repo.name}/`);
    expect(sent.map((request) => request.query)).toEqual([1, 2, 3].map((page) => ({ state: "open", per_page: "100", page: String(page) })));
    for (const request of sent) {
      expect(request).toMatchObject({
        method: "GET",
        path: `/repos/${repo.name}/pulls`,
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        apiVersion: "2022-11-28",
      });
    }
  });

  it("counts drafts and unlabelled pull requests alike", async () => {
    const repo = repository();
    github.setPullRequests(repo.name, [
      { number: 8, draft: true, labels: [{ name: "preview" }] },
      { number: 7, draft: false, labels: [] },
    ]);
    expect((await api().listOpenPullRequests(repo)).map((pr) => pr.number)).toEqual([7, 8]);
  });

  it("reports a full last page at max_pages as an incomplete list, never a short one", async () => {
    const repo = repository();
    github.openPullRequests(repo.name, 100);
    const error = await refusal(() => api().listOpenPullRequests(repo, { maxPages: 1 }));
    expect(error.message).toBe(`${repo.name} has more than 100 open pull requests; the list is incomplete.`);

    const more = repository();
    github.openPullRequests(more.name, 201);
    const second = await refusal(() => api().listOpenPullRequests(more, { maxPages: 2 }));
    expect(second.message).toBe(`${more.name} has more than 200 open pull requests; the list is incomplete.`);
    expect(github.requestsFor(`/repos/${more.name}/`)).toHaveLength(2);
  });

  it("asks for the next page after a full page that carries no Link header, and stops at an empty one", async () => {
    const repo = repository();
    github.openPullRequests(repo.name, 100);
    expect(await api().listOpenPullRequests(repo, { maxPages: 2 })).toHaveLength(100);
    expect(github.requestsFor(`/repos/${repo.name}/`).map((request) => request.query.page)).toEqual(["1", "2"]);
  });

  it("refuses a candidate without number, head or URL", async () => {
    const repo = repository();
    github.setPullRequests(repo.name, [{ number: 3, head: { sha: "" } }]);
    const error = await refusal(() => api().listOpenPullRequests(repo));
    expect(error.message).toBe(`GitHub pull request candidate for ${repo.name} is missing its number, head, or URL.`);
  });

  it("turns a GitHub error into a message without the token, even when GitHub echoes it", async () => {
    const repo = repository();
    github.failNext({ path: `/repos/${repo.name}/pulls` }, 500, { message: `internal failure for token ${token}` });
    const error = await refusal(() => api().listOpenPullRequests(repo));
    expect(error.status).toBe(500);
    expect(error.message).toBe(`GitHub API request failed for GET /repos/${repo.name}/pulls: HTTP 500 (internal failure for token [redacted]).`);
    expect(error.message).not.toContain(token.slice(0, 12));
  });

  it("follows a redirect on the API's own origin but never one to another host", async () => {
    const renamed = repository();
    const target = repository();
    github.openPullRequests(target.name, 2);
    github.redirectNext({ path: `/repos/${renamed.name}/pulls` }, `${github.url}/repos/${target.name}/pulls?state=open&per_page=100&page=1`);
    expect((await api().listOpenPullRequests(renamed)).map((pr) => pr.number)).toEqual([1, 2]);

    const moved = repository();
    elsewhere.openPullRequests(moved.name, 1);
    github.redirectNext({ path: `/repos/${moved.name}/pulls` }, `${elsewhere.url}/repos/${moved.name}/pulls`, 307);
    const error = await refusal(() => api().listOpenPullRequests(moved));
    expect(error.message).toBe(
      `GitHub API request for GET /repos/${moved.name}/pulls was redirected to another host; Launchplane does not follow it.`,
    );
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("gives up on a request that does not answer in time", async () => {
    const repo = repository();
    github.hangNext({ path: `/repos/${repo.name}/pulls` });
    const error = await refusal(() => api({ timeoutMs: 300 }).listOpenPullRequests(repo));
    expect(error.message).toBe(`GitHub API request for GET /repos/${repo.name}/pulls timed out after 300 ms.`);
  });

  it("gives up on a listing that takes longer than its overall budget", async () => {
    const repo = repository();
    github.hangNext({ path: `/repos/${repo.name}/pulls` });
    const error = await refusal(() => api({ timeoutMs: 5_000, listTimeoutMs: 300 }).listOpenPullRequests(repo));
    expect(error.message).toBe("GitHub pull request list timed out.");
  });

  it("refuses repository names that are not plain GitHub names before calling", async () => {
    const before = github.requests.length;
    const error = await refusal(() => api().listOpenPullRequests({ owner: "every", repo: ".." }));
    expect(error.message).toBe("GitHub repository must use owner/repo format.");
    expect(github.requests.length).toBe(before);
  });
});

describe("issue comments", () => {
  it("finds the marker comment past the first page, preferring the marker over a legacy one", async () => {
    const repo = repository();
    github.addComment(repo.name, 5, "<!-- legacy-marker -->\nold note");
    for (let index = 0; index < 120; index += 1) github.addComment(repo.name, 5, `chatter ${index}`);
    const current = github.addComment(repo.name, 5, "<!-- current-marker -->\nnew note");

    const found = await api().findIssueCommentByMarker(repo, 5, ["<!-- current-marker -->", "<!-- legacy-marker -->"]);
    expect(found).toEqual({ id: current.id, html_url: current.html_url, body: current.body });
    expect(github.requestsFor(`/repos/${repo.name}/issues/5/comments`).map((request) => request.query)).toEqual([
      { per_page: "100", page: "1" },
      { per_page: "100", page: "2" },
    ]);

    const legacyOnly = await api().findIssueCommentByMarker(repo, 5, ["<!-- absent -->", "<!-- legacy-marker -->"]);
    expect(legacyOnly?.body).toBe("<!-- legacy-marker -->\nold note");
    expect(await api().findIssueCommentByMarker(repo, 5, ["<!-- absent -->"])).toBeNull();
  });

  it("creates, updates and deletes a comment with the token", async () => {
    const repo = repository();
    const created = await api().createIssueComment(repo, 9, "first body");
    expect(created.html_url).toBe(`https://github.com/${repo.name}/pull/9#issuecomment-${created.id}`);
    const updated = await api().updateIssueComment(repo, created.id, "second body");
    expect(updated).toMatchObject({ id: created.id, body: "second body" });
    expect(github.comments(repo.name, 9).map((comment) => comment.body)).toEqual(["second body"]);
    await api().deleteIssueComment(repo, created.id);
    expect(github.comments(repo.name, 9)).toEqual([]);

    const sent = github.requestsFor(`/repos/${repo.name}/`);
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /repos/${repo.name}/issues/9/comments`,
      `PATCH /repos/${repo.name}/issues/comments/${created.id}`,
      `DELETE /repos/${repo.name}/issues/comments/${created.id}`,
    ]);
    expect(sent.map((request) => request.body)).toEqual([{ body: "first body" }, { body: "second body" }, null]);
    expect(sent.every((request) => request.authorization === `Bearer ${token}`)).toBe(true);
  });

  it("reports a deleted-elsewhere comment as an error with GitHub's message", async () => {
    const repo = repository();
    const error = await refusal(() => api().updateIssueComment(repo, 424242, "body"));
    expect(error.message).toBe(`GitHub API request failed for PATCH /repos/${repo.name}/issues/comments/424242: HTTP 404 (Not Found).`);
  });
});

describe("linkWithoutNext", () => {
  it("is true only for a Link header that names pages but no next one", () => {
    expect(linkWithoutNext(null)).toBe(false);
    expect(linkWithoutNext('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=3>; rel="last"')).toBe(false);
    expect(linkWithoutNext('<https://api.github.com/x?page=2>; rel="prev", <https://api.github.com/x?page=1>; rel="first"')).toBe(true);
    expect(linkWithoutNext("garbage")).toBe(false);
  });
});
