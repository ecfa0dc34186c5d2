import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperatorIdentity } from "@/server/auth/identity";
import { resetEnvForTests } from "@/server/env";
import { configReadinessForLane } from "@/server/services/config-readiness";
import { invalidateAuthzPolicyCache, operatorRoleFor } from "@/server/services/authz-policy";
import { DEMO_ADMIN_LOGINS, DEMO_PRODUCT_NAMES, DEMO_READ_ONLY_LOGINS, seedDemoIfEmpty } from "../../../scripts/lib/seed-demo";
import { useIsolatedTestDb } from "../../support/isolated-database";

/**
 * The demonstration data `npm start` seeds in embedded mode, on a database
 * of its own (the demo needs an empty one): what a newcomer should see, all
 * of it produced by the services' own rules.
 */
const { db, url } = useIsolatedTestDb("demo");
const dataDir = mkdtempSync(join(tmpdir(), "launchplane-demo-seed-"));
const previousKey = process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
let seeded: boolean;
let seededAgain: boolean;
let countsAfterSeed: number[];
let countsAfterSecondCall: number[];
const started = Date.now();

async function rowCounts(): Promise<number[]> {
  const client = db();
  return Promise.all([
    client.productProfile.count(),
    client.deployment.count(),
    client.promotion.count(),
    client.releaseTupleHistory.count(),
    client.previewGeneration.count(),
    client.publicIngressObservation.count(),
    client.secretVersion.count(),
    client.auditEvent.count(),
    client.authzPolicy.count(),
  ]);
}

beforeAll(async () => {
  process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  resetEnvForTests();
  seeded = await seedDemoIfEmpty(url(), { dataDir });
  countsAfterSeed = await rowCounts();
  seededAgain = await seedDemoIfEmpty(url(), { dataDir });
  countsAfterSecondCall = await rowCounts();
  invalidateAuthzPolicyCache();
});

afterAll(() => {
  if (previousKey === undefined) delete process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
  else process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = previousKey;
  resetEnvForTests();
  rmSync(dataDir, { recursive: true, force: true });
});

const operator = (login: string): OperatorIdentity => ({ kind: "operator", login, organizations: [], teams: [] });

