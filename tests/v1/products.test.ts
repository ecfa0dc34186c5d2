import { beforeAll, describe, expect, it } from "vitest";
import { LaneSummary } from "@/server/contracts/lane-summary";
import { ProductActivityEvent } from "@/server/contracts/product-activity";
import { ProductOverview } from "@/server/contracts/product-overview";
import { ProtectedArtifactSet } from "@/server/contracts/protected-artifact-set";
import { tokenFor, v1, type V1Response } from "../support/v1-client";
import { expectCleanResponse, expectRejected } from "../support/v1-expectations";
import {
  artifactBody,
  backupGateBody,
  deploymentBody,
  previewGenerationBody,
  productProfileBody,
  publicIngressObservationBody,
  uniqueName,
  uniqueScope,
} from "../support/v1-fixtures";
import { PRODUCT_READER, REPOS } from "../support/v1-policy";

/**
 * The product read routes against the real server: overviews, activity, lane
 * summaries and the protected artifact set, with their shapes, 404s, 403s and
 * scope filtering. PRODUCT_READER's product is readable by the productReader
 * repository in its lane context only; `other` is not.
 */
const tokens = { trusted: "", reader: "", productReader: "", scoped: "", stranger: "" };
const readerProduct = { product: PRODUCT_READER.product, context: PRODUCT_READER.context, previewContext: `${PRODUCT_READER.context}-preview` };
const other = uniqueScope("products-other");
const shipped = uniqueName("artifact-shipped");
const unmanifested = uniqueName("artifact-unmanifested");

async function accepted(path: string, body: unknown): Promise<void> {
  const response = await v1("POST", path, body, { token: tokens.trusted });
  expect(response.status, `${path}: ${response.text}`).toBe(202);
}

const get = (path: string, token: string | null) => v1("GET", path, undefined, { token });

function ok(response: V1Response): Record<string, unknown> {
  expect(response.status, response.text).toBe(200);
  expect(response.body.status).toBe("ok");
  expectCleanResponse(response, Object.values(tokens));
  return response.body;
}

beforeAll(async () => {
  tokens.trusted = await tokenFor(REPOS.trusted);
  tokens.reader = await tokenFor(REPOS.reader);
  tokens.productReader = await tokenFor(REPOS.productReader);
  tokens.scoped = await tokenFor(REPOS.scoped);
  tokens.stranger = await tokenFor(REPOS.stranger);

  const { product, context, previewContext } = readerProduct;
  await accepted("/v1/product-profiles", productProfileBody({ product, context }));
  await accepted("/v1/product-profiles", productProfileBody(other));
  await accepted("/v1/evidence/artifacts", artifactBody({ product, context, artifactId: shipped }));
  await accepted("/v1/evidence/deployments", deploymentBody({ product, context, instance: "testing", artifactId: shipped }));
  await accepted("/v1/evidence/backup-gates", backupGateBody({ product, context }));
  await accepted("/v1/evidence/deployments", deploymentBody({ product, context, instance: "prod", artifactId: unmanifested }));
  await accepted("/v1/evidence/public-ingress/observations", publicIngressObservationBody({ product, context }));
  await accepted("/v1/evidence/previews/generations", previewGenerationBody({ product, context: previewContext, pr: 196 }));
  await accepted("/v1/evidence/deployments", deploymentBody({ ...other, instance: "testing" }));
});

describe("GET /v1/products", () => {
  it("lists every readable product with its lanes, under items and upstream's products", async () => {
    const body = ok(await get("/v1/products?limit=200", tokens.reader));
    const items = body.items as ProductOverview[];
    expect(body.products).toEqual(items);
    for (const item of items) expect(() => ProductOverview.parse(item)).not.toThrow();
    const mine = items.find((item) => item.product === readerProduct.product)!;
    expect(mine.environments.map((environment) => [environment.environment, environment.context, environment.artifact_id])).toEqual([
      ["testing", readerProduct.context, shipped],
      ["prod", readerProduct.context, unmanifested],
    ]);
    expect(mine.environments[1]!.health).toMatchObject({ status: "healthy", open_incident_count: 0 });
    expect(mine.preview).toMatchObject({ enabled: true, context: readerProduct.previewContext, active_count: 1 });
    expect(items.map((item) => item.product)).toContain(other.product);
  });

  it("returns only what the caller may read, and pages without repeats", async () => {
    const scoped = ok(await get("/v1/products", tokens.productReader));
    expect((scoped.items as ProductOverview[]).map((item) => item.product)).toEqual([readerProduct.product]);
    // The preview context is outside the grant: its previews are not counted.
    expect((scoped.items as ProductOverview[])[0]!.preview.active_count).toBe(0);
    expect(ok(await get("/v1/products", tokens.stranger)).items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = ok(await get(`/v1/products?limit=1${cursor ? `&cursor=${cursor}` : ""}`, tokens.reader));
      seen.push(...(page.items as ProductOverview[]).map((item) => item.product));
      cursor = page.next_cursor as string | null;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([readerProduct.product, other.product]));
    expect([...seen].sort()).toEqual(seen);

    expectRejected(await get("/v1/products", null), 401, "authentication_required");
    expectRejected(await get("/v1/products?limit=201", tokens.reader), 400, "invalid_request");
    expectRejected(await get("/v1/products?cursor=bogus", tokens.reader), 400, "invalid_request");
  });
});

