import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";

import { IdempotencyRecord, buildIdempotencyRecordId, requestFingerprint, workflowIdempotencyScope } from "./idempotency-record";
import { canonicalJson, sha256Hex } from "./canonical-json";

const scope = workflowIdempotencyScope({
  repository: "every/verireel",
  workflow_ref: "every/verireel/.github/workflows/deploy.yml@refs/heads/main",
  sub: "repo:every/verireel:ref:refs/heads/main",
});

const record = {
  schema_version: 1,
  record_id: buildIdempotencyRecordId({ scope, route_path: "/v1/evidence/deployments", idempotency_key: "key-1" }),
  scope,
  route_path: "/v1/evidence/deployments",
  idempotency_key: "key-1",
  request_fingerprint: requestFingerprint({ product: "verireel", deployment: { record_id: "deployment-1" } }),
  response_status_code: 202,
  response_trace_id: "launchplane_req_0123456789abcdef0123456789abcdef",
  recorded_at: "2026-05-07T16:00:00Z",
  response_payload: {
    status: "accepted",
    trace_id: "launchplane_req_0123456789abcdef0123456789abcdef",
    records: { deployment_record_id: "deployment-1", inventory_record_id: "verireel-testing-testing" },
  },
};

describe("sha256Hex", () => {
  it("matches node:crypto", () => {
    for (const input of ["", "abc", "a".repeat(1000), "é😀\n", "x".repeat(55), "y".repeat(56), "z".repeat(64)]) {
      expect(sha256Hex(input)).toBe(createHash("sha256").update(input, "utf8").digest("hex"));
    }
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("canonicalJson", () => {
  it("matches Python json.dumps(sort_keys=True, separators=(',', ':'))", () => {
    const value = {
      b: 1,
      a: [true, null, "é\n\u007f😀"],
      c: { z: 0.5, y: 1e-5, w: 123.25 },
      "\uff01": 1,
      "😀": 2,
    };
    expect(canonicalJson(value)).toBe(
      '{"a":[true,null,"\\u00e9\\n\\u007f\\ud83d\\ude00"],"b":1,"c":{"w":123.25,"y":1e-05,"z":0.5},"\\uff01":1,"\\ud83d\\ude00":2}',
    );
  });

  it("refuses values JSON cannot carry", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });

  it("fingerprints independent of key order", () => {
    expect(requestFingerprint({ a: 1, b: [1, 2] })).toBe(requestFingerprint({ b: [1, 2], a: 1 }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
  });
});

describe("IdempotencyRecord", () => {
  it("builds the upstream record id", () => {
    expect(record.record_id).toBe("idempotency-2355de40290aa0891c2e5599");
  });

  it("accepts a stored replay", () => {
    const parsed = IdempotencyRecord.parse(record);
    expect(parsed.response_status_code).toBe(202);
    expect(parsed.response_payload).toMatchObject({ status: "accepted" });
  });

  it("keeps unknown keys because upstream does not forbid them", () => {
    const parsed = IdempotencyRecord.parse({ ...record, expires_at: "2026-05-14T16:00:00Z" });
    expect(parsed).toMatchObject({ expires_at: "2026-05-14T16:00:00Z" });
  });

  it("rejects wrong types and out-of-range status codes", () => {
    expect(IdempotencyRecord.safeParse({ ...record, response_status_code: "202" }).success).toBe(false);
    expect(IdempotencyRecord.safeParse({ ...record, response_status_code: 99 }).success).toBe(false);
    expect(IdempotencyRecord.safeParse({ ...record, response_payload: [] }).success).toBe(false);
  });
});