describe("seedDemoIfEmpty", () => {
  it("seeds an empty database once and leaves a seeded one alone", () => {
    expect(seeded).toBe(true);
    expect(seededAgain).toBe(false);
    expect(countsAfterSecondCall).toEqual(countsAfterSeed);
  });

  it("stores three products with testing and prod lanes", async () => {
    const profiles = await db().productProfile.findMany({ orderBy: { product: "asc" }, take: 10 });
    const lanes = profiles.map((row) => {
      const profile = row.payload as { display_name: string; lanes: Array<{ instance: string }> };
      return [profile.display_name, profile.lanes.map((lane) => lane.instance)];
    });
    expect(lanes).toEqual([
      ["Acme ERP (Odoo)", ["testing", "prod"]],
      ["Billing API", ["testing", "prod"]],
      ["Web Shop", ["testing", "prod"]],
    ]);
    expect([...DEMO_PRODUCT_NAMES].sort()).toEqual(lanes.map(([name]) => name));
  });

  it("has promotion history with copied release tuples, and a prod lane without a tuple for lack of a manifest", async () => {
    const client = db();
    const promotions = await client.promotion.groupBy({ by: ["product"], _count: true, orderBy: { product: "asc" } });
    expect(promotions.map((row) => [row.product, row._count])).toEqual([
      ["acme-erp", 2],
      ["billing-api", 1],
      ["web-shop", 3],
    ]);
    const tuples = await client.releaseTuple.findMany({ orderBy: [{ context: "asc" }, { channel: "asc" }], take: 10 });
    expect(tuples.map((tuple) => [tuple.context, tuple.channel, tuple.provenance])).toEqual([
      ["acme-erp", "prod", "promotion"],
      ["acme-erp", "testing", "ship"],
      ["billing-api", "testing", "ship"],
      ["web-shop", "prod", "promotion"],
      ["web-shop", "testing", "ship"],
    ]);
    // Billing API prod runs an artifact whose manifest was never recorded.
    const prod = await client.inventory.findUniqueOrThrow({ where: { context_instance: { context: "billing-api", instance: "prod" } } });
    expect(prod.artifactId).toMatch(/^artifact-\d{8}-[0-9a-f]{8}$/);
    expect(await client.artifactManifest.count({ where: { artifactId: prod.artifactId! } })).toBe(0);
    // Every promotion to web-shop prod minted (ship) and then copied (promotion) a tuple.
    expect(await client.releaseTupleHistory.count({ where: { context: "web-shop", channel: "prod" } })).toBe(6);
    const prodTuple = tuples.find((tuple) => tuple.context === "web-shop" && tuple.channel === "prod")!;
    expect(Object.values((prodTuple.payload as { repo_shas: Record<string, string> }).repo_shas)).toEqual([
      expect.stringMatching(/^[0-9a-f]{40}$/),
    ]);
  });

  it("keeps evidence times in the last days, up to now", async () => {
    const client = db();
    const deployments = await client.deployment.findMany({ select: { payload: true }, take: 100 });
    const finished = deployments.map((row) => Date.parse((row.payload as { deploy: { finished_at: string } }).deploy.finished_at));
    expect(Math.min(...finished)).toBeGreaterThan(started - 9 * 24 * 3_600_000);
    expect(Math.max(...finished)).toBeLessThanOrEqual(Date.now());
    expect(Math.max(...finished)).toBeGreaterThan(started - 6 * 3_600_000);
    expect(await client.deployment.count({ where: { payload: { path: ["deploy", "status"], equals: "fail" } } })).toBe(2);
  });

  it("has previews with a failed generation still served by the older one, and a destroyed preview", async () => {
    const previews = await db().preview.findMany({ orderBy: { previewId: "asc" }, take: 10 });
    const summary = previews.map((row) => {
      const preview = row.payload as { anchor_pr_number: number; state: string; serving_generation_id: string; latest_generation_id: string };
      return [preview.anchor_pr_number, preview.state, preview.serving_generation_id.slice(-4), preview.latest_generation_id.slice(-4)];
    });
    expect(summary).toEqual([
      [205, "destroyed", "", "0001"],
      [214, "active", "0002", "0002"],
      [219, "failed", "0001", "0002"],
      [221, "pending", "", "0001"],
    ]);
  });

  it("has one open and one resolved incident", async () => {
    const incidents = await db().publicIngressIncident.findMany({ orderBy: { product: "asc" }, take: 10 });
    expect(incidents.map((row) => [row.product, row.instance, (row.payload as { status: string }).status])).toEqual([
      ["billing-api", "prod", "open"],
      ["web-shop", "prod", "resolved"],
    ]);
  });

  it("has managed secrets in every status", async () => {
    const statuses = async (product: string, instance: string) =>
      Object.fromEntries((await configReadinessForLane(db(), product, instance)).managed_secrets.map((item) => [item.binding_key, item.status]));
    expect(await statuses("web-shop", "prod")).toEqual({ DATABASE_URL: "configured", SESSION_SECRET: "configured", STRIPE_SECRET_KEY: "stale" });
    expect(await statuses("billing-api", "prod")).toEqual({ DATABASE_URL: "configured", WEBHOOK_SIGNING_KEY: "disabled", SENTRY_DSN: "missing" });
    expect(await statuses("acme-erp", "prod")).toEqual({ ODOO_DB_PASSWORD: "configured", ODOO_ADMIN_PASSWORD: "configured", SMTP_PASSWORD: "configured" });
    // Values are encrypted: no secret version stores anything readable.
    const versions = await db().secretVersion.findMany({ take: 50 });
    expect(versions.length).toBeGreaterThanOrEqual(12);
    for (const version of versions) expect((version.payload as { cipher_alg: string }).cipher_alg).toBe("aes-256-gcm-v1");
  });

  it("stores a policy with admin and read-only demo logins, grown by operator grants, and operator audit events", async () => {
    for (const login of DEMO_ADMIN_LOGINS) expect(await operatorRoleFor(db(), operator(login), { bootstrapAdmins: [] })).toBe("admin");
    for (const login of DEMO_READ_ONLY_LOGINS) expect(await operatorRoleFor(db(), operator(login), { bootstrapAdmins: [] })).toBe("read_only");
    expect(await operatorRoleFor(db(), operator("someone-else"), { bootstrapAdmins: [] })).toBeNull();
    const policies = await db().authzPolicy.findMany({ orderBy: { updatedAt: "asc" }, take: 10 });
    expect(policies.map((row) => row.status).sort()).toEqual(["active", "superseded", "superseded"]);
    expect(JSON.parse(readFileSync(join(dataDir, "demo-authz-policy.json"), "utf8")).github_humans).toHaveLength(2);

    const events = await db().auditEvent.findMany({ orderBy: { occurredAt: "asc" }, take: 50 });
    const operatorActions = events.filter((row) => (row.payload as { actor: { kind: string } }).actor.kind === "operator").map((row) => row.action);
    expect(operatorActions.sort()).toEqual([
      "authz_policy_grant.write",
      "authz_policy_grant.write",
      "managed_secret.disable",
      "managed_secret.write",
      "product_profile.write",
      "product_profile.write",
    ]);
  });
});
