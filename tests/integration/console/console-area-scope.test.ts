import { beforeAll, describe, expect, it } from "vitest";
import { writeManagedSecret } from "@/server/services/managed-secrets";
import { recordAudit } from "@/server/services/audit-trail";
import { uniqueProduct } from "../../support/database";
import { useIsolatedTestDb } from "../../support/isolated-database";
import { withMasterKey } from "../config/config-fixtures";
import { deploy, storeManifest } from "../read-models/read-model-fixtures";
import {
  ADMIN,
  callerFor,
  consolePolicy,
  SCOPED_ORG,
  type SeededProduct,
  seedConsoleProduct,
  seedPolicy,
  session,
  SEEDED_RUN_SHA,
  trpcRefusal,
} from "./console-fixtures";
import { workflowIdentity } from "../../support/workflow-identity";

/*
 * The incidents, secrets, audit and records procedures with two products and
 * an operator scoped to one: every procedure refuses the other product (403,
 * as /v1), or leaves its records out of lists, links and search results.
 */

// The active policy is global state, so this file has a database of its own.
const { db } = useIsolatedTestDb("console-areas");
withMasterKey();

const alpha = uniqueProduct("alpha");
const beta = uniqueProduct("beta");
let a: SeededProduct;
let b: SeededProduct;
const shared = `${beta}-shared-artifact`;
const alphaOnShared = `${alpha}-deployment-shared`;

const admin = () => callerFor(db, session(ADMIN));
const scoped = () => callerFor(db, session("ada", [SCOPED_ORG]));

beforeAll(async () => {
  await seedPolicy(db(), consolePolicy(alpha));
  a = await seedConsoleProduct(db(), alpha);
  b = await seedConsoleProduct(db(), beta);
  // An artifact built (and first posted) by beta that alpha deployed: its link is beta's.
  await storeManifest(db(), beta, shared);
  await deploy(db(), alpha, { recordId: alphaOnShared, context: alpha, instance: "prod", artifactId: shared });
  for (const product of [alpha, beta]) {
    await writeManagedSecret(db(), {
      scope: "context_instance",
      integration: "runtime_environment",
      name: "database-password",
      context: product,
      instance: "testing",
      plaintext: `plaintext-of-${product}-0123456789`,
      binding_key: "DATABASE_PASSWORD",
      actor: "ops-bot",
      product,
    });
  }
  await recordAudit(db(), {
    actor: workflowIdentity(`every/${alpha}`, { run_id: "77", sha: SEEDED_RUN_SHA }),
    action: "backup_gate.write",
    product: alpha,
    context: alpha,
    instance: "prod",
    targetType: "backup_gate",
    targetId: a.backupGateId,
    detail: { route: "/v1/evidence/backup-gates", token: "must-not-be-stored" },
  });
  // An event about the service itself (no product): only an unrestricted operator sees it.
  await recordAudit(db(), { actor: { kind: "system", name: "console-test" }, action: "system.checked", detail: {} });
}, 120_000);

describe("incidents.list", () => {
  it("lists every readable product's incidents for the scoped operator and nothing of the other", async () => {
    const mine = await scoped().incidents.list({ status: "open" });
    expect(mine.items.map((item) => item.incident.product)).toEqual([alpha]);
    expect(mine.items[0]!.incident.incident_id).toBe(a.incidentId);
    expect(mine.items[0]!.observations.map((observation) => observation.observed_at)).toEqual(["2026-05-07T16:05:00Z", "2026-05-07T16:00:00Z"]);

    const all = await admin().incidents.list({ status: "open" });
    expect(all.items.map((item) => item.incident.product).sort()).toEqual([alpha, beta].sort());
  });

  it("refuses the other product with FORBIDDEN and an unknown one with NOT_FOUND", async () => {
    expect(await trpcRefusal(() => scoped().incidents.list({ product: beta }), "FORBIDDEN")).toContain(beta);
    await trpcRefusal(() => scoped().incidents.list({ product: `${beta}-missing` }), "NOT_FOUND");
    const own = await scoped().incidents.list({ product: alpha, context: alpha, instance: "prod" });
    expect(own.items).toHaveLength(1);
  });

  it("sends only whitelisted fields", async () => {
    const [item] = (await admin().incidents.list({ product: alpha })).items;
    expect(Object.keys(item!.incident).sort()).toEqual(
      [
        "check_kind",
        "check_name",
        "context",
        "failure_code",
        "incident_id",
        "instance",
        "latest_observation_id",
        "latest_observed_at",
        "opened_at",
        "opened_observation_id",
        "product",
        "resolved_at",
        "resolved_observation_id",
        "status",
        "summary",
      ].sort(),
    );
    expect(Object.keys(item!.observations[0]!)).not.toContain("expected_runtime_identity");
  });
});

