import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { v1Catalog, type V1GetSpec } from "@/server/http/v1-catalog";
import { type RunningServer, startNextServer } from "../../scripts/lib/next-server";
import { signIn } from "../support/dev-sign-in";
import { createMigratedTestDatabase, type TestDatabase, testServerUrl } from "../support/test-database";
import { tokenFor, v1, type V1Response } from "../support/v1-client";
import { expectCleanResponse, expectRejected } from "../support/v1-expectations";
import {
  artifactBody,
  backupGateBody,
  deploymentBody,
  previewGenerationBody,
  productProfileBody,
  promotionBody,
  uniqueName,
  uniqueScope,
} from "../support/v1-fixtures";
import { REPOS, SCOPED, TEST_AUDIENCE, TEST_POLICY } from "../support/v1-policy";

/**
 * Every GET route: public ones answer anyone; the others need a token (or a
 * console session) and answer 404 for a missing record before 403 for one
 * outside the caller's scope (DECISIONS 3). A console session reads, but
 * never writes through /v1.
 */
interface Tokens {
  trusted: string;
  reader: string;
  stranger: string;
  scoped: string;
  expired: string;
}
const tokens = {} as Tokens;

/** One single-record read: where a stored record is, where none is, and how to recognise it. */
interface RecordRead {
  existing: string;
  missing: string;
  matches: (body: V1Response["body"]) => void;
  /** The route with a control character in a parameter (default: every path parameter). */
  badParameter?: string;
}

/** One list read: what the caller may read, and nothing else. */
interface ListRead {
  path: string;
  /** The products of the listed items. */
  products: (body: V1Response["body"]) => string[];
}

const scope = uniqueScope("reads");
const reads = new Map<string, RecordRead>();
const lists = new Map<string, ListRead>([
  ["productProfileList", { path: "/v1/product-profiles?limit=200", products: (body) => (body.items as Array<{ product: string }>).map((item) => item.product) }],
  ["productList", { path: "/v1/products?limit=200", products: (body) => (body.items as Array<{ product: string }>).map((item) => item.product) }],
]);
let profileProduct = "";

const post = async (path: string, body: unknown, token = tokens.trusted) => {
  const response = await v1("POST", path, body, { token });
  expect(response.status, response.text).toBe(202);
  return response.body.records as Record<string, string>;
};

const recordOf = (body: V1Response["body"]) => body.record as Record<string, unknown>;

