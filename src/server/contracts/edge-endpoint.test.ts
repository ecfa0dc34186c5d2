import { describe, expect, it } from "vitest";

import { EdgeEndpointRecord, isIpv4Address } from "./edge-endpoint";

// Shape of the upstream test fixture `_edge_endpoint_record`.
const endpoint = {
  endpoint_key: "cm-prod-dokploy",
  provider: "dokploy",
  server_name: "docker-cm-prod",
  upstream_host: "100.73.170.113",
  upstream_host_kind: "ip",
  upstream_scheme: "https",
  upstream_port: 443,
  status: "active",
  updated_at: "2026-06-07T00:00:00Z",
  source_label: "test:edge-endpoint",
};

describe("EdgeEndpointRecord", () => {
  it("accepts the upstream fixture and fills defaults", () => {
    const parsed = EdgeEndpointRecord.parse({ ...endpoint, upstream_host: " 192.0.2.10 " });
    expect(parsed.upstream_host).toBe("192.0.2.10");
    expect(parsed.schema_version).toBe(1);
    const minimal = EdgeEndpointRecord.parse({
      endpoint_key: "edge",
      server_name: "srv",
      upstream_host: "10.0.0.1",
      upstream_port: 8443,
      updated_at: "2026-06-07T00:00:00Z",
    });
    expect(minimal).toMatchObject({ provider: "dokploy", upstream_scheme: "https", status: "active", source_label: "" });
  });

  it("rejects unknown fields and wrong types", () => {
    expect(EdgeEndpointRecord.safeParse({ ...endpoint, npmplus_host_id: 7 }).success).toBe(false);
    expect(EdgeEndpointRecord.safeParse({ ...endpoint, upstream_port: "443" }).success).toBe(false);
    expect(EdgeEndpointRecord.safeParse({ ...endpoint, upstream_port: 70000 }).success).toBe(false);
    expect(EdgeEndpointRecord.safeParse({ ...endpoint, server_name: "  " }).success).toBe(false);
  });

  it("requires an IPv4 upstream host", () => {
    const result = EdgeEndpointRecord.safeParse({ ...endpoint, upstream_host: "edge.example.com" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("edge endpoint upstream_host must be an IPv4 address");
    expect(isIpv4Address("10.0.0.01")).toBe(false);
    expect(isIpv4Address("256.0.0.1")).toBe(false);
    expect(isIpv4Address("0.0.0.0")).toBe(true);
  });

  it("only supports schema version 1", () => {
    expect(EdgeEndpointRecord.safeParse({ ...endpoint, schema_version: 2 }).success).toBe(false);
  });
});
