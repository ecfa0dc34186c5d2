// Artifact manifest: the immutable identity of one built image (source commit, image digest) with
// its Odoo build inputs and build/dependency provenance, plus our POST /v1/evidence/artifacts body.
// Mirrors upstream control_plane/contracts/artifact_identity.py, artifact_dependency_provenance.py
// and artifact_release_compatibility.py.

import { z } from "zod";
import { canonicalJsonSha256 } from "./canonical-json";

import { stringMap } from "./deploy-evidence";
import { nonBlank, recordId, schemaVersion } from "./primitives";

// ---------------------------------------------------------------------------------------------
// Normalizers shared by the provenance models. Each returns the normalized value or the message
// upstream raises for the same input.
// ---------------------------------------------------------------------------------------------

type Normalized = { ok: true; value: string } | { ok: false; message: string };
const ok = (value: string): Normalized => ({ ok: true, value });
const bad = (message: string): Normalized => ({ ok: false, message });

const SHA256 = /^[0-9a-f]{64}$/;
const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
const GIT_COMMIT = /^[0-9a-f]{40}$/;
const REPOSITORY_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const REPOSITORY_IDENTITY = /^[\x21-\x7e]+$/;
const REPOSITORY_URL_PATH = /^\/[A-Za-z0-9._/-]+$/;
const SCP_REPOSITORY = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):([A-Za-z0-9._/-]+)$/;
const SSH_USERNAME = /^[A-Za-z0-9._-]+$/;
const CANONICAL_PACKAGE_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const EXACT_PACKAGE_VERSION = /^(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9.!+_-]*$/;
const REPO_RELATIVE_PATH = /^[A-Za-z0-9._/-]+$/;
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
const OCI_PLATFORM = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)?$/;
const PYTHON_VERSION = /^[0-9]+\.[0-9]+\.[0-9]+(?:[a-z0-9.+-]+)?$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

export function normalizeSha256(value: string, label: string): Normalized {
  const normalized = value.trim();
  return SHA256.test(normalized) ? ok(normalized) : bad(`${label} must be a lowercase 64-character SHA-256 value`);
}

export function normalizeSha256Digest(value: string, label: string): Normalized {
  const normalized = value.trim();
  return SHA256_DIGEST.test(normalized) ? ok(normalized) : bad(`${label} must be a lowercase sha256 digest`);
}

export function normalizeGitCommit(value: string, label: string): Normalized {
  const normalized = value.trim();
  return GIT_COMMIT.test(normalized) ? ok(normalized) : bad(`${label} must be an exact lowercase 40-character git commit`);
}

function repositoryPathProblem(path: string, label: string): string | null {
  if (!REPOSITORY_URL_PATH.test(path)) return `${label} contains unsafe repository path characters`;
  const parts = path.replace(/^\/+|\/+$/g, "").split("/");
  if (parts.some((part) => !part || part === "." || part === "..")) {
    return `${label} cannot contain repository path traversal`;
  }
  return null;
}

/**
 * Repository identity: an `owner/repo` slug (kept as is), an scp-style `user@host:path` (turned into
 * `ssh://user@host/path`) or a sanitized https/ssh URL (host lowercased, trailing slash dropped).
 * Local paths, credentials, queries and fragments are refused.
 */
