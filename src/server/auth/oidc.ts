import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { env } from "@/server/env";
import { LaunchplaneError } from "@/server/errors";
import type { WorkflowIdentity } from "@/server/auth/identity";

/**
 * GitHub Actions OIDC verification: RS256 only, issuer and audience from
 * configuration, keys from the issuer's discovery document. jose caches the
 * JWKS and refetches it when a token names an unknown `kid` (rate-limited by
 * the cooldown so forged kids cannot hammer the issuer).
 */
interface IssuerKeys {
  issuer: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

let cachedKeys: Promise<IssuerKeys> | undefined;
let cachedIssuer: string | undefined;

const CLAIMS = [
  "repository",
  "repository_owner",
  "workflow_ref",
  "job_workflow_ref",
  "ref",
  "ref_type",
  "event_name",
  "environment",
  "sub",
  "sha",
  "run_id",
] as const;

async function discoverKeys(issuer: string): Promise<IssuerKeys> {
  const base = issuer.replace(/\/+$/, "");
  const response = await fetch(`${base}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const document = (await response.json()) as { jwks_uri?: unknown };
  if (typeof document.jwks_uri !== "string") throw new Error("discovery has no jwks_uri");
  return { issuer, jwks: createRemoteJWKSet(new URL(document.jwks_uri), { cooldownDuration: jwksCooldownMs(), timeoutDuration: 5000 }) };
}

/** LAUNCHPLANE_OIDC_JWKS_COOLDOWN_MS (default 30 s): a malformed value falls back rather than breaking every login. */
function jwksCooldownMs(): number {
  const configured = Number(process.env.LAUNCHPLANE_OIDC_JWKS_COOLDOWN_MS);
  return process.env.LAUNCHPLANE_OIDC_JWKS_COOLDOWN_MS?.trim() && Number.isFinite(configured) && configured >= 0 ? configured : 30_000;
}

function issuerKeys(issuer: string): Promise<IssuerKeys> {
  if (!cachedKeys || cachedIssuer !== issuer) {
    cachedIssuer = issuer;
    cachedKeys = discoverKeys(issuer);
    // A failed discovery is retried by the next request rather than cached.
    cachedKeys.catch(() => {
      cachedKeys = undefined;
    });
  }
  return cachedKeys;
}

function unauthenticated(message: string): LaunchplaneError {
  return new LaunchplaneError("authentication_required", message);
}

/** Verifies a bearer token and returns the workflow identity it proves. */
export async function verifyWorkflowToken(token: string): Promise<WorkflowIdentity> {
  const { LAUNCHPLANE_OIDC_ISSUER: issuer, LAUNCHPLANE_OIDC_AUDIENCE: audience } = env();
  if (!audience) throw new LaunchplaneError("auth_not_configured", "LAUNCHPLANE_OIDC_AUDIENCE is not configured");

  let keys: IssuerKeys;
  try {
    keys = await issuerKeys(issuer);
  } catch {
    throw unauthenticated("the token issuer's keys could not be loaded");
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys.jwks, { issuer, audience, algorithms: ["RS256"], requiredClaims: ["exp"] }));
  } catch (error) {
    throw unauthenticated(describeJoseError(error));
  }

  const claim = (name: (typeof CLAIMS)[number]) => {
    const value = payload[name];
    return typeof value === "string" || typeof value === "number" ? String(value) : "";
  };
  const identity = Object.fromEntries(CLAIMS.map((name) => [name, claim(name)])) as Omit<WorkflowIdentity, "kind">;
  if (!identity.repository || !identity.workflow_ref) {
    throw unauthenticated("the token must carry repository and workflow_ref claims");
  }
  return { kind: "workflow", ...identity };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "the token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "the token was issued by an unexpected issuer";
    if (error.claim === "aud") return "the token is for another audience";
    return `the token's ${error.claim} claim is invalid`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "the token must be signed with RS256";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "the token was signed by an unknown key";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "the token signature is invalid";
  // The issuer's JWKS could not be fetched or read: a timeout, a network error, or a generic JOSEError from the fetch.
  if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError) || error.code === joseErrors.JOSEError.code) {
    return "the token issuer's keys could not be loaded";
  }
  return "the token is not a valid GitHub Actions OIDC token";
}
