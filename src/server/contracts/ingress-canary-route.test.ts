import { describe, expect, it } from "vitest";

import { IngressCanaryRouteRecord } from "./ingress-canary-route";

const route = {
  canary_key: "reon-ingress-canary",
  product: "launchplane",
  context: "reon-prod",
  domain_name: "Ingress-Canary.Example.Test.",
  expected_host_id: 79,
  edge_endpoint_key: "cm-prod-dokploy",
  certificate_id: 47,
  updated_at: "2026-06-11T00:00:00Z",
  source_label: "test:ingress-canary",
};

describe("IngressCanaryRouteRecord", () => {
  it("accepts a canary route and normalizes the domain", () => {
    const parsed = IngressCanaryRouteRecord.parse(route);
    expect(parsed.domain_name).toBe("ingress-canary.example.test");
    expect(parsed.status).toBe("active");
    expect(IngressCanaryRouteRecord.parse({ ...route, certificate_id: "new" }).certificate_id).toBe("new");
    expect(IngressCanaryRouteRecord.parse({ ...route, certificate_id: 0 }).certificate_id).toBe(0);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(IngressCanaryRouteRecord.safeParse({ ...route, domains: [] }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, expected_host_id: "79" }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, expected_host_id: 0 }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, certificate_id: -1 }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, certificate_id: "old" }).success).toBe(false);
  });

  it("requires a path-safe key and a single domain name", () => {
    expect(IngressCanaryRouteRecord.safeParse({ ...route, canary_key: "a/b" }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, canary_key: "a b" }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, domain_name: "a.test,b.test" }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, domain_name: "https://a.test" }).success).toBe(false);
    expect(IngressCanaryRouteRecord.safeParse({ ...route, domain_name: "..." }).success).toBe(false);
  });

  it("only supports schema version 1", () => {
    expect(IngressCanaryRouteRecord.safeParse({ ...route, schema_version: 2 }).success).toBe(false);
  });
});
