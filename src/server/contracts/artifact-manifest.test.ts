import { describe, expect, it } from "vitest";

import { ArtifactEvidenceRequest, ArtifactIdentityManifest, ArtifactSourceBuild, artifactManifestColumns, artifactManifestMatchesImageRepository, artifactPythonPackageInventorySha256, normalizeRelativePath, normalizeRepositoryIdentity } from "./artifact-manifest";
import { canonicalJson } from "./canonical-json";

const sha = (char: string) => char.repeat(40);
const hex64 = (char: string) => char.repeat(64);

// Legacy (schema_version 1) manifest shape used by the upstream CLI tests.
const legacyManifest = {
  artifact_id: "artifact-sha256-image456",
  source_commit: "6b3c9d7e8f901234567890abcdef1234567890ab",
  enterprise_base_digest: "sha256:base",
  image: { repository: "ghcr.io/cbusillo/odoo-private", digest: "sha256:image456", tags: ["sha-6b3c9d7"] },
};

const packages = [
  { name: "httpx", version: "0.28.1", source: { kind: "registry" } },
  {
    name: "simple-zpl2",
    version: "0.3.0",
    source: { kind: "vcs", repository: "https://github.com/cbusillo/simple_zpl2.git", commit: sha("7") },
  },
];
// Digest upstream computes for these two packages (Python json.dumps + sha256).
const PACKAGES_SHA256 = "7e6099d8dc84091b788c9ad1f1dd1ea06175d484d6c5994e9800659eb44ba717";
const environment = { python_version: "3.13.5", packages, package_count: 2, packages_sha256: PACKAGES_SHA256 };

// The schema_version 2 manifest from upstream tests/support/artifact_manifests.py.
const manifestV2 = {
  schema_version: 2,
  artifact_id: "artifact-cm-v2",
  source_commit: sha("0"),
  enterprise_base_digest: `sha256:${hex64("c")}`,
  addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: sha("3") }],
  build_provenance: {
    base_images: [
      {
        role: "runtime",
        image: { repository: "ghcr.io/cbusillo/odoo-runtime", digest: `sha256:${hex64("d")}` },
        source_repository: "cbusillo/odoo-docker",
        source_ref: sha("4"),
      },
      {
        role: "devtools",
        image: { repository: "ghcr.io/cbusillo/odoo-devtools", digest: `sha256:${hex64("e")}` },
        source_repository: "cbusillo/odoo-docker",
        source_ref: sha("5"),
      },
    ],
    build_tools: [{ name: "odoo-devkit", source_repository: "cbusillo/odoo-devkit", source_ref: sha("6") }],
  },
  dependency_provenance: {
    target_platforms: ["linux/arm64", "linux/amd64"],
    uv_locks: [
      { scope: "tenant", source_repository: "cbusillo/odoo-tenant-cm", source_ref: sha("0"), path: "uv.lock", sha256: hex64("b") },
      { scope: "support_runtime", source_repository: "cbusillo/odoo-devkit", source_ref: sha("6"), path: "uv.lock", sha256: hex64("a") },
    ],
    python_environments: { "linux/amd64": environment, "linux/arm64": environment },
    external_compatibility_inputs: [
      {
        source_repository: "https://github.com/cbusillo/external-addon.git",
        source_ref: sha("8"),
        dependency_file_path: "addons/external/pyproject.toml",
        dependency_file_sha256: hex64("9"),
        format: "pyproject_toml",
        resolution_posture: "exact_source_unlocked",
      },
    ],
  },
  image: { repository: "ghcr.io/cbusillo/odoo-tenant-cm", digest: `sha256:${hex64("f")}`, tags: ["v2-test"] },
};