export function normalizeRepositoryIdentity(value: string, label: string): Normalized {
  const normalized = value.trim();
  const lowered = normalized.toLowerCase();
  if (!normalized) return bad(`${label} requires repository identity`);
  if (!REPOSITORY_IDENTITY.test(normalized)) return bad(`${label} contains unsafe repository identity characters`);
  if (
    ["/", "./", "../", "~"].some((prefix) => normalized.startsWith(prefix)) ||
    WINDOWS_DRIVE.test(normalized) ||
    normalized.includes("\\") ||
    lowered.startsWith("file:") ||
    lowered.startsWith("git+file:")
  ) {
    return bad(`${label} cannot use a local repository path`);
  }

  const scp = SCP_REPOSITORY.exec(normalized);
  if (scp) {
    const [, username, host, path] = scp as unknown as [string, string, string, string];
    const problem = repositoryPathProblem(`/${path}`, label);
    if (problem) return bad(problem);
    return ok(`ssh://${username}@${host.toLowerCase()}/${path.replace(/\/+$/, "")}`);
  }

  if (!normalized.includes("://")) {
    if (!REPOSITORY_SLUG.test(normalized)) return bad(`${label} must use an owner/repository slug or sanitized URL`);
    if (normalized.split("/").some((part) => part === "." || part === "..")) {
      return bad(`${label} cannot contain repository path traversal`);
    }
    return ok(normalized);
  }

  // URL form, split the way a generic URL splitter does (scheme, netloc, path, query, fragment).
  const colon = normalized.indexOf(":");
  const schemeCandidate = normalized.slice(0, colon);
  const scheme = URL_SCHEME.test(schemeCandidate) ? schemeCandidate.toLowerCase() : "";
  if (scheme !== "https" && scheme !== "ssh") return bad(`${label} must use an https or ssh repository URL`);
  let rest = normalized.slice(colon + 1);
  let fragment: string | null = null;
  let query: string | null = null;
  const hashAt = rest.indexOf("#");
  if (hashAt >= 0) {
    fragment = rest.slice(hashAt + 1);
    rest = rest.slice(0, hashAt);
  }
  const queryAt = rest.indexOf("?");
  if (queryAt >= 0) {
    query = rest.slice(queryAt + 1);
    rest = rest.slice(0, queryAt);
  }
  let netloc = "";
  let path = rest;
  if (rest.startsWith("//")) {
    const afterSlashes = rest.slice(2);
    const slashAt = afterSlashes.indexOf("/");
    netloc = slashAt >= 0 ? afterSlashes.slice(0, slashAt) : afterSlashes;
    path = slashAt >= 0 ? afterSlashes.slice(slashAt) : "";
  }
  const atSign = netloc.lastIndexOf("@");
  let username: string | null = null;
  let password: string | null = null;
  const hostInfo = atSign >= 0 ? netloc.slice(atSign + 1) : netloc;
  if (atSign >= 0) {
    const userInfo = netloc.slice(0, atSign);
    const passwordAt = userInfo.indexOf(":");
    username = passwordAt >= 0 ? userInfo.slice(0, passwordAt) : userInfo;
    password = passwordAt >= 0 ? userInfo.slice(passwordAt + 1) : null;
  }
  if (password !== null) return bad(`${label} cannot contain URL userinfo`);
  if (username !== null && (scheme !== "ssh" || !SSH_USERNAME.test(username))) {
    return bad(`${label} cannot contain URL userinfo`);
  }
  if (query) return bad(`${label} cannot contain a query string`);
  if (fragment) return bad(`${label} cannot contain a URL fragment`);
  const portAt = hostInfo.indexOf(":");
  const host = (portAt >= 0 ? hostInfo.slice(0, portAt) : hostInfo).toLowerCase();
  const portText = portAt >= 0 ? hostInfo.slice(portAt + 1) : "";
  if (!host || !path.replace(/^\/+|\/+$/g, "")) return bad(`${label} requires a repository host and path`);
  const pathProblem = repositoryPathProblem(path, label);
  if (pathProblem) return bad(pathProblem);
  let authority = host;
  if (portText) {
    if (!/^[0-9]+$/.test(portText) || Number(portText) > 65535) {
      return bad(`${label} contains an invalid repository port`);
    }
    authority = `${host}:${Number(portText)}`;
  }
  const netlocOut = username !== null ? `${username}@${authority}` : authority;
  return ok(`${scheme}://${netlocOut}${path.replace(/\/+$/, "")}`);
}

/** A canonical repo-relative POSIX path without traversal. */
export function normalizeRelativePath(value: string, label: string): Normalized {
  const normalized = value.trim();
  if (!normalized) return bad(`${label} requires a repo-relative path`);
  if (
    normalized.startsWith("/") ||
    normalized.startsWith("~") ||
    WINDOWS_DRIVE.test(normalized) ||
    normalized.includes("\\") ||
    normalized.includes("://")
  ) {
    return bad(`${label} must be a repo-relative path`);
  }
  if (!REPO_RELATIVE_PATH.test(normalized)) return bad(`${label} contains unsafe path characters`);
  const segments = normalized.split("/");
  if (segments.includes("..")) return bad(`${label} must be a repo-relative path without traversal`);
  if (normalized !== "." && segments.some((segment) => segment === "" || segment === ".")) {
    return bad(`${label} must use canonical POSIX path syntax`);
  }
  return ok(normalized);
}

export function normalizePlatform(value: string, label: string): Normalized {
  const normalized = value.trim().toLowerCase();
  return OCI_PLATFORM.test(normalized) ? ok(normalized) : bad(`${label} contains an invalid OCI platform`);
}

const basename = (path: string) => path.split("/").pop() ?? "";

type IssueSink = { addIssue: (issue: { code: "custom"; message: string; path?: PropertyKey[] }) => void };

/** Report a failed normalization on `ctx`; returns the value or undefined. */
function take(ctx: IssueSink, result: Normalized, path: PropertyKey[]): string | undefined {
  if (result.ok) return result.value;
  ctx.addIssue({ code: "custom", message: result.message, path });
  return undefined;
}
const fail = (ctx: IssueSink, message: string, path: PropertyKey[] = []) => {
  ctx.addIssue({ code: "custom", message, path });
  return z.NEVER;
};

// ---------------------------------------------------------------------------------------------
// Dependency provenance (manifest schema_version 2)
// ---------------------------------------------------------------------------------------------

export const ArtifactUvLockScope = z.enum(["support_runtime", "tenant"]);
export type ArtifactUvLockScope = z.infer<typeof ArtifactUvLockScope>;