describe("secrets", () => {
  it("refuses another product's secret status", async () => {
    expect(await trpcRefusal(() => scoped().secrets.forProduct({ product: beta }), "FORBIDDEN")).toContain(beta);
    await trpcRefusal(() => scoped().secrets.forProduct({ product: `${alpha}-missing` }), "NOT_FOUND");
  });

  it("lists only readable products, with each expected binding's status", async () => {
    const list = await scoped().secrets.list();
    expect(list.map((view) => view.product)).toEqual([alpha]);
    const testing = list[0]!.lanes.find((lane) => lane.instance === "testing")!;
    expect(testing.expected_bindings.map((binding) => [binding.binding_key, binding.status])).toEqual([["DATABASE_PASSWORD", "stale"]]);
    const prod = list[0]!.lanes.find((lane) => lane.instance === "prod")!;
    expect(prod.expected_bindings.map((binding) => [binding.binding_key, binding.status]).sort()).toEqual([
      ["DATABASE_PASSWORD", "missing"],
      ["MAIL_PASSWORD", "missing"],
    ]);
    expect(testing.secrets).toHaveLength(1);
    expect(testing.secrets[0]).toMatchObject({ name: "database-password", version_count: 1, last_rotated_by: "ops-bot", status: "configured" });
    expect(list[0]!.recent_audit_events.map((event) => event.event_type)).toEqual(["created"]);

    const everything = await admin().secrets.list();
    expect(everything.map((view) => view.product).sort()).toEqual([alpha, beta].sort());
  });
});

