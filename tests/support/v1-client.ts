import { type Agent, request as httpRequest } from "node:http";
import { PrismaPg } from "@prisma/adapter-pg";
import { importJWK, SignJWT, type CryptoKey } from "jose";
import { afterAll, inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { workflowClaims } from "./oidc-issuer";
import { testPoolOptions } from "./test-database";

/**
 * Talking to the shared /v1 test server as a GitHub workflow: tokens signed
 * by the local issuer's key, JSON bodies, and the parsed envelope back.
 */
export interface V1Response {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    status?: string;
    trace_id?: string;
    error?: { code: string; message: string };
    records?: Record<string, string>;
  };
  text: string;
}

let signingKey: Promise<CryptoKey> | undefined;

function key(): Promise<CryptoKey> {
  signingKey ??= importJWK(inject("signingKey").jwk, "RS256") as Promise<CryptoKey>;
  return signingKey;
}

export interface TokenOverrides {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  expiresInSeconds?: number;
}

/** A GitHub Actions-shaped token for `repository` from the test issuer. */
export async function tokenFor(repository: string, overrides: TokenOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(workflowClaims(repository, overrides.claims))
    .setProtectedHeader({ alg: "RS256", kid: inject("signingKey").kid, typ: "JWT" })
    .setIssuer(overrides.issuer ?? inject("oidcIssuer"))
    .setAudience(overrides.audience ?? inject("oidcAudience"))
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (overrides.expiresInSeconds ?? 300))
    .sign(await key());
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Sent verbatim instead of JSON-encoding `body`. */
  raw?: string;
  /** Another server than the shared one (e.g. one a test started with other settings). */
  baseUrl?: string;
}

export async function v1(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<V1Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${options.baseUrl ?? inject("v1Url")}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseBody(text), text };
}

function parseBody(text: string): V1Response["body"] {
  try {
    return text ? (JSON.parse(text) as V1Response["body"]) : {};
  } catch {
    return {};
  }
}

/**
 * POSTs `totalBytes` of body in chunks without a Content-Length (chunked
 * transfer encoding), as a client streaming an unbounded body would.
 */
export function v1Streamed(
  path: string,
  totalBytes: number,
  options: Omit<RequestOptions, "raw"> & { agent?: Agent } = {},
): Promise<V1Response> {
  const url = new URL(`${options.baseUrl ?? inject("v1Url")}${path}`);
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const target = { hostname: url.hostname, port: url.port, path: url.pathname, method: "POST", headers, agent: options.agent };
    const request = httpRequest(target, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === "string") responseHeaders.set(name, value);
        }
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: parseBody(text), text });
      });
    });
    // The server may answer 413 and stop reading while chunks are still going out.
    request.on("error", reject);
    const chunk = "x".repeat(8192);
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", pump);
          return;
        }
      }
      request.end();
    };
    request.write('{"padding":"');
    pump();
  });
}

/** A client on the /v1 server's database, to prove what was (not) written. */
export function useV1Database(): PrismaClient {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: inject("v1DatabaseUrl"), ...testPoolOptions(2) }) });
  afterAll(async () => {
    await db.$disconnect();
  });
  return db;
}