/** An exact uv.lock (repository, commit, path, content digest) used by the build. */
export const ArtifactUvLockProvenance = z
  .strictObject({
    scope: ArtifactUvLockScope,
    source_repository: z.string(),
    source_ref: z.string(),
    path: z.string(),
    sha256: z.string(),
  })
  .transform((lock, ctx) => {
    const source_repository = take(ctx, normalizeRepositoryIdentity(lock.source_repository, "artifact uv lock provenance"), ["source_repository"]);
    if (source_repository === undefined) return z.NEVER;
    const source_ref = take(ctx, normalizeGitCommit(lock.source_ref, "artifact uv lock source_ref"), ["source_ref"]);
    if (source_ref === undefined) return z.NEVER;
    const path = take(ctx, normalizeRelativePath(lock.path, "artifact uv lock path"), ["path"]);
    if (path === undefined) return z.NEVER;
    if (basename(path) !== "uv.lock") return fail(ctx, "artifact uv lock path must identify uv.lock", ["path"]);
    const sha256 = take(ctx, normalizeSha256(lock.sha256, "artifact uv lock sha256"), ["sha256"]);
    if (sha256 === undefined) return z.NEVER;
    return { scope: lock.scope, source_repository, source_ref, path, sha256 };
  });
export type ArtifactUvLockProvenance = z.output<typeof ArtifactUvLockProvenance>;

/** Where an installed Python package came from: a registry, or an exact VCS commit. */
export const ArtifactPythonPackageSource = z
  .strictObject({
    kind: z.enum(["registry", "vcs"]),
    repository: z.string().default(""),
    commit: z.string().default(""),
  })
  .transform((source, ctx) => {
    const repository = source.repository.trim();
    const commit = source.commit.trim();
    if (source.kind === "registry") {
      if (repository || commit) {
        return fail(ctx, "registry package source cannot contain repository or commit evidence", ["repository"]);
      }
      return { kind: source.kind, repository, commit };
    }
    const normalizedRepository = take(ctx, normalizeRepositoryIdentity(repository, "artifact python package vcs source"), ["repository"]);
    if (normalizedRepository === undefined) return z.NEVER;
    const normalizedCommit = take(ctx, normalizeGitCommit(commit, "artifact python package vcs commit"), ["commit"]);
    if (normalizedCommit === undefined) return z.NEVER;
    return { kind: source.kind, repository: normalizedRepository, commit: normalizedCommit };
  });
export type ArtifactPythonPackageSource = z.output<typeof ArtifactPythonPackageSource>;

export const ArtifactPythonPackage = z
  .strictObject({
    name: z.string(),
    version: z.string(),
    source: ArtifactPythonPackageSource,
  })
  .transform((pkg, ctx) => {
    const canonical = pkg.name.trim().replace(/[-_.]+/g, "-").toLowerCase();
    if (!canonical || canonical !== pkg.name || !CANONICAL_PACKAGE_NAME.test(canonical)) {
      return fail(ctx, "artifact python package name must use canonical package syntax", ["name"]);
    }
    const version = pkg.version.trim();
    if (!EXACT_PACKAGE_VERSION.test(version)) {
      return fail(ctx, "artifact python package requires an exact installed version", ["version"]);
    }
    return { name: pkg.name, version, source: pkg.source };
  });
export type ArtifactPythonPackage = z.output<typeof ArtifactPythonPackage>;

const byName = (left: { name: string }, right: { name: string }) =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : 0;

/** SHA-256 of the canonical JSON of the packages sorted by name (upstream inventory digest). */
export function artifactPythonPackageInventorySha256(packages: readonly ArtifactPythonPackage[]): string {
  const payload = [...packages].sort(byName).map((pkg) => ({
    name: pkg.name,
    version: pkg.version,
    source: { kind: pkg.source.kind, repository: pkg.source.repository, commit: pkg.source.commit },
  }));
  return canonicalJsonSha256(payload);
}

/** Exact Python environment of one target platform. */
export const ArtifactPythonEnvironmentProvenance = z
  .strictObject({
    python_version: z.string(),
    packages: z.array(ArtifactPythonPackage),
    package_count: z.number().int().min(0),
    packages_sha256: z.string(),
  })
  .transform((environment, ctx) => {
    const python_version = environment.python_version.trim().toLowerCase();
    if (!PYTHON_VERSION.test(python_version)) {
      return fail(ctx, "artifact python environment requires an exact Python version", ["python_version"]);
    }
    const packages = [...environment.packages].sort(byName);
    const names = packages.map((pkg) => pkg.name);
    if (new Set(names).size !== names.length) {
      return fail(ctx, "artifact python environment cannot contain duplicate packages", ["packages"]);
    }
    if (environment.package_count !== packages.length) {
      return fail(ctx, "artifact python environment package_count does not match packages", ["package_count"]);
    }
    const packages_sha256 = take(ctx, normalizeSha256(environment.packages_sha256, "artifact python environment packages_sha256"), ["packages_sha256"]);
    if (packages_sha256 === undefined) return z.NEVER;
    if (packages_sha256 !== artifactPythonPackageInventorySha256(packages)) {
      return fail(ctx, "artifact python environment package inventory digest does not match", ["packages_sha256"]);
    }
    return { python_version, packages, package_count: environment.package_count, packages_sha256 };
  });
