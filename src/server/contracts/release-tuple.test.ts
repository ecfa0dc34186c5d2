import { describe, expect, it } from "vitest";

import { ReleaseTupleEvidenceRequest, ReleaseTupleRecord, releaseTupleId } from "./release-tuple";

// Shape of the tuple the upstream CLI tests write for OPW testing.
const upstreamTuple = {
  tuple_id: "opw-testing-artifact-sha256-image456",
  context: "opw",
  channel: "testing",
  artifact_id: "artifact-sha256-image456",
  repo_shas: { "tenant-opw": "abc1234" },
  image_repository: "ghcr.io/cbusillo/odoo-private",
  image_digest: "sha256:image456",
  deployment_record_id: "deployment-testing-1",
  provenance: "ship",
  minted_at: "2026-04-10T18:24:00Z",
};

const promotedTuple = {
  ...upstreamTuple,
  tuple_id: "opw-prod-artifact-sha256-image456",
  channel: "prod",
  provenance: "promotion",
  promoted_from_channel: "testing",
  promotion_record_id: "promotion-1",
};

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("ReleaseTupleRecord", () => {
  it("accepts ship and promotion tuples", () => {
    expect(ReleaseTupleRecord.parse(upstreamTuple).promoted_from_channel).toBe("");
    expect(ReleaseTupleRecord.parse(promotedTuple).promoted_from_channel).toBe("testing");
  });

  it("trims identity fields and repo shas", () => {
    const record = ReleaseTupleRecord.parse({
      ...upstreamTuple,
      context: " opw ",
      artifact_id: " artifact-sha256-image456 ",
      repo_shas: { " tenant-opw ": " ABC1234 " },
    });
    expect(record.context).toBe("opw");
    expect(record.repo_shas).toEqual({ "tenant-opw": "ABC1234" });
  });

  it("only allows the testing and prod channels", () => {
    expect(ReleaseTupleRecord.safeParse({ ...upstreamTuple, channel: "staging", tuple_id: "opw-staging-artifact-sha256-image456" }).success).toBe(
      false,
    );
  });

  it("requires exact SHAs and at least one repo", () => {
    expect(messages(ReleaseTupleRecord.safeParse({ ...upstreamTuple, repo_shas: { "tenant-opw": "main" } }))).toContain(
      "release tuple repo_shas.tenant-opw must be a 7-40 character hexadecimal git sha",
    );
    expect(ReleaseTupleRecord.safeParse({ ...upstreamTuple, repo_shas: { "tenant-opw": "origin/testing" } }).success).toBe(false);
    expect(messages(ReleaseTupleRecord.safeParse({ ...upstreamTuple, repo_shas: {} }))).toContain(
      "release tuple record requires at least one repo sha",
    );
    expect(messages(ReleaseTupleRecord.safeParse({ ...upstreamTuple, repo_shas: { " ": "abc1234" } }))).toContain(
      "release tuple repo_shas keys must be non-empty",
    );
  });

  it("requires tuple_id to be <context>-<channel>-<artifact_id>", () => {
    expect(releaseTupleId("opw", "prod", "artifact-1")).toBe("opw-prod-artifact-1");
    expect(messages(ReleaseTupleRecord.safeParse({ ...upstreamTuple, tuple_id: "tuple-testing-1" }))).toContain(
      'release tuple tuple_id must be "opw-testing-artifact-sha256-image456" (<context>-<channel>-<artifact_id>)',
    );
  });

  it("requires promoted_from_channel for promotion provenance", () => {
    expect(messages(ReleaseTupleRecord.safeParse({ ...promotedTuple, promoted_from_channel: "" }))).toContain(
      "promoted release tuple records require promoted_from_channel",
    );
  });

  it("rejects unknown fields and wrong types", () => {
    expect(ReleaseTupleRecord.safeParse({ ...upstreamTuple, lane: "testing" }).success).toBe(false);
    expect(ReleaseTupleRecord.safeParse({ ...upstreamTuple, repo_shas: ["abc1234"] }).success).toBe(false);
    expect(ReleaseTupleRecord.safeParse({ ...upstreamTuple, provenance: "manual" }).success).toBe(false);
    expect(ReleaseTupleRecord.safeParse({ ...upstreamTuple, minted_at: "" }).success).toBe(false);
  });
});

describe("ReleaseTupleEvidenceRequest", () => {
  it("wraps a tuple with a product", () => {
    expect(ReleaseTupleEvidenceRequest.parse({ product: "odoo", release_tuple: upstreamTuple }).release_tuple.channel).toBe("testing");
    expect(ReleaseTupleEvidenceRequest.safeParse({ product: "odoo", tuple: upstreamTuple }).success).toBe(false);
  });
});
