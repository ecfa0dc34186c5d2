import { describe, expect, it } from "vitest";

import { IngressRouteAuditRecord, buildIngressRouteAuditRecordId } from "./ingress-route-audit";

// Shape of the upstream ingress route audit test fixture.
const audit = {
  record_id: "ingress-route-audit-old",
  product: "launchplane",
  context: "reon-prod",
  mode: "dry-run",
  status: "planned",
  dry_run: true,
  requested_domains: ["Ingress-Canary.Example.Test", "ingress-canary.example.test", " "],
  expected_host_id: 78,
  provider_host_id: 78,
  operations: [
    {
      action: "no-op",
      host_id: 78,
      domain_names: ["ingress-canary.example.test"],
      requires_apply: false,
      change_categories: ["Domains", "domains", ""],
    },
  ],
  trace_id: "launchplane_req_old",
  reason: "Plan canary route.",
  recorded_at: "2026-05-31T12:00:00Z",
};

describe("IngressRouteAuditRecord", () => {
  it("accepts a dry-run audit and normalizes domains and categories", () => {
    const parsed = IngressRouteAuditRecord.parse(audit);
    expect(parsed.requested_domains).toEqual(["ingress-canary.example.test"]);
    expect(parsed.operations[0]?.change_categories).toEqual(["domains"]);
    expect(parsed.provider).toBe("npmplus");
    expect(parsed.tls_owner).toBe("unknown");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(IngressRouteAuditRecord.safeParse({ ...audit, npmplus_payload: {} }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, dry_run: "true" }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, provider_host_id: 0 }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, status: "failed" }).success).toBe(false);
  });

  it("ties mode to dry_run", () => {
    expect(IngressRouteAuditRecord.safeParse({ ...audit, dry_run: false }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, mode: "apply", status: "applied" }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, mode: "apply", status: "applied", dry_run: false }).success).toBe(
      true,
    );
  });

  it("requires domains, operations, and managed TLS for a certificate", () => {
    expect(IngressRouteAuditRecord.safeParse({ ...audit, requested_domains: [" "] }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, operations: [] }).success).toBe(false);
    expect(IngressRouteAuditRecord.safeParse({ ...audit, provider_certificate_ref: "npm-cert-47" }).success).toBe(false);
    expect(
      IngressRouteAuditRecord.safeParse({ ...audit, tls_owner: "provider", provider_certificate_ref: "npm-cert-47" }).success,
    ).toBe(true);
  });

  it("builds the upstream record id", () => {
    expect(
      buildIngressRouteAuditRecordId({
        trace_id: "launchplane_req_0123",
        product: "launchplane",
        context: "reon-prod",
        domains: ["ingress-canary.example.test", "B.example.test"],
      }),
    ).toBe("ingress-route-audit-launchplane_req_0123-253c318a5ecba471");
  });
});