export type ArtifactPythonEnvironmentProvenance = z.output<typeof ArtifactPythonEnvironmentProvenance>;

/** A dependency file from an external repository that the build resolved against. */
export const ArtifactExternalCompatibilityInput = z
  .strictObject({
    source_repository: z.string(),
    source_ref: z.string(),
    dependency_file_path: z.string(),
    dependency_file_sha256: z.string(),
    format: z.enum(["pyproject_toml", "requirements_txt"]),
    resolution_posture: z.enum(["locked", "exact_source_unlocked"]),
  })
  .transform((input, ctx) => {
    const source_repository = take(ctx, normalizeRepositoryIdentity(input.source_repository, "artifact external compatibility input"), ["source_repository"]);
    if (source_repository === undefined) return z.NEVER;
    const source_ref = take(ctx, normalizeGitCommit(input.source_ref, "artifact external compatibility source_ref"), ["source_ref"]);
    if (source_ref === undefined) return z.NEVER;
    const dependency_file_path = take(ctx, normalizeRelativePath(input.dependency_file_path, "artifact external compatibility dependency_file_path"), ["dependency_file_path"]);
    if (dependency_file_path === undefined) return z.NEVER;
    const fileName = basename(dependency_file_path);
    if (input.format === "pyproject_toml" && fileName !== "pyproject.toml") {
      return fail(ctx, "pyproject_toml compatibility input must identify pyproject.toml", ["dependency_file_path"]);
    }
    if (input.format === "requirements_txt" && !fileName.endsWith(".txt")) {
      return fail(ctx, "requirements_txt compatibility input must identify a .txt file", ["dependency_file_path"]);
    }
    const dependency_file_sha256 = take(ctx, normalizeSha256(input.dependency_file_sha256, "artifact external compatibility dependency_file_sha256"), ["dependency_file_sha256"]);
    if (dependency_file_sha256 === undefined) return z.NEVER;
    return { ...input, source_repository, source_ref, dependency_file_path, dependency_file_sha256 };
  });
export type ArtifactExternalCompatibilityInput = z.output<typeof ArtifactExternalCompatibilityInput>;

const compareTuples = (left: string[], right: string[]) => {
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] ?? "";
    const b = right[index] ?? "";
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
};

/** Locked dependency evidence: platforms, uv locks, per-platform Python environments. */
export const ArtifactDependencyProvenance = z
  .strictObject({
    target_platforms: z.array(z.string()),
    uv_locks: z.array(ArtifactUvLockProvenance),
    python_environments: z.record(z.string(), ArtifactPythonEnvironmentProvenance),
    external_compatibility_inputs: z.array(ArtifactExternalCompatibilityInput).default(() => []),
  })
  .transform((provenance, ctx) => {
    const platforms: string[] = [];
    for (const [index, platform] of provenance.target_platforms.entries()) {
      const normalized = take(ctx, normalizePlatform(platform, "artifact dependency provenance target_platforms"), ["target_platforms", index]);
      if (normalized === undefined) return z.NEVER;
      platforms.push(normalized);
    }
    if (platforms.length === 0) {
      return fail(ctx, "artifact dependency provenance requires target platforms", ["target_platforms"]);
    }
    if (new Set(platforms).size !== platforms.length) {
      return fail(ctx, "artifact dependency provenance cannot contain duplicate target platforms", ["target_platforms"]);
    }
    const target_platforms = [...platforms].sort();

    const scopes = provenance.uv_locks.map((lock) => lock.scope);
    if (new Set(scopes).size !== scopes.length) {
      return fail(ctx, "artifact dependency provenance cannot contain duplicate uv lock scopes", ["uv_locks"]);
    }
    if (scopes.length !== 2 || !scopes.includes("support_runtime") || !scopes.includes("tenant")) {
      return fail(ctx, "artifact dependency provenance requires support_runtime and tenant uv locks", ["uv_locks"]);
    }
    const scopeOrder = { support_runtime: 0, tenant: 1 } as const;
    const uv_locks = [...provenance.uv_locks].sort((left, right) => scopeOrder[left.scope] - scopeOrder[right.scope]);

    const environments = new Map<string, ArtifactPythonEnvironmentProvenance>();
    for (const [platform, environment] of Object.entries(provenance.python_environments)) {
      const normalized = take(ctx, normalizePlatform(platform, "artifact dependency provenance python_environments"), ["python_environments", platform]);
      if (normalized === undefined) return z.NEVER;
      if (environments.has(normalized)) {
        return fail(ctx, "artifact dependency provenance cannot contain duplicate python environment platforms", ["python_environments"]);
      }
      environments.set(normalized, environment);
    }
    const environmentPlatforms = [...environments.keys()].sort();
    if (environmentPlatforms.join("\n") !== target_platforms.join("\n")) {
      return fail(
        ctx,
        "artifact dependency provenance requires python environment evidence for every target platform",
        ["python_environments"],
      );
    }
    const python_environments = Object.fromEntries(environmentPlatforms.map((platform) => [platform, environments.get(platform)!]));

    const identity = (input: ArtifactExternalCompatibilityInput) => [
      input.source_repository,
      input.source_ref,
      input.dependency_file_path,
    ];
    const external_compatibility_inputs = [...provenance.external_compatibility_inputs].sort((left, right) =>
      compareTuples(identity(left), identity(right)),
    );
    const keys = external_compatibility_inputs.map((input) => identity(input).join("\u0000"));
    if (new Set(keys).size !== keys.length) {
      return fail(ctx, "artifact dependency provenance cannot contain duplicate external compatibility inputs", ["external_compatibility_inputs"]);
    }
    return { target_platforms, uv_locks, python_environments, external_compatibility_inputs };
  });
