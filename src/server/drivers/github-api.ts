import { env } from "@/server/env";

/**
 * The GitHub REST API as the preview services use it: open pull requests of
 * a repository, and the one marker comment Launchplane keeps on a pull
 * request. The token is given per client (it is resolved per context from a
 * managed secret) and only ever travels in the Authorization header: no
 * error message, URL or return value carries it.
 *
 * Every request has a timeout, redirects are followed only on the API's own
 * origin (a redirect elsewhere would hand the token to another host), and
 * response bodies are read up to a size bound. Problems surface as
 * `GitHubApiError`, whose message is safe to store in a record.
 */

export interface GitHubRepositoryRef {
  owner: string;
  repo: string;
}

export interface GitHubPullRequestSummary {
  number: number;
  html_url: string;
  head_sha: string;
}

export interface GitHubIssueComment {
  id: number;
  html_url: string;
  body: string;
}

export interface GitHubApi {
  /**
   * Every open pull request (drafts included), `per_page=100` pages up to
   * `maxPages`. A full last page at the bound fails with "... the list is
   * incomplete.": a short list would make the missing pull requests'
   * previews look orphaned.
   */
  listOpenPullRequests(repository: GitHubRepositoryRef, options?: { maxPages?: number }): Promise<GitHubPullRequestSummary[]>;
  /**
   * The first comment whose body contains `markers[0]`, else the first that
   * contains `markers[1]`, and so on; null when none does.
   */
  findIssueCommentByMarker(repository: GitHubRepositoryRef, issueNumber: number, markers: readonly string[]): Promise<GitHubIssueComment | null>;
  createIssueComment(repository: GitHubRepositoryRef, issueNumber: number, body: string): Promise<GitHubIssueComment>;
  updateIssueComment(repository: GitHubRepositoryRef, commentId: number, body: string): Promise<GitHubIssueComment>;
  deleteIssueComment(repository: GitHubRepositoryRef, commentId: number): Promise<void>;
}

/** Builds a client for one token (the services resolve the token, then ask for a client). */
export type GitHubApiFactory = (token: string) => GitHubApi;

export interface GitHubApiOptions {
  token: string;
  /** Defaults to LAUNCHPLANE_GITHUB_API_URL (https://api.github.com). */
  baseUrl?: string;
  /** Per request. */
  timeoutMs?: number;
  /** For a whole pull request listing, all pages together. */
  listTimeoutMs?: number;
  maxResponseBytes?: number;
}

/** A GitHub call that did not give the expected answer. The message names no token. */
export class GitHubApiError extends Error {
  readonly status?: number;

  constructor(message: string, status?: number) {
    super(message);
    this.name = "GitHubApiError";
    this.status = status;
  }
}

export function isGitHubApiError(error: unknown): error is GitHubApiError {
  return error instanceof GitHubApiError;
}

