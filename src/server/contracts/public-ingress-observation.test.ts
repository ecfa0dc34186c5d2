import { describe, expect, it } from "vitest";

import {
  PublicIngressObservationRecord,
  PublicIngressObservationRequest,
  buildPublicIngressObservationId,
  canonicalHealthCheckRecordToken,
} from "./public-ingress-observation";

const observedAt = "2026-05-07T16:00:00Z";

const failing = {
  record_id: buildPublicIngressObservationId({
    product: "verireel",
    context: "verireel-prod",
    instance: "prod",
    observed_at: observedAt,
  }),
  product: "verireel",
  repository: "every/verireel",
  driver_id: "generic-web",
  context: "verireel-prod",
  instance: "prod",
  observed_at: observedAt,
  status: "fail",
  failure_code: "health_status_error",
  base_url: "https://verireel.example.com",
  health_url: "https://verireel.example.com/api/health",
  expected_runtime_identity: {
    product: "verireel",
    context: "verireel-prod",
    instance: "prod",
    deployment_record_id: "deployment-verireel-prod-1",
    artifact_id: "ghcr.io/every/verireel@sha256:abc",
    source_git_ref: "0123456789abcdef0123456789abcdef01234567",
  },
  targets: [
    {
      target: "base_url",
      url: "https://verireel.example.com",
      status: "pass",
      http_status: 200,
      final_url: "https://verireel.example.com/",
      summary: "Public ingress returned a successful response.",
    },
    {
      target: "health_url",
      url: "https://verireel.example.com/api/health",
      status: "fail",
      failure_code: "health_status_error",
      http_status: 503,
      summary: "HTTP 503",
    },
  ],
  summary: "Public ingress failed for verireel/prod: HTTP 503",
};

describe("PublicIngressObservationRecord", () => {
  it("builds upstream-style ids", () => {
    expect(failing.record_id).toBe("public-ingress-verireel-verireel-prod-prod-2026-05-07t16-00-00z");
    expect(canonicalHealthCheckRecordToken("public-ingress")).toBe("");
    expect(
      buildPublicIngressObservationId({
        product: "p",
        context: "c",
        instance: "i",
        observed_at: observedAt,
        check_name: "Runtime API",
      }),
    ).toBe("public-ingress-p-c-i-runtime-api-2026-05-07t16-00-00z");
  });

  it("accepts a failing observation and fills defaults", () => {
    const parsed = PublicIngressObservationRecord.parse(failing);
    expect(parsed.check_name).toBe("public-ingress");
    expect(parsed.check_kind).toBe("public_http");
    expect(parsed.notification_sent).toBe(false);
    expect(parsed.targets[0]?.runtime_identity_status).toBe("unchecked");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(PublicIngressObservationRecord.safeParse({ ...failing, alert_issue_url: "x" }).success).toBe(false);
    expect(PublicIngressObservationRecord.safeParse({ ...failing, notification_sent: "no" }).success).toBe(false);
    expect(PublicIngressObservationRecord.safeParse({ ...failing, failure_code: "tls_expired" }).success).toBe(false);
    expect(
      PublicIngressObservationRecord.safeParse({
        ...failing,
        targets: [{ ...failing.targets[1], http_status: 99 }],
      }).success,
    ).toBe(false);
  });

  it("ties status to failure_code", () => {
    expect(PublicIngressObservationRecord.safeParse({ ...failing, failure_code: null }).success).toBe(false);
    const pass = { ...failing, status: "pass", failure_code: null, targets: [failing.targets[0]] };
    expect(PublicIngressObservationRecord.safeParse(pass).success).toBe(true);
    expect(PublicIngressObservationRecord.safeParse({ ...pass, failure_code: "http_error" }).success).toBe(false);
    const skippedTarget = { ...failing.targets[0], status: "skipped", failure_code: "private_url", http_status: null };
    const skipped = { ...failing, status: "skipped", failure_code: "private_url", targets: [skippedTarget] };
    expect(PublicIngressObservationRecord.safeParse(skipped).success).toBe(true);
    expect(PublicIngressObservationRecord.safeParse({ ...skipped, failure_code: "dns_failure" }).success).toBe(false);
  });

  it("checks targets against the overall status", () => {
    expect(PublicIngressObservationRecord.safeParse({ ...failing, targets: [] }).success).toBe(false);
    expect(PublicIngressObservationRecord.safeParse({ ...failing, targets: [failing.targets[0]] }).success).toBe(false);
    expect(
      PublicIngressObservationRecord.safeParse({ ...failing, status: "pass", failure_code: null }).success,
    ).toBe(false);
    expect(
      PublicIngressObservationRecord.safeParse({
        ...failing,
        targets: [{ ...failing.targets[1], failure_code: null }],
      }).success,
    ).toBe(false);
  });
});

describe("PublicIngressObservationRequest", () => {
  it("accepts the evidence envelope with an operation id", () => {
    const parsed = PublicIngressObservationRequest.parse({
      product: "verireel",
      observation: failing,
      operation_id: "op-123",
    });
    expect(parsed.schema_version).toBe(1);
  });

  it("rejects unknown fields and a product mismatch", () => {
    expect(PublicIngressObservationRequest.safeParse({ product: "verireel", observation: failing, extra: 1 }).success).toBe(
      false,
    );
    expect(PublicIngressObservationRequest.safeParse({ product: "odoo", observation: failing }).success).toBe(false);
    expect(
      PublicIngressObservationRequest.safeParse({ product: "verireel", observation: failing, operation_id: "a b" }).success,
    ).toBe(false);
  });
});
