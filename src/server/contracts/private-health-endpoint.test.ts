import { describe, expect, it } from "vitest";

import {
  PrivateHealthEndpointApplyRequest,
  PrivateHealthEndpointRecord,
  publicUrlError,
  resolvePrivateHealthEndpoint,
} from "./private-health-endpoint";

const endpoint = {
  endpoint_key: "example-site-prod-runtime",
  product: "example-site",
  context: "example-site",
  instance: "prod",
  url: "http://example-site-runtime.internal:8080/healthz",
  source_label: "  workflow:private-health-endpoint  ",
  updated_at: "2026-07-27T12:00:00Z",
};
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("publicUrlError", () => {
  it("classifies private and internal URLs", () => {
    for (const url of [
      "http://localhost:3000/health",
      "http://api.localhost/h",
      "http://printer.local/",
      "https://svc.internal./h",
      "http://x.invalid/",
      "http://10.1.2.3/h",
      "http://172.20.0.5:8080/",
      "http://192.168.1.10/",
      "http://100.64.0.1/",
      "http://169.254.169.254/latest",
      "http://127.0.0.1/",
      "http://[::1]:8080/",
      "http://[fd12:3456::1]/",
      "http://[fe80::1]/",
      "http://[::ffff:10.0.0.1]/",
      "http://[2002:0a00:0001::]/",
    ]) {
      expect(publicUrlError(url), url).toBe("private_url");
    }
  });

  it("treats other names and global addresses as public", () => {
    for (const url of ["https://example.com/health", "http://worker:8080/", "http://8.8.8.8/", "http://[2001:4860:4860::8888]/"]) {
      expect(publicUrlError(url), url).toBe("");
    }
  });

  it("refuses non-HTTP and credentialed URLs", () => {
    for (const url of ["ftp://10.0.0.1/", "10.0.0.1", "http://user:pw@10.0.0.1/", "http://@10.0.0.1/", "http://", "http://10.0.0.1:99999/"]) {
      expect(publicUrlError(url), url).toBe("invalid_url");
    }
  });
});

describe("PrivateHealthEndpointRecord", () => {
  it("accepts a private endpoint and trims text", () => {
    const record = PrivateHealthEndpointRecord.parse(endpoint);
    expect(record.status).toBe("active");
    expect(record.source_label).toBe("workflow:private-health-endpoint");
  });

  it("rejects public and invalid URLs", () => {
    expect(messages(PrivateHealthEndpointRecord.safeParse({ ...endpoint, url: "https://example-site.example/healthz" }))).toContain(
      "private health endpoint url must not be public",
    );
    expect(messages(PrivateHealthEndpointRecord.safeParse({ ...endpoint, url: "not a url" }))).toContain(
      "private health endpoint url must be a valid HTTP URL",
    );
  });

  it("rejects unknown fields, wrong types, blank text and other schema versions", () => {
    expect(PrivateHealthEndpointRecord.safeParse({ ...endpoint, alert_issue_url: "x" }).success).toBe(false);
    expect(PrivateHealthEndpointRecord.safeParse({ ...endpoint, status: "enabled" }).success).toBe(false);
    expect(messages(PrivateHealthEndpointRecord.safeParse({ ...endpoint, instance: " " }))).toContain(
      "private health endpoint record requires non-empty text fields",
    );
    expect(messages(PrivateHealthEndpointRecord.safeParse({ ...endpoint, schema_version: 2 }))).toContain(
      "Unsupported private health endpoint record schema version",
    );
  });
});

describe("PrivateHealthEndpointApplyRequest", () => {
  it("defaults to dry-run", () => {
    expect(PrivateHealthEndpointApplyRequest.parse({ endpoint }).mode).toBe("dry-run");
  });

  it("requires a reason and the exact confirmation to apply", () => {
    const apply = { mode: "apply", endpoint, reason: "Monitor the worker", confirmation: "APPLY LAUNCHPLANE PRIVATE HEALTH ENDPOINT" };
    expect(PrivateHealthEndpointApplyRequest.safeParse(apply).success).toBe(true);
    expect(messages(PrivateHealthEndpointApplyRequest.safeParse({ ...apply, reason: " " }))).toContain(
      "Private health endpoint apply requires a reason",
    );
    expect(messages(PrivateHealthEndpointApplyRequest.safeParse({ ...apply, confirmation: "apply" }))).toContain(
      "Private health endpoint apply requires exact confirmation text",
    );
    expect(PrivateHealthEndpointApplyRequest.safeParse({ ...apply, mode: "force" }).success).toBe(false);
  });
});

describe("resolvePrivateHealthEndpoint", () => {
  const record = PrivateHealthEndpointRecord.parse(endpoint);
  const lookup = { endpoint_key: record.endpoint_key, product: "example-site", context: "example-site", instance: "prod" };

  it("fails closed when missing, disabled or scoped to another lane", () => {
    expect(resolvePrivateHealthEndpoint(lookup, record)).toEqual({ ok: true, url: record.url });
    expect(resolvePrivateHealthEndpoint(lookup, null)).toEqual({ ok: false, reason: "missing" });
    expect(resolvePrivateHealthEndpoint(lookup, { ...record, status: "disabled" })).toEqual({ ok: false, reason: "disabled" });
    expect(resolvePrivateHealthEndpoint({ ...lookup, instance: "testing" }, record)).toEqual({ ok: false, reason: "scope_mismatch" });
  });
});
