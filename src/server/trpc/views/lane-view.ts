import { z } from "zod";
import { deploymentArtifactId } from "@/server/contracts/deployment";
import type { LaneSummary } from "@/server/contracts/lane-summary";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import type { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import type { RuntimeIdentity } from "@/server/contracts/deploy-evidence";
import { env } from "@/server/env";
import { currentArtifactId, laneImageDigest, laneRepoShas } from "@/server/services/product-workspace";
import { addonRepoName, tenantRepoName } from "@/server/services/release-tuple-minting";
import { commitUrl, safeHttpUrl } from "@/server/trpc/views/github-links";

/*
 * What the console shows of a lane. An output schema: every field a lane
 * procedure may send is named here and built field by field from the lane
 * summary, so runtime values, secret material and provider evidence maps
 * cannot reach the browser even if a record carries them.
 */

export const RepoCommit = z.object({
  /** The release tuple's repo key (`tenant-<context>`, addon names). */
  repo: z.string(),
  sha: z.string(),
  /** The GitHub repository behind the key, when known. */
  repository: z.string(),
  commit_url: z.string(),
});
export type RepoCommit = z.infer<typeof RepoCommit>;

export const IncidentView = z.object({
  incident_id: z.string(),
  context: z.string(),
  instance: z.string(),
  check_name: z.string(),
  check_kind: z.string(),
  status: z.string(),
  opened_at: z.string(),
  latest_observed_at: z.string(),
  resolved_at: z.string(),
  failure_code: z.string(),
  summary: z.string(),
});
export type IncidentView = z.infer<typeof IncidentView>;

const IdentityView = z.object({
  deployment_record_id: z.string(),
  artifact_id: z.string(),
  source_git_ref: z.string(),
  image_reference: z.string(),
  release_tuple_id: z.string(),
});

export const LaneView = z.object({
  product: z.string(),
  context: z.string(),
  instance: z.string(),
  base_url: z.string(),
  health_url: z.string(),
  trust_state: z.string(),
  provenance: z.object({ source_record_id: z.string(), recorded_at: z.string(), detail: z.string() }),
  artifact: z.object({
    artifact_id: z.string(),
    image_repository: z.string(),
    image_digest: z.string(),
    source_commit: z.string(),
    source_commit_url: z.string(),
    manifest_stored: z.boolean(),
  }),
  release_tuple: z.object({
    state: z.enum(["current", "outdated", "absent"]),
    reason: z.string(),
    message: z.string(),
    tuple_id: z.string(),
    minted_at: z.string(),
    provenance: z.string(),
    promoted_from_channel: z.string(),
    repos: z.array(RepoCommit),
  }),
  latest_deployment: z
    .object({
      record_id: z.string(),
      status: z.string(),
      started_at: z.string(),
      finished_at: z.string(),
      artifact_id: z.string(),
      source_git_ref: z.string(),
      failure: z.string(),
    })
    .nullable(),
  latest_promotion: z
    .object({
      record_id: z.string(),
      status: z.string(),
      from_instance: z.string(),
      to_instance: z.string(),
      artifact_id: z.string(),
      finished_at: z.string(),
      backup_record_id: z.string(),
    })
    .nullable(),
  latest_backup_gate: z
    .object({ record_id: z.string(), status: z.string(), required: z.boolean(), created_at: z.string(), source: z.string() })
    .nullable(),
  destination_health: z.object({ status: z.string(), verified: z.boolean(), source: z.string() }),
  runtime_identity: z.object({
    status: z.string(),
    detail: z.string(),
    source: z.string(),
    expected: IdentityView.nullable(),
    observed: IdentityView.nullable(),
  }),
  deployed_target: z.object({ provider_id: z.string(), display_name: z.string(), target_category: z.string() }).nullable(),
  health: z.object({
    status: z.enum(["healthy", "failing", "unknown"]),
    checks: z.array(
      z.object({ check_name: z.string(), check_kind: z.string(), health: z.string(), observed_at: z.string(), summary: z.string() }),
    ),
    open_incidents: z.array(IncidentView),
  }),
  config: z.object({
    trust_state: z.string(),
    deployed_at: z.string(),
    counts: z.object({
      configured: z.number(),
      missing: z.number(),
      disabled: z.number(),
      stale: z.number(),
      unsupported: z.number(),
    }),
    items: z.array(
      z.object({
        kind: z.enum(["runtime_key", "secret_binding"]),
        key: z.string(),
        status: z.string(),
        detail: z.string(),
        /** Where it is held: `context/instance` or "global". */
        held_at: z.string(),
        updated_at: z.string(),
        secret_id: z.string(),
      }),
    ),
    warnings: z.array(z.string()),
  }),
});
export type LaneView = z.infer<typeof LaneView>;

export function incidentView(incident: PublicIngressIncidentRecord): IncidentView {
  return {
    incident_id: incident.incident_id,
    context: incident.context,
    instance: incident.instance,
    check_name: incident.check_name,
    check_kind: incident.check_kind,
    status: incident.status,
    opened_at: incident.opened_at,
    latest_observed_at: incident.latest_observed_at,
    resolved_at: incident.resolved_at,
    failure_code: incident.failure_code ?? "",
    summary: incident.summary,
  };
}

function identityView(identity: RuntimeIdentity | null): z.infer<typeof IdentityView> | null {
  if (!identity) return null;
  return {
    deployment_record_id: identity.deployment_record_id,
    artifact_id: identity.artifact_id,
    source_git_ref: identity.source_git_ref,
    image_reference: identity.image_reference,
    release_tuple_id: identity.release_tuple_id,
  };
}

function heldAt(context: string, instance: string): string {
  if (!context && !instance) return "global";
  return instance ? `${context}/${instance}` : context;
}

/** The GitHub repository behind a tuple repo key: the product's own, or the manifest's addon source. */
function repositoryForKey(key: string, lane: LaneSummary, profile: ProductProfileRecord): string {
  if (key === tenantRepoName(lane.context)) return profile.repository;
  const addon = lane.artifact_manifest?.addon_sources.find((source) => addonRepoName(source.repository) === key);
  return addon?.repository ?? "";
}

export function laneView(summary: LaneSummary, profile: ProductProfileRecord): LaneView {
  const githubUrl = env().LAUNCHPLANE_GITHUB_URL;
  const manifest = summary.artifact_manifest;
  const tuple = summary.release_tuple;
  const sourceCommit = manifest?.source_commit ?? summary.inventory?.source_git_ref ?? "";
  const deployment = summary.latest_deployment;
  const promotion = summary.latest_promotion;
  const gate = summary.latest_backup_gate;
  const healthSource = summary.inventory ?? deployment;
  const readiness = summary.config_readiness;

  return {
    product: summary.product,
    context: summary.context,
    instance: summary.instance,
    base_url: safeHttpUrl(summary.base_url),
    health_url: safeHttpUrl(summary.health_url),
    trust_state: summary.trust_state,
    provenance: {
      source_record_id: summary.provenance.source_record_id,
      recorded_at: summary.provenance.recorded_at,
      detail: summary.provenance.detail,
    },
    artifact: {
      artifact_id: currentArtifactId(summary),
      image_repository: manifest?.image.repository ?? tuple?.image_repository ?? "",
      image_digest: laneImageDigest(summary),
      source_commit: sourceCommit,
      source_commit_url: commitUrl(profile.repository, sourceCommit, githubUrl),
      manifest_stored: manifest !== null,
    },
    release_tuple: {
      state: summary.release_tuple_status.state,
      reason: summary.release_tuple_status.reason,
      message: summary.release_tuple_status.message,
      tuple_id: tuple?.tuple_id ?? "",
      minted_at: tuple?.minted_at ?? "",
      provenance: tuple?.provenance ?? "",
      promoted_from_channel: tuple?.promoted_from_channel ?? "",
      repos: Object.entries(laneRepoShas(summary))
        .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
        .map(([repo, sha]) => {
          const repository = repositoryForKey(repo, summary, profile);
          return { repo, sha, repository, commit_url: commitUrl(repository, sha, githubUrl) };
        }),
    },
    latest_deployment: deployment
      ? {
          record_id: deployment.record_id,
          status: deployment.deploy.status,
          started_at: deployment.deploy.started_at,
          finished_at: deployment.deploy.finished_at,
          artifact_id: deploymentArtifactId(deployment),
          source_git_ref: deployment.source_git_ref,
          failure: deployment.failure?.description ?? "",
        }
      : null,
    latest_promotion: promotion
      ? {
          record_id: promotion.record_id,
          status: promotion.deploy.status,
          from_instance: promotion.from_instance,
          to_instance: promotion.to_instance,
          artifact_id: promotion.artifact_identity.artifact_id,
          finished_at: promotion.deploy.finished_at || promotion.deploy.started_at,
          backup_record_id: promotion.backup_record_id,
        }
      : null,
    latest_backup_gate: gate
      ? { record_id: gate.record_id, status: gate.status, required: gate.required, created_at: gate.created_at, source: gate.source }
      : null,
    destination_health: {
      status: healthSource?.destination_health.status ?? "unchecked",
      verified: healthSource?.destination_health.verified ?? false,
      source: summary.inventory ? "inventory" : deployment ? "deployment" : "",
    },
    runtime_identity: {
      status: summary.runtime_identity.status,
      detail: summary.runtime_identity.detail,
      source: summary.runtime_identity.source,
      expected: identityView(summary.runtime_identity.expected),
      observed: identityView(summary.runtime_identity.observed),
    },
    deployed_target: summary.deployed_target
      ? {
          provider_id: summary.deployed_target.provider_id,
          display_name: summary.deployed_target.display_name,
          target_category: summary.deployed_target.target_category,
        }
      : null,
    health: {
      status: summary.health.status,
      checks: summary.health.checks.map((check) => ({
        check_name: check.check_name,
        check_kind: check.check_kind,
        health: check.health,
        observed_at: check.latest_observation.observed_at,
        summary: check.latest_observation.summary,
      })),
      open_incidents: summary.health.open_incidents.map(incidentView),
    },
    config: {
      trust_state: readiness.trust_state,
      deployed_at: readiness.deployed_at,
      counts: {
        configured: readiness.counts.configured ?? 0,
        missing: readiness.counts.missing ?? 0,
        disabled: readiness.counts.disabled ?? 0,
        stale: readiness.counts.stale ?? 0,
        unsupported: readiness.counts.unsupported ?? 0,
      },
      items: [
        ...readiness.runtime_settings.map((item) => ({
          kind: "runtime_key" as const,
          key: item.key,
          status: item.status,
          detail: item.detail,
          held_at: item.status === "missing" ? "" : heldAt(item.context, item.instance),
          updated_at: item.updated_at,
          secret_id: "",
        })),
        ...readiness.managed_secrets.map((item) => ({
          kind: "secret_binding" as const,
          key: item.binding_key,
          status: item.status,
          detail: item.detail,
          held_at: item.binding_id ? heldAt(item.context, item.instance) : "",
          updated_at: item.updated_at,
          secret_id: item.secret_id,
        })),
      ],
      warnings: readiness.warnings,
    },
  };
}