const withDependency = (patch: Record<string, unknown>): Record<string, unknown> => ({
  ...manifestV2,
  dependency_provenance: { ...manifestV2.dependency_provenance, ...patch },
});

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("ArtifactIdentityManifest schema_version 1", () => {
  it("accepts a legacy manifest and fills defaults", () => {
    const manifest = ArtifactIdentityManifest.parse(legacyManifest);
    expect(manifest.schema_version).toBe(1);
    expect(manifest.addon_sources).toEqual([]);
    expect(manifest.openupgrade_inputs).toEqual({ addon_repository: "", install_spec: "" });
    expect(manifest.build_provenance).toEqual({ base_images: [], build_tools: [] });
    expect(artifactManifestColumns(manifest)).toEqual({
      artifact_id: "artifact-sha256-image456",
      source_commit: legacyManifest.source_commit,
      image_repository: "ghcr.io/cbusillo/odoo-private",
      image_digest: "sha256:image456",
    });
    expect(artifactManifestMatchesImageRepository(manifest, "ghcr.io/cbusillo/odoo-private/")).toBe(true);
  });

  it("refuses dependency provenance without schema_version 2", () => {
    expect(
      messages(ArtifactIdentityManifest.safeParse({ ...legacyManifest, dependency_provenance: manifestV2.dependency_provenance })),
    ).toContain("artifact manifest dependency_provenance requires schema_version 2");
  });

  it("rejects unknown fields, wrong types and blank image identity", () => {
    expect(ArtifactIdentityManifest.safeParse({ ...legacyManifest, odoo_ai_commit: "x" }).success).toBe(false);
    expect(ArtifactIdentityManifest.safeParse({ ...legacyManifest, schema_version: 3 }).success).toBe(false);
    expect(ArtifactIdentityManifest.safeParse({ ...legacyManifest, addon_sources: "shared" }).success).toBe(false);
    expect(
      messages(ArtifactIdentityManifest.safeParse({ ...legacyManifest, image: { repository: " ", digest: "sha256:x" } })),
    ).toContain("artifact image reference requires repository and digest");
  });

  it("checks base image and build tool provenance pairs", () => {
    const withBase = (source_repository: string, source_ref: string) => ({
      ...legacyManifest,
      build_provenance: {
        base_images: [{ role: "runtime", image: { repository: "r", digest: "d" }, source_repository, source_ref }],
      },
    });
    expect(messages(ArtifactIdentityManifest.safeParse(withBase("cbusillo/odoo-docker", "")))).toContain(
      "artifact base image provenance requires source_repository and source_ref together",
    );
    expect(ArtifactIdentityManifest.safeParse(withBase("", "")).success).toBe(true);
    expect(
      messages(ArtifactIdentityManifest.safeParse({ ...legacyManifest, build_provenance: { build_tools: [{ name: "odoo-devkit" }] } })),
    ).toContain("artifact build tool provenance requires version or source_repository/source_ref");
    expect(
      messages(
        ArtifactIdentityManifest.safeParse({
          ...legacyManifest,
          build_provenance: {
            base_images: [
              { role: "runtime", image: { repository: "r", digest: "d" } },
              { role: "runtime", image: { repository: "r2", digest: "d2" } },
            ],
          },
        }),
      ),
    ).toContain("artifact build provenance cannot contain duplicate base image role 'runtime'");
  });
});

