import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A GitHub REST API on loopback, as much of it as the preview services use:
 * open pull requests and issue comments, paginated with Link headers like
 * GitHub's. It records every request (method, path, query, Authorization,
 * JSON body) so tests can assert what was sent, and can be told to fail,
 * redirect or hang the next matching request.
 */

export interface FakePullRequest {
  number: number;
  html_url: string;
  head: { sha: string };
  draft: boolean;
  labels: Array<{ name: string }>;
}

export interface FakeComment {
  id: number;
  html_url: string;
  body: string;
  user: { login: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string;
  accept: string;
  apiVersion: string;
  body: unknown;
}

type Match = { method?: string; path?: string | RegExp };

interface Interception {
  match: Match;
  respond: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose path starts with `prefix` (e.g. one repository's). */
  requestsFor(prefix: string): RecordedRequest[];
  setPullRequests(repository: string, pullRequests: Array<Partial<FakePullRequest> & { number: number }>): void;
  /** `count` open pull requests numbered 1..count with head SHAs derived from the number. */
  openPullRequests(repository: string, count: number): void;
  addComment(repository: string, issue: number, body: string, login?: string): FakeComment;
  comments(repository: string, issue: number): FakeComment[];
  /** The next request matching `match` gets this status and JSON body instead. */
  failNext(match: Match, status: number, body?: unknown): void;
  /** The next request matching `match` is redirected to `location`. */
  redirectNext(match: Match, location: string, status?: number): void;
  /** The next request matching `match` never gets an answer (until close). */
  hangNext(match: Match): void;
  /** Only `Bearer <token>` is accepted (401 otherwise); unset: any token. */
  requireToken(token: string | null): void;
  close(): Promise<void>;
}

let nextCommentId = 7_000_000;

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const pulls = new Map<string, FakePullRequest[]>();
  const comments = new Map<string, FakeComment[]>();
  const requests: RecordedRequest[] = [];
  const interceptions: Interception[] = [];
  const hanging = new Set<ServerResponse>();
  let acceptedToken: string | null = null;
  let base = "";

  const commentKey = (repository: string, issue: number) => `${repository}#${issue}`;
  const allComments = () => [...comments.entries()];

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake.github");
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        body = text;
      }
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams.entries()),
        authorization: request.headers.authorization ?? "",
        accept: String(request.headers.accept ?? ""),
        apiVersion: String(request.headers["x-github-api-version"] ?? ""),
        body,
      });
      const index = interceptions.findIndex(({ match }) => matches(match, request.method ?? "", url.pathname));
      if (index >= 0) {
        const [interception] = interceptions.splice(index, 1);
        interception!.respond(request, response);
        return;
      }
      if (acceptedToken !== null && request.headers.authorization !== `Bearer ${acceptedToken}`) {
        return json(response, 401, { message: "Bad credentials" });
      }
      route(request.method ?? "", url, body, response);
    });
  });

  function route(method: string, url: URL, body: unknown, response: ServerResponse): void {
    let match = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (match && method === "GET") {
      const state = url.searchParams.get("state") ?? "open";
      const list = state === "open" ? (pulls.get(`${match[1]}/${match[2]}`) ?? []) : [];
      return page(response, url, list);
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (match) {
      const key = commentKey(`${match[1]}/${match[2]}`, Number(match[3]));
      if (method === "GET") return page(response, url, comments.get(key) ?? []);
      if (method === "POST") {
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== "string") return json(response, 422, { message: "Invalid request: body is required" });
        const created = newComment(`${match[1]}/${match[2]}`, Number(match[3]), text, "launchplane-bot");
        return json(response, 201, created);
      }
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (match) {
      const id = Number(match[3]);
      const found = allComments().find(([key, list]) => key.startsWith(`${match![1]}/${match![2]}#`) && list.some((item) => item.id === id));
      if (!found) return json(response, 404, { message: "Not Found" });
      const [key, list] = found;
      if (method === "PATCH") {
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== "string") return json(response, 422, { message: "Invalid request: body is required" });
        const item = list.find((entry) => entry.id === id)!;
        item.body = text;
        return json(response, 200, item);
      }
      if (method === "DELETE") {
        comments.set(
          key,
          list.filter((entry) => entry.id !== id),
        );
        response.statusCode = 204;
        return void response.end();
      }
    }
    json(response, 404, { message: "Not Found" });
  }

  /** GitHub's pagination: per_page (default 30, max 100), page (from 1), Link only when there is more than one page. */
  function page(response: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? "30") || 30, 1), 100);
    const current = Math.max(Number(url.searchParams.get("page") ?? "1") || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const slice = items.slice((current - 1) * perPage, current * perPage);
    if (last > 1) {
      const link = (n: number) => {
        const target = new URL(url.pathname, base);
        for (const [name, value] of url.searchParams) target.searchParams.set(name, value);
        target.searchParams.set("page", String(n));
        return `<${target.toString()}>`;
      };
      const rels: string[] = [];
      if (current > 1) rels.push(`${link(current - 1)}; rel="prev"`, `${link(1)}; rel="first"`);
      if (current < last) rels.push(`${link(current + 1)}; rel="next"`, `${link(last)}; rel="last"`);
      response.setHeader("link", rels.join(", "));
    }
    json(response, 200, slice);
  }

  function newComment(repository: string, issue: number, body: string, login: string): FakeComment {
    nextCommentId += 1;
    const comment = {
      id: nextCommentId,
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${nextCommentId}`,
      body,
      user: { login },
    };
    const key = commentKey(repository, issue);
    comments.set(key, [...(comments.get(key) ?? []), comment]);
    return comment;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake GitHub did not bind");
  const url = `http://127.0.0.1:${address.port}`;
  base = url;

  function setPullRequests(repository: string, list: Array<Partial<FakePullRequest> & { number: number }>): void {
    pulls.set(
      repository,
      list.map((item) => ({
        html_url: `https://github.com/${repository}/pull/${item.number}`,
        head: { sha: headSha(item.number) },
        draft: false,
        labels: [],
        ...item,
      })),
    );
  }

  return {
    url,
    requests,
    requestsFor: (prefix) => requests.filter((entry) => entry.path.startsWith(prefix)),
    setPullRequests,
    openPullRequests: (repository, count) =>
      setPullRequests(
        repository,
        Array.from({ length: count }, (_, index) => ({ number: index + 1 })),
      ),
    addComment: (repository, issue, body, login = "someone") => newComment(repository, issue, body, login),
    comments: (repository, issue) => [...(comments.get(commentKey(repository, issue)) ?? [])],
    failNext(match, status, body = { message: "Server Error" }) {
      interceptions.push({ match, respond: (_request, response) => json(response, status, body) });
    },
    redirectNext(match, location, status = 301) {
      interceptions.push({
        match,
        respond: (_request, response) => {
          response.statusCode = status;
          response.setHeader("location", location);
          response.end();
        },
      });
    },
    hangNext(match) {
      interceptions.push({ match, respond: (_request, response) => void hanging.add(response) });
    },
    requireToken(token) {
      acceptedToken = token;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A stable 40-hex head SHA for a pull request number. */
export function headSha(number: number): string {
  return number.toString(16).padStart(8, "0").repeat(5);
}

function matches(match: Match, method: string, path: string): boolean {
  if (match.method && match.method !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === "string" ? match.path === path : match.path.test(path);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(body));
}