export type ArtifactDependencyProvenance = z.output<typeof ArtifactDependencyProvenance>;

// ---------------------------------------------------------------------------------------------
// Release compatibility declarations (producer-declared, optional)
// ---------------------------------------------------------------------------------------------

export const ReleaseInputKind = z.enum([
  "static",
  "code",
  "manifest_assets",
  "database_data",
  "model",
  "migration",
  "dependency",
  "docs_ci",
  "unknown",
]);
export type ReleaseInputKind = z.infer<typeof ReleaseInputKind>;

export const ReleaseInputFile = z
  .strictObject({
    path: z.string().min(1),
    sha256: z.string().regex(SHA256),
    kind: ReleaseInputKind,
    module: z.string().regex(/^[a-zA-Z0-9_]*$/).default(""),
    /** For __manifest__.py: hash of every parsed field except assets. */
    manifest_database_sha256: z.string().regex(/^(|[0-9a-f]{64})$/).default(""),
  })
  .transform((file, ctx) => {
    const path = take(ctx, normalizeRelativePath(file.path, "release input file"), ["path"]);
    if (path === undefined) return z.NEVER;
    if (path === ".") return fail(ctx, "release input must name a file", ["path"]);
    if (file.kind === "manifest_assets" && (basename(path) !== "__manifest__.py" || !file.manifest_database_sha256)) {
      return fail(ctx, "assets manifest requires its non-assets semantic hash", ["manifest_database_sha256"]);
    }
    return { ...file, path };
  });
export type ReleaseInputFile = z.output<typeof ReleaseInputFile>;

export const ReleaseSourceInventory = z
  .strictObject({
    input_name: z.string().min(1),
    repository: z.string().min(1),
    commit: z.string().regex(GIT_COMMIT),
    files: z.array(ReleaseInputFile),
  })
  .superRefine((source, ctx) => {
    const paths = source.files.map((file) => file.path);
    if (new Set(paths).size !== paths.length) {
      ctx.addIssue({ code: "custom", message: "source inventory contains duplicate paths", path: ["files"] });
    }
  });
export type ReleaseSourceInventory = z.output<typeof ReleaseSourceInventory>;

export const ReleaseModuleDeclaration = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_]+$/),
  depends: z.array(z.string()).default(() => []),
});
export type ReleaseModuleDeclaration = z.output<typeof ReleaseModuleDeclaration>;

/** Producer declaration of which release inputs changed and whether the database stays compatible. */
export const ArtifactReleaseCompatibility = z
  .strictObject({
    schema_version: z.literal(1).default(1),
    complete: z.boolean(),
    read_write_compatible: z.boolean(),
    sources: z.array(ReleaseSourceInventory),
    modules: z.array(ReleaseModuleDeclaration),
  })
  .superRefine((compatibility, ctx) => {
    const names = compatibility.sources.map((source) => source.input_name);
    const modules = compatibility.modules.map((module) => module.name);
    if (new Set(names).size !== names.length || new Set(modules).size !== modules.length) {
      ctx.addIssue({ code: "custom", message: "release inventory input and module names must be unique", path: ["sources"] });
      return;
    }
    const declared = new Set(modules);
    if (compatibility.sources.some((source) => source.files.some((file) => file.module && !declared.has(file.module)))) {
      ctx.addIssue({ code: "custom", message: "release input names an undeclared module", path: ["sources"] });
      return;
    }
    if (compatibility.modules.some((module) => module.depends.some((dependency) => !declared.has(dependency)))) {
      ctx.addIssue({ code: "custom", message: "release inventory must include the full module dependency graph", path: ["modules"] });
    }
  });
export type ArtifactReleaseCompatibility = z.output<typeof ArtifactReleaseCompatibility>;

// ---------------------------------------------------------------------------------------------
// Manifest building blocks
// ---------------------------------------------------------------------------------------------

/** An addon repository pinned to the ref it was built from (exact SHA for schema_version 2). */
export const ArtifactAddonSource = z.strictObject({
  repository: z.string(),
  ref: z.string(),
});
export type ArtifactAddonSource = z.output<typeof ArtifactAddonSource>;