// Upstream uses a 15 s timeout per request.
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_LIST_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const PER_PAGE = 100;
/** Pull requests have hundreds of comments at most; past this the search gives up rather than guess. */
const MAX_COMMENT_PAGES = 10;
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const API_VERSION = "2022-11-28";
const USER_AGENT = "launchplane-console";
const GITHUB_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** The REST client for a token, with the configured base URL and default limits. */
export const githubApiForToken: GitHubApiFactory = (token) => createGitHubApi({ token });

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const token = options.token.trim();
  if (!token || /[\r\n]/.test(token)) throw new GitHubApiError("GitHub token is empty or malformed.");
  const base = new URL(options.baseUrl ?? env().LAUNCHPLANE_GITHUB_API_URL);
  const basePath = base.pathname.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const listTimeoutMs = options.listTimeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  interface Answer {
    status: number;
    headers: Headers;
    data: unknown;
  }

  /** One API call; `path` is the API path without query (it appears in error messages). */
  async function call(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    request: { query?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Answer> {
    const label = `${method} ${path}`;
    let url = new URL(base.origin);
    url.pathname = `${basePath}${path}`;
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${token}`,
      "x-github-api-version": API_VERSION,
      "user-agent": USER_AGENT,
    };
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (payload !== undefined) headers["content-type"] = "application/json";

    for (let hop = 0; ; hop += 1) {
      const signal = request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body: payload, redirect: "manual", signal });
      } catch (error) {
        throw transportFailure(error, label, request.signal);
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get("location");
        const next = location ? safeUrl(location, url) : null;
        if (!next || next.origin !== base.origin) {
          throw new GitHubApiError(`GitHub API request for ${label} was redirected to another host; Launchplane does not follow it.`, response.status);
        }
        const keepsMethod = response.status === 307 || response.status === 308;
        if (!keepsMethod && method !== "GET") {
          throw new GitHubApiError(`GitHub API request for ${label} was redirected (HTTP ${response.status}); Launchplane does not repeat it.`, response.status);
        }
        if (hop >= MAX_REDIRECTS) throw new GitHubApiError(`GitHub API request for ${label} was redirected too many times.`, response.status);
        url = next;
        continue;
      }
      let text: string;
      try {
        text = await readBounded(response, maxBytes, label);
      } catch (error) {
        throw transportFailure(error, label, request.signal);
      }
      if (response.status < 200 || response.status >= 300) {
        throw new GitHubApiError(redact(`GitHub API request failed for ${label}: HTTP ${response.status}${githubMessage(text)}.`), response.status);
      }
      if (!text.trim()) return { status: response.status, headers: response.headers, data: null };
      try {
        return { status: response.status, headers: response.headers, data: JSON.parse(text) as unknown };
      } catch {
        throw new GitHubApiError(`GitHub API answered ${label} with a body that is not JSON.`, response.status);
      }
    }
  }

  function transportFailure(error: unknown, label: string, outer: AbortSignal | undefined): GitHubApiError {
    if (isGitHubApiError(error)) return error;
    if (outer?.aborted) return failure(label, "aborted");
    if (isTimeout(error)) return new GitHubApiError(`GitHub API request for ${label} timed out after ${timeoutMs} ms.`);
    return failure(label, networkCode(error));
  }

  /** The token is never put into a message on purpose; this is the second net for echoed text. */
  function redact(message: string): string {
    return message.split(token).join("[redacted]");
  }

  function failure(label: string, reason: string): GitHubApiError {
    return new GitHubApiError(redact(`GitHub API request failed for ${label}: ${reason}.`));
  }

  function repoPath({ owner, repo }: GitHubRepositoryRef): string {
    for (const part of [owner, repo]) {
      if (!GITHUB_NAME.test(part) || part === "." || part === "..") {
        throw new GitHubApiError("GitHub repository must use owner/repo format.");
      }
    }
    return `/repos/${owner}/${repo}`;
  }

  function comment(payload: unknown, what: string): GitHubIssueComment {
    if (!isObject(payload)) throw new GitHubApiError(`GitHub ${what} response must be an object.`);
    const id = payload.id;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
      throw new GitHubApiError(`GitHub ${what} response is missing a numeric comment id.`);
    }
    return {
      id,
      html_url: typeof payload.html_url === "string" ? payload.html_url.trim() : "",
      body: typeof payload.body === "string" ? payload.body : "",
    };
  }

  return {
    async listOpenPullRequests(repository, listOptions = {}) {
      const maxPages = listOptions.maxPages ?? 10;
      if (!Number.isInteger(maxPages) || maxPages < 1) throw new GitHubApiError("maxPages must be a positive integer.");
      const path = `${repoPath(repository)}/pulls`;
      const name = `${repository.owner}/${repository.repo}`;
      const deadline = AbortSignal.timeout(listTimeoutMs);
      const found = new Map<number, GitHubPullRequestSummary>();
      const sorted = () => [...found.values()].sort((left, right) => left.number - right.number);
      for (let page = 1; page <= maxPages; page += 1) {
        let answer: Answer;
        try {
          answer = await call("GET", path, {
            query: { state: "open", per_page: String(PER_PAGE), page: String(page) },
            signal: deadline,
          });
        } catch (error) {
          if (deadline.aborted) throw new GitHubApiError("GitHub pull request list timed out.");
          throw error;
        }
        if (!Array.isArray(answer.data)) throw new GitHubApiError(`GitHub pull request list for ${name} must be a list.`);
        for (const item of answer.data) {
          if (!isObject(item)) continue;
          const pullRequest = pullRequestSummary(item);
          if (!pullRequest) {
            throw new GitHubApiError(`GitHub pull request candidate for ${name} is missing its number, head, or URL.`);
          }
          // A pull request opened while paging shifts the list: the same one can appear twice.
          found.set(pullRequest.number, pullRequest);
        }
        if (answer.data.length < PER_PAGE) return sorted();
        // A full page whose Link header names no next page is the last one (a missing header proves nothing).
        if (page < maxPages && linkWithoutNext(answer.headers.get("link"))) return sorted();
      }
      throw new GitHubApiError(`${name} has more than ${maxPages * PER_PAGE} open pull requests; the list is incomplete.`);
    },

    async findIssueCommentByMarker(repository, issueNumber, markers) {
      const wanted = markers.filter((marker) => marker.trim().length > 0);
      if (wanted.length === 0) throw new GitHubApiError("A comment marker is required.");
      const path = `${repoPath(repository)}/issues/${positive(issueNumber, "issue number")}/comments`;
      const matches = new Map<number, GitHubIssueComment>();
      for (let page = 1; page <= MAX_COMMENT_PAGES; page += 1) {
        const answer = await call("GET", path, { query: { per_page: String(PER_PAGE), page: String(page) } });
        if (!Array.isArray(answer.data)) {
          throw new GitHubApiError(`GitHub issue comments response for ${repository.owner}/${repository.repo}#${issueNumber} must be a list.`);
        }
        for (const item of answer.data) {
          if (!isObject(item) || typeof item.body !== "string") continue;
          const body = item.body;
          const rank = wanted.findIndex((marker) => body.includes(marker));
          if (rank < 0 || matches.has(rank)) continue;
          matches.set(rank, comment(item, "issue comment"));
          if (rank === 0) return matches.get(0) ?? null;
        }
        if (answer.data.length < PER_PAGE || linkWithoutNext(answer.headers.get("link"))) {
          for (let rank = 1; rank < wanted.length; rank += 1) {
            const match = matches.get(rank);
            if (match) return match;
          }
          return null;
        }
      }
      // Not having seen every comment, "none" could post a second managed comment.
      throw new GitHubApiError(
        `${repository.owner}/${repository.repo}#${issueNumber} has more than ${MAX_COMMENT_PAGES * PER_PAGE} comments; Launchplane could not look for its comment in all of them.`,
      );
    },

    async createIssueComment(repository, issueNumber, body) {
      const path = `${repoPath(repository)}/issues/${positive(issueNumber, "issue number")}/comments`;
      const answer = await call("POST", path, { body: { body } });
      return comment(answer.data, "comment create");
    },

    async updateIssueComment(repository, commentId, body) {
      const path = `${repoPath(repository)}/issues/comments/${positive(commentId, "comment id")}`;
      const answer = await call("PATCH", path, { body: { body } });
      return comment(answer.data, "comment update");
    },

    async deleteIssueComment(repository, commentId) {
      const path = `${repoPath(repository)}/issues/comments/${positive(commentId, "comment id")}`;
      await call("DELETE", path);
    },
  };
}