describe("audit.list", () => {
  it("returns only events inside the operator's scope, whatever the filter", async () => {
    const mine = await scoped().audit.list({});
    expect(mine.items.length).toBeGreaterThan(0);
    expect(new Set(mine.items.map((event) => event.product))).toEqual(new Set([alpha]));
    expect((await scoped().audit.list({ product: beta })).items).toEqual([]);
    expect((await scoped().audit.list({ actor: `every/${beta}` })).items).toEqual([]);
    expect((await scoped().audit.list({ action: "system.checked" })).items).toEqual([]);

    const everything = await admin().audit.list({ action: "system.checked" });
    expect(everything.items.map((event) => event.actor)).toEqual([{ kind: "system", name: "console-test" }]);
  });

  it("filters by actor, product and action and pages with a cursor", async () => {
    const byActor = await admin().audit.list({ actor: `every/${alpha}`, action: "deployment.write" });
    expect(byActor.items).toHaveLength(1);
    expect(byActor.items[0]).toMatchObject({
      product: alpha,
      target_type: "deployment",
      target_id: a.deploymentId,
      actor: { kind: "workflow", repository: `every/${alpha}`, run_id: a.runId },
    });
    expect(byActor.items[0]!.actor).not.toHaveProperty("sub");

    const everything = (await admin().audit.list({ product: alpha })).items.map((event) => event.event_id);
    expect(everything.length).toBeGreaterThan(1);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof admin>["audit"]["list"]>> = await admin().audit.list({ product: alpha, limit: 1, cursor });
      expect(page.items.length).toBeLessThanOrEqual(1);
      paged.push(...page.items.map((event) => event.event_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual(everything);
    const gate = (await admin().audit.list({ action: "backup_gate.write", product: alpha })).items[0]!;
    expect(gate.detail).toEqual({ route: "/v1/evidence/backup-gates" });
    expect(gate.redacted_keys).toEqual(["token"]);
  });

  it("offers only readable products as filters", async () => {
    expect((await scoped().audit.filters()).products.map((item) => item.product)).toEqual([alpha]);
    expect((await scoped().audit.filters()).actions).toContain("deployment.write");
  });
});

describe("records.get", () => {
  it("answers NOT_FOUND for a missing record and FORBIDDEN for one outside scope, for every family", async () => {
    const theirs: Array<[Parameters<ReturnType<typeof scoped>["records"]["get"]>[0]["kind"], string]> = [
      ["deployment", b.deploymentId],
      ["promotion", b.promotionId],
      ["backup_gate", b.backupGateId],
      ["artifact", b.artifactId],
      ["inventory", `${beta}/testing`],
      ["release_tuple", `${beta}/testing`],
      ["preview", b.previewId],
      ["preview_generation", b.generationId],
      ["incident", b.incidentId],
    ];
    for (const [kind, key] of theirs) {
      expect(await trpcRefusal(() => scoped().records.get({ kind, key }), "FORBIDDEN"), `${kind} ${key}`).toContain(beta);
      expect((await admin().records.get({ kind, key })).product).toBe(beta);
      await trpcRefusal(() => scoped().records.get({ kind, key: `${key}-missing` }), "NOT_FOUND");
    }
  });

  it("shows a deployment with its links in both directions and its workflow provenance", async () => {
    const detail = await scoped().records.get({ kind: "deployment", key: a.deploymentId });
    expect(detail).toMatchObject({ kind: "deployment", product: alpha, context: alpha, instance: "testing" });
    expect(detail.record).toMatchObject({ record_id: a.deploymentId, context: alpha });
    const links = detail.links.map((link) => [link.relation, link.record.kind, link.record.key]);
    expect(links).toEqual(
      expect.arrayContaining([
        ["artifact", "artifact", a.artifactId],
        ["lane inventory", "inventory", `${alpha}/testing`],
        ["release tuple", "release_tuple", `${alpha}/testing`],
      ]),
    );
    expect(detail.provenance).toHaveLength(1);
    expect(detail.provenance[0]!.actor).toMatchObject({ kind: "workflow", repository: `every/${alpha}`, run_id: a.runId, ref: "refs/heads/main" });
    // The promotion that carried the prod deployment links back to it.
    const prod = await scoped().records.get({ kind: "deployment", key: a.prodDeploymentId });
    expect(prod.links.map((link) => [link.relation, link.record.key])).toContainEqual(["promotion", a.promotionId]);
  });

  it("shows an inventory's provenance through the deployment that wrote it", async () => {
    const detail = await scoped().records.get({ kind: "inventory", key: `${alpha}/testing` });
    expect(detail.provenance_of).toMatchObject({ kind: "deployment", key: a.deploymentId });
    expect(detail.provenance.map((event) => event.target_id)).toEqual([a.deploymentId]);
  });

  it("links a promotion to its deployment and backup gate, and a preview to its generations", async () => {
    const promotion = await scoped().records.get({ kind: "promotion", key: a.promotionId });
    expect(promotion.links.map((link) => [link.relation, link.record.key])).toEqual(
      expect.arrayContaining([
        ["deployment", a.prodDeploymentId],
        ["backup gate", a.backupGateId],
        ["release tuple", `${alpha}/prod`],
      ]),
    );
    const preview = await scoped().records.get({ kind: "preview", key: a.previewId });
    expect(preview.links.map((link) => link.record.key)).toContain(a.generationId);
    const generation = await scoped().records.get({ kind: "preview_generation", key: a.generationId });
    expect(generation.context).toBe(a.previewContext);
    expect(generation.links.map((link) => link.record.key)).toContain(a.previewId);
  });

  it("leaves out links to records of a product outside the operator's scope", async () => {
    const mine = await scoped().records.get({ kind: "deployment", key: alphaOnShared });
    expect(mine.links.map((link) => link.record.key)).not.toContain(shared);
    const admins = await admin().records.get({ kind: "deployment", key: alphaOnShared });
    expect(admins.links.map((link) => [link.relation, link.record.key, link.record.product])).toContainEqual(["artifact", shared, beta]);
    // The artifact's own page lists alpha's deployment to an admin.
    const artifact = await admin().records.get({ kind: "artifact", key: shared });
    expect(artifact.links.map((link) => link.record.key)).toContain(alphaOnShared);
  });
});

describe("records.lookup", () => {
  it("finds a record by exact id only when the operator may read it", async () => {
    expect(await scoped().records.lookup({ id: b.deploymentId })).toEqual([]);
    expect(await scoped().records.lookup({ id: b.previewId })).toEqual([]);
    expect(await scoped().records.lookup({ id: a.promotionId })).toEqual([
      expect.objectContaining({ kind: "promotion", key: a.promotionId, product: alpha, status: "pass" }),
    ]);
    expect(await admin().records.lookup({ id: b.deploymentId })).toEqual([expect.objectContaining({ kind: "deployment", product: beta })]);
    expect(await scoped().records.lookup({ id: `${alpha}-testing` })).toEqual([
      expect.objectContaining({ kind: "inventory", key: `${alpha}/testing` }),
    ]);
    expect(await scoped().records.lookup({ id: a.deploymentId.slice(0, -2) })).toEqual([]);
  });
});
