import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { GIT_SHA_PATTERN, type ReleaseChannel, releaseChannel } from "@/server/contracts/primitives";
import { ReleaseTupleRecord, releaseTupleId } from "@/server/contracts/release-tuple";

/**
 * Building release tuples: from an artifact manifest when a deploy to a
 * stable lane passes (provenance "ship"), and by copying the source lane's
 * tuple when a promotion lands (provenance "promotion"). Pure: no database,
 * no clock. When a tuple cannot be built the caller gets the reason, so a
 * lane can say why it has no tuple instead of failing the evidence.
 */

/** Why evidence did not produce a release tuple. */
export type NoReleaseTupleReason =
  | "duplicate_evidence"
  | "deploy_not_passed"
  | "not_a_release_channel"
  | "artifact_id_missing"
  | "manifest_missing"
  | "manifest_ref_not_sha"
  | "manifest_refs_conflict"
  | "no_linked_deployment"
  | "source_tuple_missing"
  | "source_tuple_artifact_mismatch";

export interface ReleaseTupleRefusal {
  reason: NoReleaseTupleReason;
  detail: string;
}

/** What evidence reports: the tuple it minted, or why it minted none. */
export type ReleaseTupleOutcome = { minted: true; tuple_id: string } | ({ minted: false } & ReleaseTupleRefusal);

export type ReleaseTupleBuild = { ok: true; tuple: ReleaseTupleRecord } | ({ ok: false } & ReleaseTupleRefusal);
export type RepoShasBuild = { ok: true; repoShas: Record<string, string> } | ({ ok: false } & ReleaseTupleRefusal);

/** Only the long-lived lanes carry tuples; previews and dev lanes never do. */
export function isReleaseChannel(instance: string): instance is ReleaseChannel {
  return releaseChannel.safeParse(instance).success;
}

/** The repo_shas key of the context's own repository. */
export function tenantRepoName(context: string): string {
  return `tenant-${context.trim()}`;
}

/**
 * The repo_shas key of an addon repository: its last path segment without
 * `.git` and without a leading `odoo-` ("cbusillo/odoo-shared-addons" ->
 * "shared-addons"). Empty when the repository names nothing.
 */
export function addonRepoName(repository: string): string {
  const name = repository.trim().replace(/\.git$/, "").split("/").pop() ?? "";
  return name.startsWith("odoo-") ? name.slice("odoo-".length) : name;
}

/**
 * The exact commits a tuple pins: the tenant `source_commit` and every addon
 * source ref. Base images, build tools and selectors are build inputs, not
 * release truth, so they never enter a tuple. Branch names are refused.
 */
export function repoShasFromManifest(context: string, manifest: ArtifactIdentityManifest): RepoShasBuild {
  const refs: Array<{ repo: string; ref: string; label: string }> = [
    { repo: tenantRepoName(context), ref: manifest.source_commit, label: "source_commit" },
  ];
  for (const source of manifest.addon_sources) {
    refs.push({ repo: addonRepoName(source.repository), ref: source.ref, label: `addon source ${source.repository.trim()}` });
  }
  const repoShas: Record<string, string> = {};
  for (const { repo, ref, label } of refs) {
    const sha = ref.trim();
    if (!repo) {
      return { ok: false, reason: "manifest_ref_not_sha", detail: `artifact ${manifest.artifact_id} has an addon source without a repository name` };
    }
    if (!GIT_SHA_PATTERN.test(sha)) {
      return {
        ok: false,
        reason: "manifest_ref_not_sha",
        detail: `artifact ${manifest.artifact_id} ${label} is ${JSON.stringify(sha)}, not a 7-40 character hexadecimal git sha`,
      };
    }
    const previous = repoShas[repo];
    if (previous !== undefined && previous !== sha) {
      return {
        ok: false,
        reason: "manifest_refs_conflict",
        detail: `artifact ${manifest.artifact_id} has conflicting refs for repo ${repo}: ${previous} and ${sha}`,
      };
    }
    repoShas[repo] = sha;
  }
  return { ok: true, repoShas };
}

/** The tuple a passing deploy of `manifest` to a stable lane mints. */
export function mintReleaseTuple(input: {
  context: string;
  channel: string;
  manifest: ArtifactIdentityManifest;
  deploymentRecordId: string;
  mintedAt: string;
}): ReleaseTupleBuild {
  const { context, channel, manifest } = input;
  if (!isReleaseChannel(channel)) {
    return { ok: false, reason: "not_a_release_channel", detail: `instance ${channel} is not a release channel (testing, prod)` };
  }
  const shas = repoShasFromManifest(context, manifest);
  if (!shas.ok) return shas;
  const tuple = ReleaseTupleRecord.parse({
    tuple_id: releaseTupleId(context, channel, manifest.artifact_id),
    context,
    channel,
    artifact_id: manifest.artifact_id,
    repo_shas: shas.repoShas,
    image_repository: manifest.image.repository,
    image_digest: manifest.image.digest,
    deployment_record_id: input.deploymentRecordId,
    provenance: "ship",
    minted_at: input.mintedAt,
  });
  return { ok: true, tuple };
}

/**
 * The source lane's tuple when it can be promoted as `artifactId` out of
 * `context`/`fromChannel`, else why not. Shared by promotion evidence and
 * the promotion gate.
 */
export function requireSourceTuple(
  source: ReleaseTupleRecord | null,
  request: { context: string; fromChannel: string; artifactId: string },
): ReleaseTupleBuild {
  if (!isReleaseChannel(request.fromChannel)) {
    return { ok: false, reason: "not_a_release_channel", detail: `instance ${request.fromChannel} is not a release channel (testing, prod)` };
  }
  if (!request.artifactId) return { ok: false, reason: "artifact_id_missing", detail: "the promotion names no artifact_id" };
  if (!source || source.context !== request.context || source.channel !== request.fromChannel) {
    return { ok: false, reason: "source_tuple_missing", detail: `no current release tuple for ${request.context}/${request.fromChannel}` };
  }
  if (source.artifact_id !== request.artifactId) {
    return {
      ok: false,
      reason: "source_tuple_artifact_mismatch",
      detail: `${request.context}/${request.fromChannel} release tuple is for artifact ${source.artifact_id}, not ${request.artifactId}`,
    };
  }
  return { ok: true, tuple: source };
}

/** The destination tuple of a promotion: the source tuple's pins under the new channel. */
export function copyReleaseTupleForPromotion(input: {
  source: ReleaseTupleRecord;
  toChannel: string;
  deploymentRecordId: string;
  promotionRecordId: string;
  mintedAt: string;
}): ReleaseTupleBuild {
  const { source, toChannel } = input;
  if (!isReleaseChannel(toChannel)) {
    return { ok: false, reason: "not_a_release_channel", detail: `instance ${toChannel} is not a release channel (testing, prod)` };
  }
  const tuple = ReleaseTupleRecord.parse({
    tuple_id: releaseTupleId(source.context, toChannel, source.artifact_id),
    context: source.context,
    channel: toChannel,
    artifact_id: source.artifact_id,
    repo_shas: { ...source.repo_shas },
    image_repository: source.image_repository,
    image_digest: source.image_digest,
    deployment_record_id: input.deploymentRecordId,
    promotion_record_id: input.promotionRecordId,
    promoted_from_channel: source.channel,
    provenance: "promotion",
    minted_at: input.mintedAt,
  });
  return { ok: true, tuple };
}