function pullRequestSummary(item: Record<string, unknown>): GitHubPullRequestSummary | null {
  const number = item.number;
  const head = item.head;
  const headSha = isObject(head) && typeof head.sha === "string" ? head.sha.trim() : "";
  const htmlUrl = typeof item.html_url === "string" ? item.html_url.trim() : "";
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number <= 0 || !headSha || !htmlUrl) return null;
  return { number, html_url: htmlUrl, head_sha: headSha };
}

function positive(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new GitHubApiError(`GitHub ${what} must be a positive integer.`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when a Link header names pages (`<url>; rel="..."`) and none of them is rel="next". */
export function linkWithoutNext(header: string | null): boolean {
  if (!header || !header.trim()) return false;
  const rels = [...header.matchAll(/<[^>]*>([^<]*)/g)].flatMap((link) => {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(link[1] ?? "");
    return rel?.[1] ? rel[1].trim().toLowerCase().split(/\s+/) : [];
  });
  return rels.length > 0 && !rels.includes("next");
}

function safeUrl(location: string, from: URL): URL | null {
  try {
    return new URL(location, from);
  } catch {
    return null;
  }
}

/** GitHub's own error text (`{"message": ...}`), one line and bounded; never the raw body. */
function githubMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isObject(parsed) && typeof parsed.message === "string" && parsed.message.trim()) {
      const message = parsed.message.replace(/\s+/g, " ").trim();
      return ` (${message.length > 200 ? `${message.slice(0, 199)}…` : message})`;
    }
  } catch {
    // not JSON: say nothing about it
  }
  return "";
}

async function readBounded(response: Response, maxBytes: number, label: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new GitHubApiError(`GitHub API answer to ${label} is larger than ${maxBytes} bytes.`, response.status);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new GitHubApiError(`GitHub API answer to ${label} is larger than ${maxBytes} bytes.`, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/** A bounded network error code (ECONNREFUSED...), never a URL or a host. */
function networkCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" && /^[A-Z0-9_]{1,40}$/.test(cause.code) ? cause.code : "network error";
}
