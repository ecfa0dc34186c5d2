// Authorization policy: the /v1 policy document, its stored record (policy_sha256) and the grant request bodies.
// Mirrors upstream control_plane/service_auth.py (schema v1), contracts/authz_policy_record.py and authz_grant_service.py.
import { z } from "zod";

import { canonicalJsonSha256 } from "./canonical-json";
import { nonBlank, recordId, stringList, timestamp } from "./primitives";

export const humanRole = z.enum(["read_only", "admin"]);
export type HumanRole = z.infer<typeof humanRole>;

export const authzPolicyStatus = z.enum(["active", "superseded"]);
export type AuthzPolicyStatus = z.infer<typeof authzPolicyStatus>;

// ---------------------------------------------------------------------------
// Policy document.
// ---------------------------------------------------------------------------

/**
 * A GitHub Actions rule. `repository` is compared exactly (after trimming the rule value);
 * `workflow_refs` / `job_workflow_refs` are case-sensitive fnmatch globs; every other list is exact
 * membership. An empty list places no constraint on that claim.
 */
export const GithubActionsPolicyRule = z.strictObject({
  repository: z.string(),
  workflow_refs: stringList(),
  job_workflow_refs: stringList(),
  event_names: stringList(),
  refs: stringList(),
  environments: stringList(),
  products: stringList(),
  contexts: stringList(),
  actions: stringList(),
});
export type GithubActionsPolicyRule = z.output<typeof GithubActionsPolicyRule>;

/**
 * A GitHub human (operator console) rule. `logins`, `organizations`, `teams` are case-sensitive
 * fnmatch globs; `roles` lists the roles this rule grants; products/contexts/actions are exact.
 */
export const GithubHumanPolicyRule = z.strictObject({
  logins: stringList(),
  organizations: stringList(),
  teams: stringList(),
  roles: z.array(humanRole).default(() => []),
  products: stringList(),
  contexts: stringList(),
  actions: stringList(),
});
export type GithubHumanPolicyRule = z.output<typeof GithubHumanPolicyRule>;

export const AuthzPolicy = z.strictObject({
  schema_version: z.number().int().min(1).default(1),
  github_actions: z.array(GithubActionsPolicyRule).default(() => []),
  github_humans: z.array(GithubHumanPolicyRule).default(() => []),
});
export type AuthzPolicy = z.output<typeof AuthzPolicy>;

/**
 * SHA-256 of the policy's canonical JSON (sorted keys, compact separators, ASCII-escaped), computed
 * over the parsed policy with every default filled in — the same bytes upstream hashes from
 * `policy.model_dump(mode="json")`.
 */
export function authzPolicySha256(policy: AuthzPolicy): string {
  return canonicalJsonSha256(policy);
}

/** Upstream `build_authz_policy_record_id`: `launchplane-authz-policy-<compact updated_at>-<sha[:12]>`. */
export function buildAuthzPolicyRecordId(input: { updated_at: string; policy_sha256: string }): string {
  const compact = input.updated_at.replaceAll("-", "").replaceAll(":", "").replace("+00:00", "Z");
  return `launchplane-authz-policy-${compact}-${input.policy_sha256.slice(0, 12)}`;
}

// ---------------------------------------------------------------------------
// Stored policy record.
// ---------------------------------------------------------------------------

export const AuthzPolicyRecordFields = z.strictObject({
  record_id: recordId,
  status: authzPolicyStatus.default("active"),
  source: nonBlank("authz policy record source"),
  updated_at: timestamp,
  /** Optional on input; filled with the computed digest, and must match it when given. */
  policy_sha256: z.string().default(""),
  policy: AuthzPolicy,
  /** Service-owned audit metadata (operator, reason, previous/new ids and digests, trace id, ...). */
  audit: z.record(z.string(), z.unknown()).default(() => ({})),
});

export const AuthzPolicyRecord = AuthzPolicyRecordFields.superRefine((value, ctx) => {
  if (value.policy_sha256 && value.policy_sha256 !== authzPolicySha256(value.policy)) {
    ctx.addIssue({
      code: "custom",
      path: ["policy_sha256"],
      message: "authz policy record policy_sha256 does not match policy payload",
    });
  }
}).transform((value) => ({ ...value, policy_sha256: value.policy_sha256 || authzPolicySha256(value.policy) }));
export type AuthzPolicyRecord = z.output<typeof AuthzPolicyRecord>;

// ---------------------------------------------------------------------------
// Grant requests: POST /v1/authz-policies/github-actions/grants (and .../github-humans/grants).
// Both authorize as action `authz_policy_grant.write`, product "launchplane", context "launchplane".
// ---------------------------------------------------------------------------

/** Drops blank entries and trims the rest (upstream `_normalized_tuple`). */
const normalizedList = () =>
  z
    .array(z.string())
    .default(() => [])
    .transform((values) => values.map((value) => value.trim()).filter((value) => value !== ""));