/** The selector an operator asked for and the ref it resolved to (inspection metadata). */
export const ArtifactAddonSelector = z.strictObject({
  repository: z.string(),
  selector: z.string(),
  resolved_ref: z.string(),
});
export type ArtifactAddonSelector = z.output<typeof ArtifactAddonSelector>;

export const ArtifactOpenUpgradeInputs = z.strictObject({
  addon_repository: z.string().default(""),
  install_spec: z.string().default(""),
});
export type ArtifactOpenUpgradeInputs = z.output<typeof ArtifactOpenUpgradeInputs>;

export const ArtifactBuildFlags = z.strictObject({
  addon_skip_flags: z.array(z.string()).default(() => []),
  values: stringMap.default(() => ({})),
});
export type ArtifactBuildFlags = z.output<typeof ArtifactBuildFlags>;

/** Image identity: repository plus immutable digest (both required, trimmed). */
export const ArtifactImageReference = z
  .strictObject({
    repository: z.string(),
    digest: z.string(),
    tags: z.array(z.string()).default(() => []),
  })
  .superRefine((image, ctx) => {
    for (const field of ["repository", "digest"] as const) {
      if (!image[field].trim()) {
        ctx.addIssue({ code: "custom", message: "artifact image reference requires repository and digest", path: [field] });
      }
    }
  })
  .transform((image) => ({ ...image, repository: image.repository.trim(), digest: image.digest.trim() }));
export type ArtifactImageReference = z.output<typeof ArtifactImageReference>;

export const ArtifactBaseImageRole = z.enum(["runtime", "devtools"]);
export type ArtifactBaseImageRole = z.infer<typeof ArtifactBaseImageRole>;

/** Odoo runtime/devtools base image the artifact was built on, with the ref that built it. */
export const ArtifactBaseImageProvenance = z
  .strictObject({
    role: ArtifactBaseImageRole,
    image: ArtifactImageReference,
    source_repository: z.string().default(""),
    source_ref: z.string().default(""),
  })
  .transform((baseImage, ctx) => {
    const source_repository = baseImage.source_repository.trim();
    const source_ref = baseImage.source_ref.trim();
    if (Boolean(source_repository) !== Boolean(source_ref)) {
      return fail(ctx, "artifact base image provenance requires source_repository and source_ref together", ["source_ref"]);
    }
    return { ...baseImage, source_repository, source_ref };
  });
export type ArtifactBaseImageProvenance = z.output<typeof ArtifactBaseImageProvenance>;

/** A build tool (for example odoo-devkit) by version and/or exact source. */
export const ArtifactBuildToolProvenance = z
  .strictObject({
    name: z.string(),
    version: z.string().default(""),
    source_repository: z.string().default(""),
    source_ref: z.string().default(""),
  })
  .transform((tool, ctx) => {
    const normalized = {
      name: tool.name.trim(),
      version: tool.version.trim(),
      source_repository: tool.source_repository.trim(),
      source_ref: tool.source_ref.trim(),
    };
    if (!normalized.name) return fail(ctx, "artifact build tool provenance requires name", ["name"]);
    if (Boolean(normalized.source_repository) !== Boolean(normalized.source_ref)) {
      return fail(ctx, "artifact build tool provenance requires source_repository and source_ref together", ["source_ref"]);
    }
    if (!normalized.version && !normalized.source_ref) {
      return fail(ctx, "artifact build tool provenance requires version or source_repository/source_ref", ["version"]);
    }
    return normalized;
  });
export type ArtifactBuildToolProvenance = z.output<typeof ArtifactBuildToolProvenance>;

export const ArtifactBuildProvenance = z
  .strictObject({
    base_images: z.array(ArtifactBaseImageProvenance).default(() => []),
    build_tools: z.array(ArtifactBuildToolProvenance).default(() => []),
  })
  .superRefine((provenance, ctx) => {
    const seen = new Set<string>();
    for (const baseImage of provenance.base_images) {
      if (seen.has(baseImage.role)) {
        ctx.addIssue({
          code: "custom",
          message: `artifact build provenance cannot contain duplicate base image role '${baseImage.role}'`,
          path: ["base_images"],
        });
        return;
      }
      seen.add(baseImage.role);
    }
  });
export type ArtifactBuildProvenance = z.output<typeof ArtifactBuildProvenance>;

/** GitHub build run Launchplane verified for this artifact. */
export const ArtifactSourceBuild = z
  .strictObject({
    repository: z.string(),
    repository_id: z.string(),
    workflow_path: z.string(),
    event: z.enum(["push", "pull_request"]),
    purpose: z.enum(["release", "preview"]),
    pull_request_number: z.number().int().nullish(),
    run_id: z.number().int(),
    run_attempt: z.number().int(),
    github_artifact_id: z.number().int(),
    manifest_artifact_id: z.string(),
  })
  .superRefine((build, ctx) => {
    const expectedEvent = build.purpose === "release" ? "push" : "pull_request";
    if (build.event !== expectedEvent) {
      ctx.addIssue({ code: "custom", message: `a ${build.purpose} artifact must come from a ${expectedEvent} run`, path: ["event"] });
    }
    if ((build.purpose === "preview") !== (build.pull_request_number != null)) {
      ctx.addIssue({ code: "custom", message: "only a preview artifact names its pull request", path: ["pull_request_number"] });
    }
  });