describe("GET /v1/products/{product}", () => {
  it("answers the overview under upstream's key; 404 unknown, 403 outside the caller's scope", async () => {
    const body = ok(await get(`/v1/products/${readerProduct.product}`, tokens.productReader));
    const overview = ProductOverview.parse(body.product);
    expect(overview).toMatchObject({ product: readerProduct.product, driver_id: "generic-web", lifecycle_state: "active" });
    expect(Object.keys(body).sort()).toEqual(["product", "status", "trace_id"]);

    expectRejected(await get(`/v1/products/${uniqueName("missing")}`, tokens.reader), 404, "not_found");
    expectRejected(await get(`/v1/products/${other.product}`, tokens.productReader), 403, "authorization_denied");
    expectRejected(await get(`/v1/products/${readerProduct.product}`, tokens.stranger), 403, "authorization_denied");
    expectRejected(await get(`/v1/products/${readerProduct.product}`, tokens.scoped), 403, "authorization_denied");
  });
});

describe("GET /v1/products/{product}/activity", () => {
  it("pages the product's records newest first, filters by kind, and refuses bad queries", async () => {
    const path = `/v1/products/${readerProduct.product}/activity`;
    const whole = ok(await get(`${path}?limit=200`, tokens.reader));
    const events = whole.items as ProductActivityEvent[];
    for (const event of events) expect(() => ProductActivityEvent.parse(event)).not.toThrow();
    expect(whole.next_cursor).toBeNull();
    expect(whole.activity).toMatchObject({ schema_version: 1, product: readerProduct.product, events });
    expect(new Set(events.map((event) => event.event_type))).toEqual(
      new Set(["deployment", "backup_gate", "release_tuple", "preview", "preview_generation"]),
    );

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = ok(await get(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ""}`, tokens.reader));
      walked.push(...(page.items as ProductActivityEvent[]).map((event) => event.event_id));
      cursor = page.next_cursor as string | null;
    } while (cursor);
    expect(walked).toEqual(events.map((event) => event.event_id));

    const deployments = ok(await get(`${path}?kind=deployment&kind=backup_gate`, tokens.reader)).items as ProductActivityEvent[];
    expect(new Set(deployments.map((event) => event.event_type))).toEqual(new Set(["deployment", "backup_gate"]));
    const prod = ok(await get(`${path}?lane=prod`, tokens.reader)).items as ProductActivityEvent[];
    expect(prod.length).toBeGreaterThan(0);
    expect(prod.every((event) => event.environment === "prod")).toBe(true);

    // The productReader sees the lane context only: no preview records.
    const scoped = ok(await get(`${path}?limit=200`, tokens.productReader)).items as ProductActivityEvent[];
    expect(scoped.length).toBeGreaterThan(0);
    expect(new Set(scoped.map((event) => event.context))).toEqual(new Set([readerProduct.context]));

    expectRejected(await get(`${path}?kind=bogus`, tokens.reader), 400, "invalid_request");
    expectRejected(await get(`${path}?limit=0`, tokens.reader), 400, "invalid_request");
    expectRejected(await get(`${path}?cursor=bogus`, tokens.reader), 400, "invalid_request");
    expectRejected(await get(`/v1/products/${uniqueName("missing")}/activity`, tokens.reader), 404, "not_found");
    expectRejected(await get(`/v1/products/${other.product}/activity`, tokens.productReader), 403, "authorization_denied");
  });
});

describe("GET /v1/products/{product}/environments/{env}", () => {
  it("answers the lane summary under summary, authorized against the lane's context", async () => {
    const testing = ok(await get(`/v1/products/${readerProduct.product}/environments/testing`, tokens.productReader));
    expect(Object.keys(testing).sort()).toEqual(["status", "summary", "trace_id"]);
    const summary = LaneSummary.parse(testing.summary);
    expect(summary).toMatchObject({ product: readerProduct.product, context: readerProduct.context, instance: "testing" });
    expect(summary.artifact_manifest?.artifact_id).toBe(shipped);
    expect(summary.release_tuple_status.state).toBe("current");

    const prod = LaneSummary.parse(ok(await get(`/v1/products/${readerProduct.product}/environments/prod`, tokens.reader)).summary);
    expect(prod.release_tuple_status).toMatchObject({ state: "absent", reason: "manifest_missing" });
    expect(prod.release_tuple_status.message).toBe(`no release tuple: manifest missing (artifact ${unmanifested} has no stored manifest)`);
    expect(prod.latest_backup_gate?.context).toBe(readerProduct.context);
    expect(prod.health.status).toBe("healthy");

    expectRejected(await get(`/v1/products/${readerProduct.product}/environments/staging`, tokens.reader), 404, "not_found");
    expectRejected(await get(`/v1/products/${uniqueName("missing")}/environments/testing`, tokens.reader), 404, "not_found");
    expectRejected(await get(`/v1/products/${other.product}/environments/testing`, tokens.productReader), 403, "authorization_denied");
    expectRejected(await get(`/v1/products/${readerProduct.product}/environments/testing`, tokens.scoped), 403, "authorization_denied");
  });
});

describe("GET /v1/artifacts/protected", () => {
  it("answers the protected set under protected_artifacts; missing manifests are warnings", async () => {
    const body = ok(await get(`/v1/artifacts/protected?product=${readerProduct.product}`, tokens.reader));
    expect(Object.keys(body).sort()).toEqual(["protected_artifacts", "status", "trace_id"]);
    const set = ProtectedArtifactSet.parse(body.protected_artifacts);
    expect(set.product).toBe(readerProduct.product);
    expect(set.artifact_ids).toEqual(expect.arrayContaining([shipped, unmanifested]));
    expect(set.entries.map((entry) => entry.reason)).toEqual(["stable-inventory", "stable-inventory", "release-tuple", "active-preview-generation"]);
    expect(set.warnings).toContain(
      `Protected artifact ${unmanifested} from environment_inventory has no stored artifact manifest; cleanup consumers must still treat the artifact id as protected.`,
    );
  });

  it("withholds contexts outside the caller's scope with a warning, and refuses what it cannot answer", async () => {
    const path = `/v1/artifacts/protected?product=${readerProduct.product}`;
    const scoped = ProtectedArtifactSet.parse(ok(await get(path, tokens.productReader)).protected_artifacts);
    expect(new Set(scoped.entries.map((entry) => entry.context))).toEqual(new Set([readerProduct.context]));
    expect(scoped.warnings).toContain(
      `1 live record(s) of product ${readerProduct.product} are outside the caller's artifact.read scope and were withheld; cleanup consumers must fail closed.`,
    );

    const missing = await get("/v1/artifacts/protected", tokens.reader);
    expectRejected(missing, 400, "invalid_request");
    expect(missing.body.error?.message).toBe("Protected artifact inventory requires a product query parameter.");
    expectRejected(await get(`/v1/artifacts/protected?product=${uniqueName("missing")}`, tokens.reader), 404, "not_found");
    expectRejected(await get(`${path}&context=${readerProduct.previewContext}`, tokens.productReader), 403, "authorization_denied");
    expectRejected(await get(path, tokens.stranger), 403, "authorization_denied");
    expectRejected(await get(path, null), 401, "authentication_required");
  });
});

describe("the OpenAPI document", () => {
  it("documents the product read routes with their response schemas", async () => {
    const document = (await v1("GET", "/v1/openapi.json")).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>>;
    };
    const okProperties = (path: string) => Object.keys(document.paths[path]?.get?.responses["200"]?.content["application/json"]?.schema.properties ?? {}).sort();
    expect(okProperties("/v1/products")).toEqual(["items", "next_cursor", "products", "status", "trace_id"]);
    expect(okProperties("/v1/products/{product}")).toEqual(["product", "status", "trace_id"]);
    expect(okProperties("/v1/products/{product}/activity")).toEqual(["activity", "items", "next_cursor", "status", "trace_id"]);
    expect(okProperties("/v1/products/{product}/environments/{env}")).toEqual(["status", "summary", "trace_id"]);
    expect(okProperties("/v1/artifacts/protected")).toEqual(["protected_artifacts", "status", "trace_id"]);
  });
});