export const authzGrantMode = z.enum(["dry_run", "apply"]);
export type AuthzGrantMode = z.infer<typeof authzGrantMode>;

const DEFAULT_ACTIONS_GRANT_SOURCE = "service:authz-policy-grant";
const DEFAULT_HUMAN_GRANT_SOURCE = "service:authz-human-policy-grant";

export const GithubActionsGrantFields = z.strictObject({
  repository: nonBlank("authz policy grant repository").trim(),
  workflow_refs: normalizedList(),
  job_workflow_refs: normalizedList(),
  event_names: normalizedList(),
  refs: normalizedList(),
  environments: normalizedList(),
  products: normalizedList(),
  contexts: normalizedList(),
  /** Required, and at least one non-blank action must remain after normalization. */
  actions: z.array(z.string()).transform((values) => values.map((value) => value.trim()).filter((value) => value !== "")),
  /** Blank falls back to the default label. */
  source_label: z
    .string()
    .default(DEFAULT_ACTIONS_GRANT_SOURCE)
    .transform((value) => value.trim() || DEFAULT_ACTIONS_GRANT_SOURCE),
});

export const GithubActionsGrant = GithubActionsGrantFields.superRefine((value, ctx) => {
  if (value.actions.length === 0) {
    ctx.addIssue({ code: "custom", path: ["actions"], message: "authz policy grant requires at least one action" });
  }
});
export type GithubActionsGrant = z.output<typeof GithubActionsGrant>;

/** The policy rule a GitHub Actions grant adds (upstream `to_policy_rule`). */
export function githubActionsGrantRule(grant: GithubActionsGrant): GithubActionsPolicyRule {
  const { source_label: _sourceLabel, ...rule } = grant;
  return GithubActionsPolicyRule.parse(rule);
}

const launchplaneProduct = z
  .string()
  .refine((value) => value.trim() === "launchplane", { message: "authz policy grant writes require product 'launchplane'" })
  .transform(() => "launchplane" as const);

function checkApplyReason(value: { mode: AuthzGrantMode; reason: string }, ctx: z.RefinementCtx) {
  if (value.mode === "apply" && !value.reason) {
    ctx.addIssue({ code: "custom", path: ["reason"], message: "authz policy grant apply requires reason" });
  }
}

export const GithubActionsGrantRequestFields = z.strictObject({
  schema_version: z.number().int().min(1).default(1),
  product: launchplaneProduct,
  mode: authzGrantMode.default("apply"),
  reason: z.string().trim().default(""),
  related_issue: z.string().trim().default(""),
  grant: GithubActionsGrant,
});

export const GithubActionsGrantRequest = GithubActionsGrantRequestFields.superRefine(checkApplyReason);
export type GithubActionsGrantRequest = z.output<typeof GithubActionsGrantRequest>;

export const GithubHumanGrantFields = z.strictObject({
  logins: normalizedList(),
  organizations: normalizedList(),
  teams: normalizedList(),
  roles: z.array(humanRole).default(() => []),
  products: normalizedList(),
  contexts: normalizedList(),
  actions: z.array(z.string()).transform((values) => values.map((value) => value.trim()).filter((value) => value !== "")),
  source_label: z
    .string()
    .default(DEFAULT_HUMAN_GRANT_SOURCE)
    .transform((value) => value.trim() || DEFAULT_HUMAN_GRANT_SOURCE),
});

export const GithubHumanGrant = GithubHumanGrantFields.superRefine((value, ctx) => {
  if (value.logins.length === 0 && value.organizations.length === 0 && value.teams.length === 0) {
    ctx.addIssue({ code: "custom", path: ["logins"], message: "authz human policy grant requires a login, organization, or team" });
  }
  if (value.actions.length === 0) {
    ctx.addIssue({ code: "custom", path: ["actions"], message: "authz human policy grant requires at least one action" });
  }
});
export type GithubHumanGrant = z.output<typeof GithubHumanGrant>;

/** The policy rule a GitHub human grant adds. */
export function githubHumanGrantRule(grant: GithubHumanGrant): GithubHumanPolicyRule {
  const { source_label: _sourceLabel, ...rule } = grant;
  return GithubHumanPolicyRule.parse(rule);
}

export const GithubHumanGrantRequestFields = z.strictObject({
  schema_version: z.number().int().min(1).default(1),
  product: launchplaneProduct,
  mode: authzGrantMode.default("apply"),
  reason: z.string().trim().default(""),
  related_issue: z.string().trim().default(""),
  grant: GithubHumanGrant,
});

export const GithubHumanGrantRequest = GithubHumanGrantRequestFields.superRefine(checkApplyReason);
export type GithubHumanGrantRequest = z.output<typeof GithubHumanGrantRequest>;
