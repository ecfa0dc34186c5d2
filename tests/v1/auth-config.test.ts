import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { v1Catalog, type V1GetSpec } from "@/server/http/v1-catalog";
import { freePort } from "../../scripts/lib/embedded-database";
import { type RunningServer, startNextServer } from "../../scripts/lib/next-server";
import { type OidcIssuer, signToken, startOidcIssuer, workflowClaims } from "../support/oidc-issuer";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { createMigratedTestDatabase, type TestDatabase, testServerUrl } from "../support/test-database";
import { tokenFor, v1, useV1Database, type V1Response } from "../support/v1-client";
import { expectCleanResponse, expectNothingWritten, expectRejected } from "../support/v1-expectations";
import { postRoutes } from "../support/v1-fixtures";
import { REPOS, TEST_AUDIENCE, TEST_POLICY } from "../support/v1-policy";

/**
 * The server under configurations the shared one does not have: no OIDC
 * audience, an issuer whose keys rotate, an issuer that cannot be reached,
 * and a database that goes away. Each answers in the envelope, never 500.
 */
const SECRET = "launchplane-auth-config-tests-secret-0123";
const db = useV1Database();

function policyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "launchplane-auth-config-")), "policy.json");
  writeFileSync(file, JSON.stringify(TEST_POLICY));
  return file;
}

const getRoutes = Object.values(v1Catalog).filter((spec): spec is V1GetSpec => spec.method === "get");
/** A concrete path for a route template (the record need not exist: these refusals come first). */
const concrete = (spec: V1GetSpec) => spec.path.replace(/\{[^}]+\}/g, "anything") + (spec.query?.shape.product ? "?product=anything" : "");

/** Retries `attempt` until it returns true, at most `timeoutMs` (the server's own clock decides, not ours). */
async function eventually(attempt: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await attempt()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return attempt();
}

describe.each<{ setting: string; audience: Record<string, string> }>([
  { setting: "unset", audience: {} },
  { setting: "empty", audience: { LAUNCHPLANE_OIDC_AUDIENCE: "" } },
])("with LAUNCHPLANE_OIDC_AUDIENCE $setting", ({ audience }) => {
  let server: RunningServer;

  beforeAll(async () => {
    expect(process.env.LAUNCHPLANE_OIDC_AUDIENCE).toBeUndefined();
    server = await startNextServer({
      DATABASE_URL: inject("v1DatabaseUrl"),
      LAUNCHPLANE_OIDC_ISSUER: inject("oidcIssuer"),
      LAUNCHPLANE_MAX_BODY_BYTES: String(64 * 1024),
      AUTH_SECRET: SECRET,
      ...audience,
    });
  });
  afterAll(() => server?.stop());

  const at = (method: string, path: string, body?: unknown, token?: string | null, raw?: string) =>
    v1(method, path, body, { baseUrl: server.url, token, raw });

  it("still serves /v1/health and /v1/openapi.json", async () => {
    const health = await at("GET", "/v1/health");
    expect(health.status).toBe(200);
    expectCleanResponse(health);
    const openapi = await at("GET", "/v1/openapi.json");
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe("3.1.0");
    expect(openapi.headers.get("x-launchplane-trace-id")).toMatch(/^launchplane_req_[0-9a-f]{32}$/);
  });

  it("answers every authenticated read 503 auth_not_configured, with or without a token", async () => {
    const token = await tokenFor(REPOS.reader);
    const reads = getRoutes.filter((spec) => spec.action !== null);
    expect(reads.length).toBeGreaterThan(5);
    for (const spec of reads) {
      expectRejected(await at("GET", concrete(spec)), 503, "auth_not_configured");
      expectRejected(await at("GET", concrete(spec), undefined, token), 503, "auth_not_configured", [token]);
    }
  });

  it("answers every write 503 auth_not_configured and writes nothing, but 413 comes first", async () => {
    const token = await tokenFor(REPOS.trusted);
    for (const route of postRoutes()) {
      const body = route.build!();
      const withToken = await expectNothingWritten(db, () => at("POST", route.spec.path, body, token));
      expectRejected(withToken, 503, "auth_not_configured", [token]);
      expectRejected(await at("POST", route.spec.path, body), 503, "auth_not_configured");
      const oversized = JSON.stringify({ ...body, padding: "x".repeat(70_000) });
      expectRejected(await at("POST", route.spec.path, undefined, token, oversized), 413, "payload_too_large", [token]);
    }
  });
});

