import { describe, expect, it } from "vitest";
import { EdgeEndpointRecord } from "@/server/contracts/edge-endpoint";
import { IngressCanaryRouteRecord } from "@/server/contracts/ingress-canary-route";
import { IngressRouteAuditRecord, buildIngressRouteAuditRecordId } from "@/server/contracts/ingress-route-audit";
import { edgeEndpointRepository } from "@/server/repositories/edge-endpoint-repository";
import { ingressCanaryRouteRepository } from "@/server/repositories/ingress-canary-route-repository";
import { ingressRouteAuditRepository } from "@/server/repositories/ingress-route-audit-repository";
import { uniqueProduct, useTestDb } from "../../support/database";

const { db } = useTestDb();

function endpoint(key: string, overrides: Partial<EdgeEndpointRecord> = {}): EdgeEndpointRecord {
  return EdgeEndpointRecord.parse({
    endpoint_key: key,
    server_name: "edge-1",
    upstream_host: "203.0.113.10",
    upstream_port: 443,
    updated_at: "2026-05-07T16:00:00Z",
    ...overrides,
  });
}

describe("edge endpoints", () => {
  it("stores, replaces and lists endpoints by key with promoted columns", async () => {
    const key = uniqueProduct("edge");
    const repository = edgeEndpointRepository(db);
    await repository.upsert(endpoint(key));
    await repository.upsert(endpoint(key, { status: "disabled", upstream_port: 8443, updated_at: "2026-05-07T17:00:00Z" }));

    expect(await repository.find(key)).toMatchObject({ endpoint_key: key, status: "disabled", upstream_port: 8443, provider: "dokploy" });
    const row = await db.edgeEndpoint.findUnique({ where: { endpointKey: key } });
    expect(row).toMatchObject({ status: "disabled", upstreamPort: 8443, upstreamScheme: "https", upstreamHost: "203.0.113.10" });
    expect(row?.updatedAt.toISOString()).toBe("2026-05-07T17:00:00.000Z");
    expect(await db.edgeEndpoint.count({ where: { endpointKey: key } })).toBe(1);

    const disabled = await repository.list({ provider: "dokploy", status: "disabled", take: 500 });
    expect(disabled.map((record) => record.endpoint_key)).toContain(key);
    expect(await repository.find(`${key}-missing`)).toBeNull();
  });
});

describe("ingress canary routes", () => {
  it("keeps the certificate id's text form in its column and finds routes by product and edge endpoint", async () => {
    const product = uniqueProduct("canary");
    const edgeKey = `${product}-edge`;
    const repository = ingressCanaryRouteRepository(db);
    const route = (key: string, certificate: number | "new") =>
      IngressCanaryRouteRecord.parse({
        canary_key: key,
        product,
        context: product,
        domain_name: `Canary.${product}.Example.com.`,
        expected_host_id: 12,
        edge_endpoint_key: edgeKey,
        certificate_id: certificate,
        updated_at: "2026-05-07T16:00:00Z",
      });
    await repository.upsert(route(`${product}-a`, "new"));
    await repository.upsert(route(`${product}-b`, 7));

    const rows = await db.ingressCanaryRoute.findMany({ where: { product }, orderBy: { canaryKey: "asc" } });
    expect(rows.map((row) => [row.certificateId, row.domainName])).toEqual([
      ["new", `canary.${product}.example.com`],
      ["7", `canary.${product}.example.com`],
    ]);
    expect((await repository.find(`${product}-b`))?.certificate_id).toBe(7);
    expect((await repository.listForProduct(product, { take: 10 })).map((record) => record.canary_key)).toEqual([
      `${product}-a`,
      `${product}-b`,
    ]);
    expect((await repository.listForEdgeEndpoint(edgeKey, 10)).map((record) => record.canary_key)).toEqual([`${product}-a`, `${product}-b`]);
    expect(await repository.listForProduct(product, { status: "disabled", take: 10 })).toEqual([]);
  });
});

describe("ingress route audits", () => {
  function audit(product: string, status: "pending" | "applied" | "unchanged", providerHostId?: number) {
    const traceId = `launchplane_req_${"a".repeat(32)}`;
    return IngressRouteAuditRecord.parse({
      record_id: buildIngressRouteAuditRecordId({ trace_id: traceId, product, context: product, domains: [`${product}.example.com`] }),
      product,
      context: product,
      mode: "apply",
      status,
      dry_run: false,
      requested_domains: [`${product}.example.com`],
      provider_host_id: providerHostId,
      operations: [{ action: "update", host_id: 12, domain_names: [`${product}.example.com`], requires_apply: status !== "unchanged" }],
      trace_id: traceId,
      reason: "cut over to the new edge",
      recorded_at: "2026-05-07T16:00:00Z",
    });
  }

  it("writes the pending intent once and replaces it once with the outcome", async () => {
    const product = uniqueProduct("audit");
    const repository = ingressRouteAuditRepository(db);
    const pending = audit(product, "pending");
    expect(await repository.insert(pending)).toEqual({ inserted: true });
    const again = await repository.insert(pending);
    expect(again.inserted).toBe(false);

    expect(await repository.settlePending(audit(product, "applied", 12))).toBe(true);
    const stored = await repository.find(pending.record_id);
    expect(stored?.record.status).toBe("applied");
    expect(stored?.product).toBe(product);
    const row = await db.ingressRouteAudit.findUnique({ where: { recordId: pending.record_id } });
    expect(row).toMatchObject({ status: "applied", providerHostId: 12, mode: "apply" });

    // Settled evidence is not rewritten: a second outcome is refused and nothing changes.
    expect(await repository.settlePending(audit(product, "unchanged"))).toBe(false);
    expect((await repository.find(pending.record_id))?.record.status).toBe("applied");
    expect((await repository.latestForContext(product, product, 10)).map((entry) => entry.record.record_id)).toEqual([pending.record_id]);
  });

  it("does not let an outcome for another product settle a pending audit", async () => {
    const product = uniqueProduct("audit");
    const repository = ingressRouteAuditRepository(db);
    const pending = audit(product, "pending");
    await repository.insert(pending);
    const foreign = { ...audit(product, "applied", 12), product: uniqueProduct("other") };
    expect(await repository.settlePending(foreign)).toBe(false);
    expect((await repository.find(pending.record_id))?.record.status).toBe("pending");
  });
});
