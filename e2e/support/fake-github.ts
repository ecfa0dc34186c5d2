import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for github.com and api.github.com on loopback, enough for the
 * console's real OAuth redirect flow: an authorize page listing the users an
 * operator can "be", the code-for-token exchange (client secret and PKCE
 * checked), and the /user, /user/orgs and /user/teams API reads.
 */
export interface FakeGithubUser {
  id: number;
  login: string;
  organizations: string[];
  /** As `org/team-slug`. */
  teams: string[];
}

export interface FakeGithub {
  url: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

interface PendingCode {
  user: FakeGithubUser;
  redirectUri: string;
  codeChallenge: string;
}

function html(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  response.end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export async function startFakeGithub(users: FakeGithubUser[]): Promise<FakeGithub> {
  const clientId = "fake-github-client";
  const clientSecret = randomBytes(16).toString("hex");
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, FakeGithubUser>();

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://fake-github.local");
    try {
      if (request.method === "GET" && url.pathname === "/login/oauth/authorize") {
        if (url.searchParams.get("client_id") !== clientId) return html(response, 400, "unknown client_id");
        const choices = users
          .map((user) => {
            const query = new URLSearchParams(url.searchParams);
            query.set("login", user.login);
            return `<li><a href="/login/oauth/approve?${escapeHtml(query.toString())}">Continue as ${escapeHtml(user.login)}</a></li>`;
          })
          .join("");
        return html(response, 200, `<!doctype html><title>Fake GitHub</title><h1>Authorize the console</h1><ul>${choices}</ul>`);
      }

      if (request.method === "GET" && url.pathname === "/login/oauth/approve") {
        const user = users.find((candidate) => candidate.login === url.searchParams.get("login"));
        const redirectUri = url.searchParams.get("redirect_uri");
        if (!user || !redirectUri) return html(response, 400, "unknown user or redirect_uri");
        const code = randomBytes(12).toString("hex");
        codes.set(code, { user, redirectUri, codeChallenge: url.searchParams.get("code_challenge") ?? "" });
        const target = new URL(redirectUri);
        target.searchParams.set("code", code);
        const state = url.searchParams.get("state");
        if (state) target.searchParams.set("state", state);
        response.writeHead(302, { location: target.toString() });
        return response.end();
      }

      if (request.method === "POST" && url.pathname === "/login/oauth/access_token") {
        const form = new URLSearchParams(await readBody(request));
        const basic = request.headers.authorization?.replace(/^Basic /, "");
        const [id, secret] = basic
          ? Buffer.from(basic, "base64").toString("utf8").split(":").map((part) => decodeURIComponent(part))
          : [form.get("client_id"), form.get("client_secret")];
        if (id !== clientId || secret !== clientSecret) return json(response, 401, { error: "invalid_client" });
        const pending = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (!pending || pending.redirectUri !== form.get("redirect_uri")) return json(response, 400, { error: "bad_verification_code" });
        const verifier = form.get("code_verifier") ?? "";
        if (pending.codeChallenge && createHash("sha256").update(verifier).digest("base64url") !== pending.codeChallenge) {
          return json(response, 400, { error: "invalid_grant" });
        }
        const token = `gho_${randomBytes(18).toString("hex")}`;
        tokens.set(token, pending.user);
        return json(response, 200, { access_token: token, token_type: "bearer", scope: "read:user,read:org" });
      }

      const user = tokens.get(request.headers.authorization?.replace(/^Bearer /, "") ?? "");
      if (request.method === "GET" && ["/user", "/user/orgs", "/user/teams"].includes(url.pathname)) {
        if (!user) return json(response, 401, { message: "Bad credentials" });
        if (url.pathname === "/user") {
          return json(response, 200, { id: user.id, login: user.login, name: user.login, email: `${user.login}@example.test`, avatar_url: "" });
        }
        // One page only: these lists are far below the page size.
        if (url.searchParams.get("page") !== "1") return json(response, 200, []);
        if (url.pathname === "/user/orgs") return json(response, 200, user.organizations.map((login) => ({ login })));
        return json(
          response,
          200,
          user.teams.map((team) => {
            const [organization, slug] = team.split("/");
            return { slug, organization: { login: organization } };
          }),
        );
      }
      json(response, 404, { message: "Not Found" });
    } catch (error) {
      json(response, 500, { message: error instanceof Error ? error.message : String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
