import { PrismaPg } from "@prisma/adapter-pg";
import { importJWK, SignJWT, type CryptoKey } from "jose";
import { afterAll, inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { workflowClaims } from "./oidc-issuer";

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
}

export async function v1(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<V1Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${inject("v1Url")}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let parsed: V1Response["body"] = {};
  try {
    parsed = text ? (JSON.parse(text) as V1Response["body"]) : {};
  } catch {
    parsed = {};
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A client on the /v1 server's database, to prove what was (not) written. */
export function useV1Database(): PrismaClient {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: inject("v1DatabaseUrl"), max: 2 }) });
  afterAll(async () => {
    await db.$disconnect();
  });
  return db;
}