export type ArtifactSourceBuild = z.output<typeof ArtifactSourceBuild>;

// ---------------------------------------------------------------------------------------------
// The manifest
// ---------------------------------------------------------------------------------------------

export const ArtifactIdentityManifestFields = z.strictObject({
  /** 1: legacy manifests; 2: requires typed dependency provenance and exact source refs. */
  schema_version: z.union([z.literal(1), z.literal(2)]).default(1),
  artifact_id: recordId,
  source_commit: z.string(),
  enterprise_base_digest: z.string(),
  /** Exact SHA-backed addon sources; this (not addon_selectors) is the release truth. */
  addon_sources: z.array(ArtifactAddonSource).default(() => []),
  addon_selectors: z.array(ArtifactAddonSelector).default(() => []),
  odoo_install_modules: z.array(z.string()).default(() => []),
  openupgrade_inputs: ArtifactOpenUpgradeInputs.default(() => ({ addon_repository: "", install_spec: "" })),
  build_flags: ArtifactBuildFlags.default(() => ({ addon_skip_flags: [], values: {} })),
  build_provenance: ArtifactBuildProvenance.default(() => ({ base_images: [], build_tools: [] })),
  dependency_provenance: ArtifactDependencyProvenance.nullish(),
  release_compatibility: ArtifactReleaseCompatibility.nullish(),
  image: ArtifactImageReference,
  source_build: ArtifactSourceBuild.nullish(),
});

type ManifestFieldsOutput = z.output<typeof ArtifactIdentityManifestFields>;

/** Schema_version 2 rules: exact SHAs and digests, complete base image/tool provenance, lock links. */
function applyVersionTwoRules(manifest: ManifestFieldsOutput, ctx: IssueSink): ManifestFieldsOutput | typeof z.NEVER {
  const provenance = manifest.dependency_provenance;
  if (!provenance) {
    return fail(ctx, "artifact manifest schema_version 2 requires dependency_provenance", ["dependency_provenance"]);
  }
  const source_commit = take(ctx, normalizeGitCommit(manifest.source_commit, "artifact manifest source_commit"), ["source_commit"]);
  if (source_commit === undefined) return z.NEVER;
  const enterprise_base_digest = take(ctx, normalizeSha256Digest(manifest.enterprise_base_digest, "artifact manifest enterprise_base_digest"), ["enterprise_base_digest"]);
  if (enterprise_base_digest === undefined) return z.NEVER;
  const imageDigest = take(ctx, normalizeSha256Digest(manifest.image.digest, "artifact manifest image digest"), ["image", "digest"]);
  if (imageDigest === undefined) return z.NEVER;

  const roles = new Set(manifest.build_provenance.base_images.map((baseImage) => baseImage.role));
  if (roles.size !== 2 || !roles.has("runtime") || !roles.has("devtools")) {
    return fail(ctx, "artifact manifest schema_version 2 requires runtime and devtools base image provenance", ["build_provenance", "base_images"]);
  }
  const base_images: ArtifactBaseImageProvenance[] = [];
  for (const [index, baseImage] of manifest.build_provenance.base_images.entries()) {
    const path = ["build_provenance", "base_images", index];
    const digest = take(ctx, normalizeSha256Digest(baseImage.image.digest, "artifact base image digest"), [...path, "image", "digest"]);
    if (digest === undefined) return z.NEVER;
    if (!baseImage.source_repository || !baseImage.source_ref) {
      return fail(ctx, "artifact manifest schema_version 2 requires base image source provenance", path);
    }
    const source_repository = take(ctx, normalizeRepositoryIdentity(baseImage.source_repository, "artifact base image source_repository"), [...path, "source_repository"]);
    if (source_repository === undefined) return z.NEVER;
    const source_ref = take(ctx, normalizeGitCommit(baseImage.source_ref, "artifact base image source_ref"), [...path, "source_ref"]);
    if (source_ref === undefined) return z.NEVER;
    base_images.push({ ...baseImage, image: { ...baseImage.image, digest }, source_repository, source_ref });
  }

  if (manifest.build_provenance.build_tools.length === 0) {
    return fail(ctx, "artifact manifest schema_version 2 requires build tool provenance", ["build_provenance", "build_tools"]);
  }
  const toolNames = new Set<string>();
  const build_tools: ArtifactBuildToolProvenance[] = [];
  for (const [index, tool] of manifest.build_provenance.build_tools.entries()) {
    const path = ["build_provenance", "build_tools", index];
    const folded = tool.name.toLowerCase();
    if (toolNames.has(folded)) {
      return fail(ctx, "artifact manifest schema_version 2 cannot contain duplicate build tools", path);
    }
    toolNames.add(folded);
    if (!tool.source_repository || !tool.source_ref) {
      return fail(ctx, "artifact manifest schema_version 2 requires exact build tool source provenance", path);
    }
    const source_repository = take(ctx, normalizeRepositoryIdentity(tool.source_repository, "artifact build tool source_repository"), [...path, "source_repository"]);
    if (source_repository === undefined) return z.NEVER;
    const source_ref = take(ctx, normalizeGitCommit(tool.source_ref, "artifact build tool source_ref"), [...path, "source_ref"]);
    if (source_ref === undefined) return z.NEVER;
    build_tools.push({ ...tool, source_repository, source_ref });
  }

  const tenantLock = provenance.uv_locks.find((lock) => lock.scope === "tenant");
  if (!tenantLock || tenantLock.source_ref !== source_commit) {
    return fail(ctx, "artifact manifest tenant uv lock source_ref must match source_commit", ["dependency_provenance", "uv_locks"]);
  }
  const supportLock = provenance.uv_locks.find((lock) => lock.scope === "support_runtime");
  if (
    !supportLock ||
    !build_tools.some(
      (tool) => tool.source_repository === supportLock.source_repository && tool.source_ref === supportLock.source_ref,
    )
  ) {
    return fail(ctx, "artifact manifest support_runtime uv lock must match build tool provenance", ["dependency_provenance", "uv_locks"]);
  }

  const addon_sources: ArtifactAddonSource[] = [];
  for (const [index, addon] of manifest.addon_sources.entries()) {
    const repository = take(ctx, normalizeRepositoryIdentity(addon.repository, "artifact addon source repository"), ["addon_sources", index, "repository"]);
    if (repository === undefined) return z.NEVER;
    const ref = take(ctx, normalizeGitCommit(addon.ref, "artifact addon source ref"), ["addon_sources", index, "ref"]);
    if (ref === undefined) return z.NEVER;
    addon_sources.push({ repository, ref });
  }
  const addon_selectors: ArtifactAddonSelector[] = [];
  for (const [index, selector] of manifest.addon_selectors.entries()) {
    const repository = take(ctx, normalizeRepositoryIdentity(selector.repository, "artifact addon selector repository"), ["addon_selectors", index, "repository"]);
    if (repository === undefined) return z.NEVER;
    const resolved_ref = take(ctx, normalizeGitCommit(selector.resolved_ref, "artifact addon selector resolved_ref"), ["addon_selectors", index, "resolved_ref"]);
    if (resolved_ref === undefined) return z.NEVER;
    addon_selectors.push({ ...selector, repository, resolved_ref });
  }

  if (manifest.openupgrade_inputs.addon_repository.trim() || manifest.openupgrade_inputs.install_spec.trim()) {
    return fail(
      ctx,
      "artifact manifest schema_version 2 requires typed dependency provenance instead of openupgrade_inputs",
      ["openupgrade_inputs"],
    );
  }

  return {
    ...manifest,
    source_commit,
    enterprise_base_digest,
    image: { ...manifest.image, digest: imageDigest },
    build_provenance: { base_images, build_tools },
    addon_sources,
    addon_selectors,
  };
}