beforeAll(async () => {
  Object.assign(tokens, {
    trusted: await tokenFor(REPOS.trusted),
    reader: await tokenFor(REPOS.reader),
    stranger: await tokenFor(REPOS.stranger),
    scoped: await tokenFor(REPOS.scoped),
    expired: await tokenFor(REPOS.reader, { expiresInSeconds: -60 }),
  } satisfies Tokens);

  const artifactId = uniqueName("artifact");
  await post("/v1/evidence/artifacts", artifactBody({ ...scope, artifactId }));
  const deployment = await post("/v1/evidence/deployments", deploymentBody({ ...scope, instance: "testing", artifactId }));
  expect(deployment.release_tuple_id).toBeTruthy();
  const promotion = await post("/v1/evidence/promotions", promotionBody(scope));
  const gate = await post("/v1/evidence/backup-gates", backupGateBody(scope));
  const preview = await post("/v1/evidence/previews/generations", previewGenerationBody(scope));
  const profile = await post("/v1/product-profiles", productProfileBody(scope));
  profileProduct = profile.product_profile!;
  const missing = uniqueName("missing");

  reads.set("deploymentRead", {
    existing: `/v1/deployments/${deployment.deployment_record_id}`,
    missing: `/v1/deployments/${missing}`,
    matches: (body) => expect(recordOf(body).record_id).toBe(deployment.deployment_record_id),
  });
  reads.set("promotionRead", {
    existing: `/v1/promotions/${promotion.promotion_record_id}`,
    missing: `/v1/promotions/${missing}`,
    matches: (body) => expect(recordOf(body).record_id).toBe(promotion.promotion_record_id),
  });
  reads.set("backupGateRead", {
    existing: `/v1/backup-gates/${gate.backup_gate_record_id}`,
    missing: `/v1/backup-gates/${missing}`,
    matches: (body) => expect(recordOf(body).record_id).toBe(gate.backup_gate_record_id),
  });
  reads.set("artifactRead", {
    existing: `/v1/artifacts/${artifactId}`,
    missing: `/v1/artifacts/${missing}`,
    matches: (body) => expect(recordOf(body).artifact_id).toBe(artifactId),
  });
  reads.set("inventoryRead", {
    existing: `/v1/inventory/${scope.context}/testing`,
    missing: `/v1/inventory/${scope.context}/${missing}`,
    matches: (body) => expect(recordOf(body).deployment_record_id).toBe(deployment.deployment_record_id),
  });
  reads.set("releaseTupleRead", {
    existing: `/v1/release-tuples/${scope.context}/testing`,
    missing: `/v1/release-tuples/${scope.context}/prod`,
    matches: (body) => expect(recordOf(body).tuple_id).toBe(deployment.release_tuple_id),
  });
  reads.set("previewRead", {
    existing: `/v1/previews/${preview.preview_id}`,
    missing: `/v1/previews/${missing}`,
    matches: (body) => expect(recordOf(body).preview_id ?? recordOf(body).record_id).toBe(preview.preview_id),
  });
  reads.set("previewHistory", {
    existing: `/v1/previews/${preview.preview_id}/history`,
    missing: `/v1/previews/${missing}/history`,
    matches: (body) => {
      expect((body.generations as Array<Record<string, unknown>>).map((generation) => generation.generation_id)).toEqual([preview.generation_id]);
    },
  });
  reads.set("productProfileRead", {
    existing: `/v1/product-profiles/${profileProduct}`,
    missing: `/v1/product-profiles/${missing}`,
    matches: (body) => expect(recordOf(body).product).toBe(profileProduct),
  });
  reads.set("productRead", {
    existing: `/v1/products/${profileProduct}`,
    missing: `/v1/products/${missing}`,
    matches: (body) => expect((body.product as { product: string }).product).toBe(profileProduct),
  });
  reads.set("productActivity", {
    existing: `/v1/products/${profileProduct}/activity`,
    missing: `/v1/products/${missing}/activity`,
    matches: (body) => {
      const items = body.items as Array<Record<string, unknown>>;
      expect(JSON.stringify(items)).toContain(String(deployment.deployment_record_id));
    },
  });
  reads.set("productEnvironmentRead", {
    existing: `/v1/products/${profileProduct}/environments/testing`,
    missing: `/v1/products/${profileProduct}/environments/${missing}`,
    matches: (body) => expect((body.summary as { context: string }).context).toBe(scope.context),
  });
  reads.set("protectedArtifacts", {
    existing: `/v1/artifacts/protected?product=${profileProduct}`,
    missing: `/v1/artifacts/protected?product=${missing}`,
    matches: (body) => expect(JSON.stringify(body.protected_artifacts)).toContain(artifactId),
    badParameter: "/v1/artifacts/protected?product=bad%00id",
  });
});

const getRoutes = Object.entries(v1Catalog).flatMap(([name, spec]) => (spec.method === "get" ? [{ name, spec: spec as V1GetSpec }] : []));
const recordRoutes = getRoutes.filter(({ spec, name }) => spec.action !== null && !lists.has(name));
const listRoutes = getRoutes.filter(({ name }) => lists.has(name));

const get = (path: string, token?: string | null) => v1("GET", path, undefined, { token });
const allTokens = () => Object.values(tokens);

describe("public reads", () => {
  it.each(getRoutes.filter(({ spec }) => spec.action === null))("GET $spec.path answers without a token", async ({ spec }) => {
    const response = await get(spec.path);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-launchplane-trace-id")).toMatch(/^launchplane_req_[0-9a-f]{32}$/);
    if (spec.path === "/v1/health") expectCleanResponse(response);
  });
});

describe.each(recordRoutes)("GET $spec.path", ({ name, spec }) => {
  const read = () => {
    const found = reads.get(name);
    expect(found, `tests/v1/reads.test.ts has no stored record for ${name}`).toBeDefined();
    return found!;
  };

  it("refuses a request without a token or with an expired one (401)", async () => {
    expectRejected(await get(read().existing), 401, "authentication_required");
    expectRejected(await get(read().existing, tokens.expired), 401, "authentication_required", allTokens());
  });

  it("answers a reader with the record (200)", async () => {
    const response = await get(read().existing, tokens.reader);
    expect(response.status, response.text).toBe(200);
    expect(response.body.status).toBe("ok");
    expectCleanResponse(response, allTokens());
    read().matches(response.body);
  });

  it("answers a stranger 403 for a stored record and 404 for a missing one", async () => {
    expectRejected(await get(read().existing, tokens.stranger), 403, "authorization_denied", allTokens());
    expectRejected(await get(read().missing, tokens.stranger), 404, "not_found", allTokens());
    expectRejected(await get(read().missing, tokens.reader), 404, "not_found", allTokens());
  });

  it("refuses the scoped repository outside its product and context (403)", async () => {
    expectRejected(await get(read().existing, tokens.scoped), 403, "authorization_denied", allTokens());
  });

  it("refuses path parameters with control characters (400), after authentication", async () => {
    const withNul = read().badParameter ?? spec.path.replace(/\{[^}]+\}/g, "bad%00id");
    expectRejected(await get(withNul, tokens.reader), 400, "invalid_request", allTokens());
    expectRejected(await get(withNul.replace("%00", "%1B")), 401, "authentication_required");
    expectRejected(await get(withNul.replace("%00", "%1B"), tokens.reader), 400, "invalid_request", allTokens());
  });
});

