import { describe, expect, it } from "vitest";

import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import {
  addonRepoName,
  copyReleaseTupleForPromotion,
  isReleaseChannel,
  mintReleaseTuple,
  repoShasFromManifest,
  requireSourceTuple,
} from "./release-tuple-minting";

// The manifest of the upstream release tuple tests (legacy schema_version 1).
const manifest = ArtifactIdentityManifest.parse({
  artifact_id: "artifact-sha256-image456",
  source_commit: "abc1234",
  enterprise_base_digest: "sha256:base",
  addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: "def5678" }],
  addon_selectors: [{ repository: "cbusillo/odoo-shared-addons", selector: "main", resolved_ref: "def5678" }],
  build_provenance: {
    base_images: [
      {
        role: "runtime",
        image: { repository: "ghcr.io/cbusillo/odoo-runtime", digest: "sha256:runtime" },
        source_repository: "cbusillo/odoo-docker",
        source_ref: "0123456789abcdef0123456789abcdef01234567",
      },
    ],
  },
  image: { repository: "ghcr.io/cbusillo/odoo-private", digest: "sha256:image456", tags: ["sha-abc1234"] },
});

const withManifest = (patch: Record<string, unknown>) => ArtifactIdentityManifest.parse({ ...manifest, ...patch });
const MINTED_AT = "2026-04-10T18:24:00Z";

describe("repoShasFromManifest", () => {
  it("pins the tenant source commit and addon sources only", () => {
    expect(repoShasFromManifest("opw", manifest)).toEqual({
      ok: true,
      repoShas: { "tenant-opw": "abc1234", "shared-addons": "def5678" },
    });
  });

  it("derives addon repo names the upstream way", () => {
    expect(addonRepoName("cbusillo/odoo-shared-addons")).toBe("shared-addons");
    expect(addonRepoName("cbusillo/disable_odoo_online")).toBe("disable_odoo_online");
    expect(addonRepoName(" https://github.com/cbusillo/odoo-enterprise.git ")).toBe("enterprise");
    expect(addonRepoName("")).toBe("");
  });

  it("refuses branch names in the source commit and addon refs", () => {
    expect(repoShasFromManifest("opw", withManifest({ source_commit: "main" }))).toEqual({
      ok: false,
      reason: "manifest_ref_not_sha",
      detail: 'artifact artifact-sha256-image456 source_commit is "main", not a 7-40 character hexadecimal git sha',
    });
    const branchAddon = withManifest({ addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: "origin/testing" }] });
    const result = repoShasFromManifest("opw", branchAddon);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason: "manifest_ref_not_sha" });
    expect(!result.ok && result.detail).toContain("addon source cbusillo/odoo-shared-addons");
  });

  it("refuses two different SHAs for one repo, accepts the same SHA twice", () => {
    const twice = (ref: string) =>
      withManifest({
        addon_sources: [
          { repository: "cbusillo/odoo-shared-addons", ref: "def5678" },
          { repository: "https://github.com/cbusillo/odoo-shared-addons.git", ref },
        ],
      });
    expect(repoShasFromManifest("opw", twice("def5678")).ok).toBe(true);
    expect(repoShasFromManifest("opw", twice("fedcba9"))).toEqual({
      ok: false,
      reason: "manifest_refs_conflict",
      detail: "artifact artifact-sha256-image456 has conflicting refs for repo shared-addons: def5678 and fedcba9",
    });
  });

  it("refuses an addon source without a repository name", () => {
    expect(repoShasFromManifest("opw", withManifest({ addon_sources: [{ repository: " ", ref: "def5678" }] }))).toMatchObject({
      ok: false,
      reason: "manifest_ref_not_sha",
    });
  });
});