export const ArtifactIdentityManifest = ArtifactIdentityManifestFields.transform((manifest, ctx) => {
  if (manifest.schema_version === 1) {
    if (manifest.dependency_provenance != null) {
      return fail(ctx, "artifact manifest dependency_provenance requires schema_version 2", ["dependency_provenance"]);
    }
    return manifest;
  }
  return applyVersionTwoRules(manifest, ctx);
});
export type ArtifactIdentityManifest = z.output<typeof ArtifactIdentityManifest>;

/** Family name used across this project; same schema as the upstream ArtifactIdentityManifest. */
export const ArtifactManifest = ArtifactIdentityManifest;
export type ArtifactManifest = ArtifactIdentityManifest;

/** The promoted (queryable) columns of a manifest row. */
export function artifactManifestColumns(manifest: ArtifactIdentityManifest) {
  return {
    artifact_id: manifest.artifact_id,
    source_commit: manifest.source_commit,
    image_repository: manifest.image.repository,
    image_digest: manifest.image.digest,
  };
}

/** True when the manifest's image lives in the expected repository (trailing slashes ignored). */
export function artifactManifestMatchesImageRepository(manifest: ArtifactIdentityManifest, expectedRepository: string): boolean {
  const expected = expectedRepository.trim().replace(/\/+$/, "");
  const observed = manifest.image.repository.trim().replace(/\/+$/, "");
  return Boolean(expected) && observed === expected;
}

/**
 * Body of POST /v1/evidence/artifacts (action `artifact.write`). Upstream has no HTTP route that
 * accepts a bare manifest (manifests arrive through its CLI and product driver routes), so this
 * envelope is this project's definition, shaped like the other evidence envelopes.
 */
export const ArtifactEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("artifact evidence product"),
  artifact: ArtifactIdentityManifest,
  operation_id: recordId.optional(),
});
export type ArtifactEvidenceRequest = z.output<typeof ArtifactEvidenceRequest>;
