import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchGithubMemberships, GithubMembershipError } from "@/server/auth/github-memberships";

// A small GitHub API on loopback: 130 organizations across two pages, two teams.
const ORGANIZATIONS = Array.from({ length: 130 }, (_, index) => `org-${String(index).padStart(3, "0")}`);
let server: Server;
let api: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    seen.push(`${url.pathname}?${url.searchParams}`);
    if (request.headers.authorization !== "Bearer good-token") {
      response.writeHead(401, { "content-type": "application/json" }).end('{"message":"Bad credentials"}');
      return;
    }
    const page = Number(url.searchParams.get("page"));
    const size = Number(url.searchParams.get("per_page"));
    if (url.pathname === "/user/orgs") {
      const slice = ORGANIZATIONS.slice((page - 1) * size, page * size).map((login) => ({ login, id: 1 }));
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(slice));
    } else if (url.pathname === "/user/teams") {
      const teams = page === 1 ? [{ slug: "platform", organization: { login: "acme" } }, { slug: "ops", organization: { login: "acme" } }] : [];
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(teams));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("fetchGithubMemberships", () => {
  it("reads every page of organizations and names teams org/slug", async () => {
    const memberships = await fetchGithubMemberships(api, "good-token");
    expect(memberships.organizations).toHaveLength(130);
    expect(memberships.organizations[0]).toBe("org-000");
    expect(memberships.organizations[129]).toBe("org-129");
    expect(memberships.teams).toEqual(["acme/ops", "acme/platform"]);
    expect(seen).toContain("/user/orgs?per_page=100&page=2");
    expect(seen).not.toContain("/user/orgs?per_page=100&page=3");
  });

  it("fails with the status when GitHub refuses the token", async () => {
    await expect(fetchGithubMemberships(api, "stale-token")).rejects.toThrow(GithubMembershipError);
    await expect(fetchGithubMemberships(api, "stale-token")).rejects.toThrow(/answered 401/);
  });

  it("fails when GitHub cannot be reached", async () => {
    await expect(fetchGithubMemberships("http://127.0.0.1:9", "good-token")).rejects.toThrow(/could not be read/);
  });
});