describe("ArtifactIdentityManifest schema_version 2", () => {
  it("accepts the upstream fixture and normalizes ordering", () => {
    const manifest = ArtifactIdentityManifest.parse(manifestV2);
    const provenance = manifest.dependency_provenance!;
    expect(provenance.target_platforms).toEqual(["linux/amd64", "linux/arm64"]);
    expect(provenance.uv_locks.map((lock) => lock.scope)).toEqual(["support_runtime", "tenant"]);
    expect(Object.keys(provenance.python_environments)).toEqual(["linux/amd64", "linux/arm64"]);
    expect(provenance.python_environments["linux/amd64"]?.packages.map((pkg) => pkg.name)).toEqual(["httpx", "simple-zpl2"]);
  });

  it("requires dependency provenance and exact source/digest identity", () => {
    const { dependency_provenance: _d, ...withoutProvenance } = manifestV2;
    expect(messages(ArtifactIdentityManifest.safeParse(withoutProvenance))).toContain(
      "artifact manifest schema_version 2 requires dependency_provenance",
    );
    expect(messages(ArtifactIdentityManifest.safeParse({ ...manifestV2, source_commit: "main" }))).toContain(
      "artifact manifest source_commit must be an exact lowercase 40-character git commit",
    );
    expect(messages(ArtifactIdentityManifest.safeParse({ ...manifestV2, enterprise_base_digest: "sha256:base" }))).toContain(
      "artifact manifest enterprise_base_digest must be a lowercase sha256 digest",
    );
  });

  it("requires runtime and devtools base images and build tool sources", () => {
    expect(
      messages(
        ArtifactIdentityManifest.safeParse({
          ...manifestV2,
          build_provenance: { ...manifestV2.build_provenance, base_images: manifestV2.build_provenance.base_images.slice(0, 1) },
        }),
      ),
    ).toContain("artifact manifest schema_version 2 requires runtime and devtools base image provenance");
    expect(
      messages(
        ArtifactIdentityManifest.safeParse({
          ...manifestV2,
          build_provenance: { ...manifestV2.build_provenance, build_tools: [{ name: "odoo-devkit", version: "1.2.3" }] },
        }),
      ),
    ).toContain("artifact manifest schema_version 2 requires exact build tool source provenance");
  });

  it("links the uv locks to the source commit and build tools", () => {
    const [tenant, support] = manifestV2.dependency_provenance.uv_locks;
    expect(messages(ArtifactIdentityManifest.safeParse({ ...manifestV2, source_commit: sha("1") }))).toContain(
      "artifact manifest tenant uv lock source_ref must match source_commit",
    );
    expect(
      messages(ArtifactIdentityManifest.safeParse(withDependency({ uv_locks: [tenant!, { ...support!, source_ref: sha("2") }] }))),
    ).toContain("artifact manifest support_runtime uv lock must match build tool provenance");
  });

  it("requires exact addon refs and no openupgrade inputs", () => {
    expect(
      messages(ArtifactIdentityManifest.safeParse({ ...manifestV2, addon_sources: [{ repository: "cbusillo/odoo-shared-addons", ref: "main" }] })),
    ).toContain("artifact addon source ref must be an exact lowercase 40-character git commit");
    expect(
      messages(ArtifactIdentityManifest.safeParse({ ...manifestV2, openupgrade_inputs: { install_spec: "openupgrade" } })),
    ).toContain("artifact manifest schema_version 2 requires typed dependency provenance instead of openupgrade_inputs");
  });

  it("checks the dependency provenance rules", () => {
    expect(messages(ArtifactIdentityManifest.safeParse(withDependency({ target_platforms: [] })))).toContain(
      "artifact dependency provenance requires target platforms",
    );
    expect(
      messages(ArtifactIdentityManifest.safeParse(withDependency({ uv_locks: manifestV2.dependency_provenance.uv_locks.slice(0, 1) }))),
    ).toContain("artifact dependency provenance requires support_runtime and tenant uv locks");
    expect(
      messages(ArtifactIdentityManifest.safeParse(withDependency({ python_environments: { "linux/amd64": environment } }))),
    ).toContain("artifact dependency provenance requires python environment evidence for every target platform");
    expect(
      messages(
        ArtifactIdentityManifest.safeParse(
          withDependency({ python_environments: { "linux/amd64": { ...environment, packages_sha256: hex64("0") }, "linux/arm64": environment } }),
        ),
      ),
    ).toContain("artifact python environment package inventory digest does not match");
    expect(
      messages(
        ArtifactIdentityManifest.safeParse(
          withDependency({ python_environments: { "linux/amd64": { ...environment, package_count: 3 }, "linux/arm64": environment } }),
        ),
      ),
    ).toContain("artifact python environment package_count does not match packages");
  });

  it("refuses non-canonical package names and local repositories", () => {
    const badName = { ...environment, packages: [{ ...packages[0]!, name: "HTTPX" }, packages[1]!] };
    expect(
      messages(ArtifactIdentityManifest.safeParse(withDependency({ python_environments: { "linux/amd64": badName, "linux/arm64": environment } }))),
    ).toContain("artifact python package name must use canonical package syntax");
    const [tenant, support] = manifestV2.dependency_provenance.uv_locks;
    expect(
      messages(ArtifactIdentityManifest.safeParse(withDependency({ uv_locks: [{ ...tenant!, source_repository: "../tenant" }, support!] }))),
    ).toContain("artifact uv lock provenance cannot use a local repository path");
  });
});