describe("mintReleaseTuple", () => {
  it("builds the upstream ship tuple", () => {
    const result = mintReleaseTuple({ context: "opw", channel: "testing", manifest, deploymentRecordId: "deployment-testing-1", mintedAt: MINTED_AT });
    expect(result).toEqual({
      ok: true,
      tuple: {
        schema_version: 1,
        tuple_id: "opw-testing-artifact-sha256-image456",
        context: "opw",
        channel: "testing",
        artifact_id: "artifact-sha256-image456",
        repo_shas: { "tenant-opw": "abc1234", "shared-addons": "def5678" },
        image_repository: "ghcr.io/cbusillo/odoo-private",
        image_digest: "sha256:image456",
        deployment_record_id: "deployment-testing-1",
        promotion_record_id: "",
        promoted_from_channel: "",
        provenance: "ship",
        minted_at: MINTED_AT,
      },
    });
    expect(result.ok && ReleaseTupleRecord.safeParse(result.tuple).success).toBe(true);
  });

  it("mints only for testing and prod", () => {
    expect(isReleaseChannel("prod")).toBe(true);
    expect(isReleaseChannel("dev")).toBe(false);
    for (const channel of ["dev", "preview", "staging", " prod"]) {
      expect(mintReleaseTuple({ context: "opw", channel, manifest, deploymentRecordId: "d-1", mintedAt: MINTED_AT })).toMatchObject({
        ok: false,
        reason: "not_a_release_channel",
      });
    }
  });

  it("reports a branch ref instead of minting", () => {
    const result = mintReleaseTuple({
      context: "opw",
      channel: "prod",
      manifest: withManifest({ source_commit: "main" }),
      deploymentRecordId: "d-1",
      mintedAt: MINTED_AT,
    });
    expect(result).toMatchObject({ ok: false, reason: "manifest_ref_not_sha" });
  });
});

describe("promotion copies", () => {
  const shipped = mintReleaseTuple({ context: "opw", channel: "testing", manifest, deploymentRecordId: "deployment-testing-1", mintedAt: MINTED_AT });
  if (!shipped.ok) throw new Error("fixture tuple did not mint");
  const source = shipped.tuple;

  it("copies the source pins to the destination channel with promotion provenance", () => {
    const result = copyReleaseTupleForPromotion({
      source,
      toChannel: "prod",
      deploymentRecordId: "deployment-prod-1",
      promotionRecordId: "promotion-1",
      mintedAt: "2026-04-11T09:00:00Z",
    });
    expect(result).toEqual({
      ok: true,
      tuple: {
        ...source,
        tuple_id: "opw-prod-artifact-sha256-image456",
        channel: "prod",
        deployment_record_id: "deployment-prod-1",
        promotion_record_id: "promotion-1",
        promoted_from_channel: "testing",
        provenance: "promotion",
        minted_at: "2026-04-11T09:00:00Z",
      },
    });
    expect(result.ok && result.tuple.repo_shas).not.toBe(source.repo_shas);
  });

  it("refuses a destination that is not a release channel", () => {
    expect(
      copyReleaseTupleForPromotion({ source, toChannel: "dev", deploymentRecordId: "d", promotionRecordId: "p", mintedAt: MINTED_AT }),
    ).toMatchObject({ ok: false, reason: "not_a_release_channel" });
  });

  it("requires the source lane's tuple for the requested artifact", () => {
    const request = { context: "opw", fromChannel: "testing", artifactId: "artifact-sha256-image456" };
    expect(requireSourceTuple(source, request)).toEqual({ ok: true, tuple: source });
    expect(requireSourceTuple(null, request)).toEqual({
      ok: false,
      reason: "source_tuple_missing",
      detail: "no current release tuple for opw/testing",
    });
    expect(requireSourceTuple(source, { ...request, context: "cm" })).toMatchObject({ reason: "source_tuple_missing" });
    expect(requireSourceTuple(source, { ...request, artifactId: "artifact-other" })).toEqual({
      ok: false,
      reason: "source_tuple_artifact_mismatch",
      detail: "opw/testing release tuple is for artifact artifact-sha256-image456, not artifact-other",
    });
    expect(requireSourceTuple(source, { ...request, artifactId: "" })).toMatchObject({ reason: "artifact_id_missing" });
    expect(requireSourceTuple(source, { ...request, fromChannel: "dev" })).toMatchObject({ reason: "not_a_release_channel" });
  });
});
