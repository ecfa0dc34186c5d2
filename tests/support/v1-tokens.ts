import { createHmac, createPublicKey } from "node:crypto";
import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { inject } from "vitest";
import { workflowClaims } from "./oidc-issuer";
import { tokenFor } from "./v1-client";
import { REPOS } from "./v1-policy";

/**
 * Credentials a /v1 server must refuse with 401, each wrong in one way only:
 * everything else (claims, issuer, audience, lifetime) is what a valid token
 * of the trusted repository carries. Each is made once, on first use.
 */
export interface BadCredential {
  name: string;
  /** The whole Authorization header value. */
  header: () => Promise<string>;
}

function validClaims(repository: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { ...workflowClaims(repository), iss: inject("oidcIssuer"), aud: inject("oidcAudience"), iat: now - 5, exp: now + 300 };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** HS256 with the issuer's public key (PEM) as the HMAC secret: the classic RS/HS confusion attack. */
function hs256WithPublicKey(repository: string): string {
  const { kid, jwk } = inject("signingKey");
  const publicPem = createPublicKey({ key: { kty: "RSA", n: String(jwk.n), e: String(jwk.e) }, format: "jwk" })
    .export({ type: "spki", format: "pem" })
    .toString();
  const input = `${base64url({ alg: "HS256", typ: "JWT", kid })}.${base64url(validClaims(repository))}`;
  return `${input}.${createHmac("sha256", publicPem).update(input).digest("base64url")}`;
}

async function signedByStranger(repository: string, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(workflowClaims(repository))
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(inject("oidcIssuer"))
    .setAudience(inject("oidcAudience"))
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(privateKey);
}

function once(make: () => Promise<string>): () => Promise<string> {
  let made: Promise<string> | undefined;
  return () => (made ??= make());
}

const bearer = (name: string, make: () => Promise<string> | string): BadCredential => ({
  name,
  header: once(async () => `Bearer ${await make()}`),
});

/** Bearer tokens that prove nothing, and Authorization headers that are not `Bearer <token>`. */
export function badCredentials(repository: string = REPOS.trusted): BadCredential[] {
  return [
    bearer("an expired token", () => tokenFor(repository, { expiresInSeconds: -60 })),
    bearer("a token signed by an unknown key", () => signedByStranger(repository, `unknown-${Date.now()}`)),
    bearer("a token signed by another key under the issuer's kid", () => signedByStranger(repository, inject("signingKey").kid)),
    bearer("a token from another issuer", () => tokenFor(repository, { issuer: "https://token.actions.githubusercontent.com" })),
    bearer("a token for another audience", () => tokenFor(repository, { audience: "https://github.com/launchplane-tests" })),
    bearer("an unsigned token (alg none)", () => new UnsecuredJWT(validClaims(repository)).encode()),
    bearer("an HS256 token keyed with the issuer's public key", () => hs256WithPublicKey(repository)),
    bearer("a token without repository and workflow_ref", () => tokenFor(repository, { claims: { repository: "", workflow_ref: "" } })),
    bearer("a garbage token", () => "not-a-jwt"),
    bearer("a token of three garbage segments", () => "aaaa.bbbb.cccc"),
    bearer("a valid token with its signature cut off", async () => `${(await tokenFor(repository)).split(".").slice(0, 2).join(".")}.`),
    { name: "Basic credentials", header: async () => `Basic ${Buffer.from("launchplane:secret").toString("base64")}` },
    { name: "a valid token under the Token scheme", header: once(async () => `Token ${await tokenFor(repository)}`) },
    { name: "a Bearer scheme without a token", header: async () => "Bearer " },
    { name: "a valid token without a scheme", header: once(() => tokenFor(repository)) },
  ];
}

/** The credential inside an Authorization header value (what an answer must never echo). */
export function credentialOf(header: string): string {
  return header.replace(/^(?:Bearer|Basic|Token)\s+/, "");
}