describe("with an issuer that rotates its keys", () => {
  let issuer: OidcIssuer;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  const COOLDOWN_MS = 1000;

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    const serverUrl = await testServerUrl();
    if (!serverUrl) throw new Error("these tests need PostgreSQL");
    database = await createMigratedTestDatabase(serverUrl, "v1authcfg");
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    server = await startNextServer({
      DATABASE_URL: proxy.rewrite(database.url),
      LAUNCHPLANE_OIDC_ISSUER: issuer.url,
      LAUNCHPLANE_OIDC_AUDIENCE: TEST_AUDIENCE,
      LAUNCHPLANE_OIDC_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
      LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile(),
      AUTH_SECRET: SECRET,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await issuer?.close();
    await database?.drop();
  });

  const readAs = (token: string) => v1("GET", "/v1/deployments/no-such-record", undefined, { baseUrl: server.url, token });
  const tokenOf = (key = issuer.key) => signToken(workflowClaims(REPOS.reader), { issuer: issuer.url, audience: TEST_AUDIENCE, key });

  it("accepts a key published after a rotation once it refetches, without hammering the issuer for unknown kids", async () => {
    const first = await tokenOf();
    const accepted = await readAs(first);
    expectRejected(accepted, 404, "not_found", [first]);
    const afterFirst = issuer.jwksRequests();
    expect(afterFirst).toBeGreaterThanOrEqual(1);

    // Forged kids in a burst: all refused, and at most one refetch for the lot (the cooldown).
    const forger = await generateKeyPair("RS256");
    const forged = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        new SignJWT(workflowClaims(REPOS.reader))
          .setProtectedHeader({ alg: "RS256", kid: `forged-${index}-${Date.now()}` })
          .setIssuer(issuer.url)
          .setAudience(TEST_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(forger.privateKey),
      ),
    );
    const refusals = await Promise.all(forged.map(readAs));
    for (const [index, refusal] of refusals.entries()) {
      expectRejected(refusal, 401, "authentication_required", [forged[index]]);
      expect(refusal.body.error?.message).toMatch(/unknown key/);
    }
    expect(issuer.jwksRequests() - afterFirst).toBeLessThanOrEqual(1);

    const started = Date.now();
    const rotated = await issuer.rotate(true);
    const next = await tokenOf(rotated);
    let attempts = 0;
    const usable = await eventually(async () => {
      attempts += 1;
      return (await readAs(next)).status === 404;
    }, 10 * COOLDOWN_MS);
    expect(usable).toBe(true);
    // One refetch per cooldown at most, however often we asked.
    const elapsed = Date.now() - started;
    expect(issuer.jwksRequests() - afterFirst).toBeLessThanOrEqual(2 + Math.ceil(elapsed / COOLDOWN_MS));
    expect(attempts).toBeGreaterThanOrEqual(1);

    // The dropped key is gone for good once the new set is loaded.
    expectRejected(await readAs(first), 401, "authentication_required", [first]);
  });

  it("answers 503 database_required while the database is unreachable, health included, and recovers", async () => {
    const token = await tokenOf();
    const trusted = await signToken(workflowClaims(REPOS.trusted), { issuer: issuer.url, audience: TEST_AUDIENCE, key: issuer.key });
    expectRejected(await readAs(token), 404, "not_found", [token]);

    await proxy.cut();
    const health = await v1("GET", "/v1/health", undefined, { baseUrl: server.url });
    expectRejected(health, 503, "database_required");
    expectRejected(await readAs(token), 503, "database_required", [token]);
    const write = await v1("POST", "/v1/evidence/deployments", postRoutes()[0]!.build!(), { baseUrl: server.url, token: trusted });
    expectRejected(write, 503, "database_required", [trusted]);
    expectRejected(await v1("GET", "/v1/product-profiles", undefined, { baseUrl: server.url, token }), 503, "database_required", [token]);

    await proxy.restore();
    expect(await eventually(async () => (await v1("GET", "/v1/health", undefined, { baseUrl: server.url })).status === 200, 10_000)).toBe(true);
    expectRejected(await readAs(token), 404, "not_found", [token]);
  });

  it("answers 503 database_required once its database is dropped", async () => {
    const token = await tokenOf();
    await database.drop();
    const responses: V1Response[] = [
      await v1("GET", "/v1/health", undefined, { baseUrl: server.url }),
      await readAs(token),
      await v1("GET", "/v1/products", undefined, { baseUrl: server.url, token }),
    ];
    for (const response of responses) expectRejected(response, 503, "database_required", [token]);
  });
});

describe("with an issuer that cannot be reached", () => {
  let server: RunningServer;
  let unreachable = "";

  beforeAll(async () => {
    unreachable = `http://127.0.0.1:${await freePort()}`;
    server = await startNextServer({
      DATABASE_URL: inject("v1DatabaseUrl"),
      LAUNCHPLANE_OIDC_ISSUER: unreachable,
      LAUNCHPLANE_OIDC_AUDIENCE: TEST_AUDIENCE,
      AUTH_SECRET: SECRET,
    });
  });
  afterAll(() => server?.stop());

  it("answers 401 with a clear message, never 500, for reads and writes", async () => {
    // Signed by a real key and naming the configured issuer: only the issuer's keys are missing.
    const token = await tokenFor(REPOS.trusted, { issuer: unreachable });
    const read = await v1("GET", "/v1/deployments/anything", undefined, { baseUrl: server.url, token });
    expectRejected(read, 401, "authentication_required", [token]);
    expect(read.body.error?.message).toMatch(/issuer's keys could not be loaded/);

    const route = postRoutes()[0]!;
    const write = await expectNothingWritten(db, () => v1("POST", route.spec.path, route.build!(), { baseUrl: server.url, token }));
    expectRejected(write, 401, "authentication_required", [token]);
    expect(write.body.error?.message).toMatch(/issuer's keys could not be loaded/);

    const health = await v1("GET", "/v1/health", undefined, { baseUrl: server.url });
    expect(health.status).toBe(200);
  });
});
