import { readFileSync, writeFileSync } from "node:fs";
import { exportJWK, importJWK, type CryptoKey, type JWK } from "jose";
import { type OidcIssuer, type SigningKey, signToken, workflowClaims } from "../../tests/support/oidc-issuer";
import { E2E_OIDC_AUDIENCE, E2E_WORKFLOW_REPOSITORY } from "./console-data";

/*
 * Evidence posted the way a GitHub workflow posts it: through the server's
 * /v1 routes with an Actions-shaped OIDC token from the local issuer global
 * setup started. The write happens inside the server, so its live update
 * reaches the console whatever the database (LISTEN/NOTIFY or the embedded
 * in-process bus).
 */

/** Names the file holding the issuer's signing key; set by global setup, inherited by the spec workers. */
export const WORKFLOW_KEY_ENV = "LAUNCHPLANE_E2E_WORKFLOW_KEY";

interface StoredKey {
  issuer: string;
  audience: string;
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Writes the issuer's current signing key to `file` (owner-only) for the workers. */
export async function writeWorkflowKey(issuer: OidcIssuer, file: string): Promise<void> {
  const stored: StoredKey = {
    issuer: issuer.url,
    audience: E2E_OIDC_AUDIENCE,
    kid: issuer.key.kid,
    privateJwk: await exportJWK(issuer.key.privateKey),
    publicJwk: issuer.key.publicJwk,
  };
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
}

let loaded: Promise<{ stored: StoredKey; key: SigningKey }> | undefined;

function workflowKey() {
  loaded ??= (async () => {
    const file = process.env[WORKFLOW_KEY_ENV];
    if (!file) throw new Error(`${WORKFLOW_KEY_ENV} is not set: run through playwright.config.ts (global setup)`);
    const stored = JSON.parse(readFileSync(file, "utf8")) as StoredKey;
    const privateKey = (await importJWK(stored.privateJwk, "RS256")) as CryptoKey;
    return { stored, key: { kid: stored.kid, privateKey, publicJwk: stored.publicJwk } };
  })();
  return loaded;
}

/** POSTs `body` to the /v1 `path` as the e2e workflow; throws unless the server accepts it (202). */
export async function postWorkflowEvidence(path: `/v1/${string}`, body: unknown): Promise<Record<string, unknown>> {
  const baseUrl = process.env.LAUNCHPLANE_E2E_URL;
  if (!baseUrl) throw new Error("LAUNCHPLANE_E2E_URL is not set: run through playwright.config.ts (global setup)");
  const { stored, key } = await workflowKey();
  const token = await signToken(workflowClaims(E2E_WORKFLOW_REPOSITORY), { issuer: stored.issuer, audience: stored.audience, key });
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
