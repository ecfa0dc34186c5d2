import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from "jose";
import { workflowIdentity } from "./workflow-identity";

/**
 * A real OpenID issuer on loopback: discovery document and JWKS, keys it can
 * rotate, and tokens signed with them. Stands in for GitHub's issuer.
 */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicJwk };
}

export interface OidcIssuer {
  url: string;
  /** The key currently published and used to sign. */
  key: SigningKey;
  /** Publishes a fresh key (the old one stays published unless `dropOld`). */
  rotate(dropOld?: boolean): Promise<SigningKey>;
  jwksRequests(): number;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  let keys: SigningKey[] = [await newSigningKey("key-1")];
  let jwksCount = 0;
  let url = "";
  const server: Server = createServer((request, response) => {
    if (request.url === "/.well-known/openid-configuration") {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/.well-known/jwks` }));
      return;
    }
    if (request.url === "/.well-known/jwks") {
      jwksCount += 1;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const issuer: OidcIssuer = {
    url,
    key: keys[0]!,
    async rotate(dropOld = false) {
      const next = await newSigningKey(`key-${keys.length + 1}`);
      keys = dropOld ? [next] : [...keys, next];
      issuer.key = next;
      return next;
    },
    jwksRequests: () => jwksCount,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return issuer;
}

/** Claims of a typical GitHub Actions token for `repository`: the identity it is verified as. */
export function workflowClaims(repository: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { kind: _kind, ...claims } = workflowIdentity(repository);
  return { ...claims, ...overrides };
}

export interface TokenOptions {
  issuer: string;
  audience: string;
  key: SigningKey;
  expiresInSeconds?: number;
}

export async function signToken(claims: Record<string, unknown>, options: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: options.key.kid, typ: "JWT" })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (options.expiresInSeconds ?? 300))
    .sign(options.key.privateKey);
}