describe("ArtifactSourceBuild", () => {
  const build = {
    repository: "cbusillo/odoo-tenant-cm",
    repository_id: "123",
    workflow_path: ".github/workflows/build.yml",
    event: "push",
    purpose: "release",
    run_id: 1,
    run_attempt: 1,
    github_artifact_id: 9,
    manifest_artifact_id: "artifact-cm-v2",
  };

  it("ties the run event and pull request to the build purpose", () => {
    expect(ArtifactSourceBuild.safeParse(build).success).toBe(true);
    expect(messages(ArtifactSourceBuild.safeParse({ ...build, event: "pull_request" }))).toContain(
      "a release artifact must come from a push run",
    );
    expect(messages(ArtifactSourceBuild.safeParse({ ...build, event: "pull_request", purpose: "preview" }))).toContain(
      "only a preview artifact names its pull request",
    );
    expect(ArtifactSourceBuild.safeParse({ ...build, event: "pull_request", purpose: "preview", pull_request_number: 4 }).success).toBe(true);
    expect(ArtifactSourceBuild.safeParse({ ...build, run_id: "1" }).success).toBe(false);
  });
});

describe("normalizers", () => {
  it("normalizes repository identities like upstream", () => {
    expect(normalizeRepositoryIdentity("cbusillo/odoo-devkit", "repo")).toEqual({ ok: true, value: "cbusillo/odoo-devkit" });
    expect(normalizeRepositoryIdentity("git@GitHub.com:cbusillo/odoo.git", "repo")).toEqual({
      ok: true,
      value: "ssh://git@github.com/cbusillo/odoo.git",
    });
    expect(normalizeRepositoryIdentity("https://GitHub.com:443/cbusillo/odoo/", "repo")).toEqual({
      ok: true,
      value: "https://github.com:443/cbusillo/odoo",
    });
    expect(normalizeRepositoryIdentity("https://user:token@github.com/a/b", "repo")).toEqual({
      ok: false,
      message: "repo cannot contain URL userinfo",
    });
    expect(normalizeRepositoryIdentity("http://github.com/a/b", "repo")).toEqual({
      ok: false,
      message: "repo must use an https or ssh repository URL",
    });
    expect(normalizeRepositoryIdentity("https://github.com/a/b?x=1", "repo").ok).toBe(false);
    expect(normalizeRepositoryIdentity("https://github.com/a/../b", "repo").ok).toBe(false);
  });

  it("accepts only canonical repo-relative paths", () => {
    expect(normalizeRelativePath("addons/x/pyproject.toml", "p").ok).toBe(true);
    expect(normalizeRelativePath("./uv.lock", "p").ok).toBe(false);
    expect(normalizeRelativePath("a//uv.lock", "p").ok).toBe(false);
    expect(normalizeRelativePath("../uv.lock", "p").ok).toBe(false);
    expect(normalizeRelativePath("/uv.lock", "p").ok).toBe(false);
  });

  it("produces Python-compatible canonical JSON and package digests", () => {
    expect(canonicalJson({ b: "é\u007f\n\u0001😀", a: [1, true, null] })).toBe(
      '{"a":[1,true,null],"b":"\\u00e9\\u007f\\n\\u0001\\ud83d\\ude00"}',
    );
    expect(
      artifactPythonPackageInventorySha256([
        { name: "simple-zpl2", version: "0.3.0", source: { kind: "vcs", repository: "https://github.com/cbusillo/simple_zpl2.git", commit: sha("7") } },
        { name: "httpx", version: "0.28.1", source: { kind: "registry", repository: "", commit: "" } },
      ]),
    ).toBe(PACKAGES_SHA256);
  });
});

describe("ArtifactEvidenceRequest", () => {
  it("wraps a manifest with a product and optional operation id", () => {
    const request = ArtifactEvidenceRequest.parse({ product: "odoo", artifact: legacyManifest, operation_id: "op-7" });
    expect(request.artifact.artifact_id).toBe("artifact-sha256-image456");
    expect(ArtifactEvidenceRequest.safeParse({ product: "odoo", manifest: legacyManifest }).success).toBe(false);
    expect(messages(ArtifactEvidenceRequest.safeParse({ product: "", artifact: legacyManifest }))).toContain(
      "artifact evidence product is required",
    );
  });
});
