import { describe, expect, it } from "vitest";

import { normalizedValues, ProtectedArtifactEntry } from "./protected-artifact-set";

const stable = {
  schema_version: 1 as const,
  product: "verireel",
  context: "verireel",
  instance: "prod",
  environment_kind: "stable" as const,
  artifact_id: "artifact-verireel-prod",
  image_references: [],
  source_git_ref: "b6c8834",
  reason: "stable-inventory" as const,
  source_record_type: "environment_inventory",
  source_record_id: "verireel-prod",
  image_repository: "",
  image_digest: "",
  preview_id: "",
  preview_generation_id: "",
  anchor_repo: "",
  anchor_pr_number: 0,
};

describe("normalizedValues (upstream _normalized_values)", () => {
  it("strips, drops empties, dedupes and sorts ascending by code unit", () => {
    expect(normalizedValues([" b ", "", "a", "b", "B", "  "])).toEqual(["B", "a", "b"]);
  });
});

describe("ProtectedArtifactEntry", () => {
  it("accepts upstream's example entry", () => {
    expect(ProtectedArtifactEntry.parse(stable)).toEqual(stable);
  });

  it("applies upstream's entry rules", () => {
    const problems = (patch: Record<string, unknown>) =>
      ProtectedArtifactEntry.safeParse({ ...stable, ...patch }).error?.issues.map((issue) => issue.message) ?? [];
    expect(problems({ context: " " })).toEqual(["protected artifact entry requires context"]);
    expect(problems({ instance: "" })).toEqual(["stable protected artifact entry requires instance"]);
    expect(problems({ environment_kind: "preview", instance: "" })).toEqual(["preview protected artifact entry requires preview_id"]);
    expect(problems({ artifact_id: "" })).toEqual(["protected artifact entry requires artifact_id or image_references"]);
    expect(problems({ artifact_id: "", image_references: ["ghcr.io/x@sha256:1"] })).toEqual([]);
    expect(problems({ source_record_id: "" })).toEqual(["protected artifact entry requires source_record_type and source_record_id"]);
    expect(problems({ extra: true })).toHaveLength(1);
  });
});