describe.each(listRoutes)("GET $spec.path (a list)", ({ name }) => {
  const list = () => lists.get(name)!;
  const base = () => list().path.replace(/\?.*$/, "");

  it("refuses a request without a token (401)", async () => {
    expectRejected(await get(list().path), 401, "authentication_required");
  });

  it("lists only what the caller may read", async () => {
    const reader = await get(list().path, tokens.reader);
    expect(reader.status, reader.text).toBe(200);
    expectCleanResponse(reader, allTokens());
    expect(list().products(reader.body)).toContain(profileProduct);

    for (const token of [tokens.stranger, tokens.scoped]) {
      const response = await get(list().path, token);
      expect(response.status, response.text).toBe(200);
      expectCleanResponse(response, allTokens());
      expect(list().products(response.body)).toEqual([]);
    }
  });

  it.each([
    ["limit=0", "?limit=0"],
    ["limit=abc", "?limit=abc"],
    ["limit over 200", "?limit=201"],
    ["a cursor it did not issue", "?cursor=not-a-cursor"],
    ["a NUL in a query parameter", "?driver_id=%00"],
  ])("refuses %s (400)", async (_label, query) => {
    expectRejected(await get(`${base()}${query}`, tokens.reader), 400, "invalid_request", allTokens());
  });
});

describe("the scoped repository inside its scope", () => {
  it("writes and reads its own deployments (200), and nothing else", async () => {
    const records = await post("/v1/evidence/deployments", deploymentBody(SCOPED), tokens.scoped);
    const own = await get(`/v1/deployments/${records.deployment_record_id}`, tokens.scoped);
    expect(own.status, own.text).toBe(200);
    expect(recordOf(own.body).record_id).toBe(records.deployment_record_id);
    expectRejected(await get(`/v1/inventory/${SCOPED.context}/testing`, tokens.scoped), 403, "authorization_denied", allTokens());
  });
});

describe("a console session", () => {
  let database: TestDatabase;
  let server: RunningServer;
  const login = "v1-operator";

  beforeAll(async () => {
    const serverUrl = await testServerUrl();
    if (!serverUrl) throw new Error("the session test needs PostgreSQL");
    database = await createMigratedTestDatabase(serverUrl, "v1session");
    const policyFile = join(mkdtempSync(join(tmpdir(), "launchplane-session-policy-")), "policy.json");
    const adminRule = { logins: [login], organizations: [], teams: [], roles: ["admin"], products: [], contexts: [], actions: [] };
    writeFileSync(policyFile, JSON.stringify({ ...TEST_POLICY, github_humans: [adminRule] }));
    server = await startNextServer({
      DATABASE_URL: database.url,
      LAUNCHPLANE_OIDC_ISSUER: inject("oidcIssuer"),
      LAUNCHPLANE_OIDC_AUDIENCE: TEST_AUDIENCE,
      LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
      LAUNCHPLANE_DEV_LOGIN: "1",
      AUTH_SECRET: "launchplane-session-tests-secret-0123456789",
    });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("reads with the session cookie but never writes with it (401)", async () => {
    const body = deploymentBody();
    const written = await v1("POST", "/v1/evidence/deployments", body, { baseUrl: server.url, token: tokens.trusted });
    expect(written.status, written.text).toBe(202);
    const recordId = written.body.records!.deployment_record_id!;

    const cookie = await signIn(server.url, login);
    expect(cookie).toMatch(/authjs\.session-token=/);
    const withoutSession = await v1("GET", `/v1/deployments/${recordId}`, undefined, { baseUrl: server.url });
    expectRejected(withoutSession, 401, "authentication_required");

    const read = await v1("GET", `/v1/deployments/${recordId}`, undefined, { baseUrl: server.url, headers: { cookie } });
    expect(read.status, read.text).toBe(200);
    expect(recordOf(read.body).record_id).toBe(recordId);
    expectCleanResponse(read, [cookie]);

    const another = deploymentBody();
    const refused = await v1("POST", "/v1/evidence/deployments", another, { baseUrl: server.url, headers: { cookie } });
    expectRejected(refused, 401, "authentication_required", [cookie]);
    const stored = await v1("GET", `/v1/deployments/${(another.deployment as { record_id: string }).record_id}`, undefined, {
      baseUrl: server.url,
      headers: { cookie },
    });
    expectRejected(stored, 404, "not_found", [cookie]);
  });
});
