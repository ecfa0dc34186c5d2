import { describe, expect, it } from "vitest";

import { BackupGateEvidenceRequest, BackupGateRecord } from "./backup-gate";

// Shape of the backup-gate records the upstream service tests write for OPW prod.
const upstreamGate = {
  record_id: "backup-opw-prod-20260420T155000Z",
  context: "opw",
  instance: "prod",
  created_at: "2026-04-20T15:50:00Z",
  source: "prod-gate",
  required: true,
  status: "pass",
  evidence: { snapshot: "opw-prod-20260420T155000Z" },
};

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("BackupGateRecord", () => {
  it("accepts the upstream record", () => {
    expect(BackupGateRecord.parse(upstreamGate).evidence.snapshot).toBe("opw-prod-20260420T155000Z");
  });

  it("defaults to a required pending gate with no evidence", () => {
    const { required: _r, status: _s, evidence: _e, ...minimal } = upstreamGate;
    expect(BackupGateRecord.parse(minimal)).toMatchObject({ required: true, status: "pending", evidence: {}, schema_version: 1 });
  });

  it("requires evidence on a passing gate", () => {
    expect(messages(BackupGateRecord.safeParse({ ...upstreamGate, evidence: {} }))).toContain(
      "passing backup gate record requires evidence",
    );
    expect(BackupGateRecord.safeParse({ ...upstreamGate, status: "fail", evidence: {} }).success).toBe(true);
  });

  it("requires non-blank identity, source and a timestamp", () => {
    expect(messages(BackupGateRecord.safeParse({ ...upstreamGate, source: " " }))).toContain("backup gate record source is required");
    expect(messages(BackupGateRecord.safeParse({ ...upstreamGate, instance: "" }))).toContain("backup gate record instance is required");
    expect(BackupGateRecord.safeParse({ ...upstreamGate, created_at: "" }).success).toBe(false);
    expect(BackupGateRecord.safeParse({ ...upstreamGate, record_id: "" }).success).toBe(false);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(BackupGateRecord.safeParse({ ...upstreamGate, size_bytes: 10 }).success).toBe(false);
    expect(BackupGateRecord.safeParse({ ...upstreamGate, evidence: { snapshot: 42 } }).success).toBe(false);
    expect(BackupGateRecord.safeParse({ ...upstreamGate, status: "ok" }).success).toBe(false);
  });
});

describe("BackupGateEvidenceRequest", () => {
  it("accepts the envelope and rejects unknown envelope fields", () => {
    expect(BackupGateEvidenceRequest.parse({ product: "odoo", backup_gate: upstreamGate }).backup_gate.record_id).toBe(
      upstreamGate.record_id,
    );
    expect(BackupGateEvidenceRequest.safeParse({ product: "odoo", backup_gate: upstreamGate, gate: {} }).success).toBe(false);
    expect(messages(BackupGateEvidenceRequest.safeParse({ product: " ", backup_gate: upstreamGate }))).toContain(
      "backup gate evidence product is required",
    );
  });
});
