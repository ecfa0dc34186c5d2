import { readFile } from "node:fs/promises";

import { parse as parseToml } from "smol-toml";
import { z } from "zod";

import {
  authorize,
  type AuthzDecision,
  operatorRole,
  readScope,
  type ReadScope,
} from "@/server/auth/authorize";
import type { Identity, OperatorIdentity, OperatorRole } from "@/server/auth/identity";
import {
  type AuthzGrantMode,
  AuthzPolicy,
  AuthzPolicyRecord,
  authzPolicySha256,
  buildAuthzPolicyRecordId,
  type GithubActionsGrantRequest,
  type GithubActionsPolicyRule,
  githubActionsGrantRule,
  type GithubHumanGrantRequest,
  type GithubHumanPolicyRule,
  githubHumanGrantRule,
} from "@/server/contracts/authz-policy";
import { canonicalJson } from "@/server/contracts/canonical-json";
import type { Database } from "@/server/db";
import { env } from "@/server/env";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { logger } from "@/server/logger";
import { authzPolicyRepository } from "@/server/repositories/authz-policy-repository";
import { type DbClient, inTransaction, isDatabase } from "@/server/repositories/db-client";
import { recordAudit } from "@/server/services/audit-trail";

/** Grants are authorized as this action on product and context `launchplane`. */
export const AUTHZ_POLICY_GRANT_ACTION = "authz_policy_grant.write";
export const AUTHZ_POLICY_SCOPE = "launchplane";

/** How long a process trusts its copy of the active policy (local writes invalidate it at once). */
export const AUTHZ_POLICY_CACHE_MS = 2_000;

const EMPTY_POLICY: AuthzPolicy = AuthzPolicy.parse({});

// ---------------------------------------------------------------------------
// The active policy, cached per database client.
// ---------------------------------------------------------------------------

interface CachedPolicy {
  expiresAt: number;
  record: Promise<AuthzPolicyRecord | null>;
}

let policyCache = new WeakMap<object, CachedPolicy>();

/** Forgets every cached policy; the next read goes to the database. */
export function invalidateAuthzPolicyCache(): void {
  policyCache = new WeakMap();
}

const seedAttempts = new WeakMap<object, Promise<void>>();

/**
 * Seeds from LAUNCHPLANE_AUTHZ_POLICY_FILE at most once per process and client,
 * so the policy file takes effect even where start-up did not seed explicitly.
 * A bad file is logged and leaves the service refusing every request.
 */
function seedOnce(db: Database): Promise<void> {
  let attempt = seedAttempts.get(db);
  if (!attempt) {
    attempt = seedAuthzPolicyFromFile(db).then(
      () => undefined,
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        logger.error({ err: message }, "authz policy not seeded; every authorization is refused");
      },
    );
    seedAttempts.set(db, attempt);
  }
  return attempt;
}

async function findActiveSeeding(db: Database): Promise<AuthzPolicyRecord | null> {
  const repository = authzPolicyRepository(db);
  const record = await repository.findActive();
  if (record || seedAttempts.has(db)) return record;
  await seedOnce(db);
  return repository.findActive();
}

/**
 * The active policy record, or null when none is stored. Reads on the process
 * client are cached for AUTHZ_POLICY_CACHE_MS so the /v1 hot path does not
 * query per request; reads inside a transaction always see that transaction.
 */
export async function activeAuthzPolicyRecord(db: DbClient): Promise<AuthzPolicyRecord | null> {
  if (!isDatabase(db)) return authzPolicyRepository(db).findActive();
  const cache = policyCache;
  const now = Date.now();
  const hit = cache.get(db);
  if (hit && hit.expiresAt > now) return hit.record;
  const record = findActiveSeeding(db);
  cache.set(db, { expiresAt: now + AUTHZ_POLICY_CACHE_MS, record });
  record.catch(() => {
    if (cache.get(db)?.record === record) cache.delete(db);
  });
  return record;
}

/** The policy authorization runs against: the active one, else an empty policy (refuses everything). */
export async function loadActiveAuthzPolicy(db: DbClient): Promise<AuthzPolicy> {
  return (await activeAuthzPolicyRecord(db))?.policy ?? EMPTY_POLICY;
}

// ---------------------------------------------------------------------------
// Questions the doors ask.
// ---------------------------------------------------------------------------

export interface AuthzQueryOptions {
  /** Defaults to LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS. */
  bootstrapAdmins?: readonly string[];
}

function bootstrapAdmins(options: AuthzQueryOptions): readonly string[] {
  return options.bootstrapAdmins ?? env().LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS;
}

export async function authorizeIdentity(
  db: DbClient,
  identity: Identity,
  action: string,
  product: string,
  context: string,
  options: AuthzQueryOptions = {},
): Promise<AuthzDecision> {
  const policy = await loadActiveAuthzPolicy(db);
  return authorize(policy, identity, action, product, context, { bootstrapAdmins: bootstrapAdmins(options) });
}

/** Like authorizeIdentity, but refuses with 403 authorization_denied. */
export async function requireAuthorization(
  db: DbClient,
  identity: Identity,
  action: string,
  product: string,
  context: string,
  options: AuthzQueryOptions = {},
): Promise<AuthzDecision> {
  const decision = await authorizeIdentity(db, identity, action, product, context, options);
  if (!decision.allowed) throw new LaunchplaneError("authorization_denied", decision.reason);
  return decision;
}

/** The operator's role under the active policy (null: refused). */
export async function operatorRoleFor(
  db: DbClient,
  operator: OperatorIdentity,
  options: AuthzQueryOptions = {},
): Promise<OperatorRole | null> {
  return operatorRole(await loadActiveAuthzPolicy(db), operator, bootstrapAdmins(options));
}

/** What `identity` may read of `family` (`<family>.read`); list reads filter by it. */
export async function identityReadScope(
  db: DbClient,
  identity: Identity,
  family: string,
  options: AuthzQueryOptions = {},
): Promise<ReadScope> {
  return readScope(await loadActiveAuthzPolicy(db), identity, family, { bootstrapAdmins: bootstrapAdmins(options) });
}

// ---------------------------------------------------------------------------
// Records and summaries.
// ---------------------------------------------------------------------------

export interface AuthzPolicySummary {
  record_id: string;
  status: AuthzPolicyRecord["status"];
  source: string;
  updated_at: string;
  policy_sha256: string;
  github_actions_rule_count: number;
  github_humans_rule_count: number;
}

/** A record without its policy body: what responses and the console list show. */
export function authzPolicySummary(record: AuthzPolicyRecord): AuthzPolicySummary {
  return {
    record_id: record.record_id,
    status: record.status,
    source: record.source,
    updated_at: record.updated_at,
    policy_sha256: record.policy_sha256,
    github_actions_rule_count: record.policy.github_actions.length,
    github_humans_rule_count: record.policy.github_humans.length,
  };
}

/** Upstream timestamps in record ids have second precision: `2026-05-07T16:00:00Z`. */
function secondPrecision(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function newActiveRecord(policy: AuthzPolicy, source: string, at: Date, audit: Record<string, unknown>): AuthzPolicyRecord {
  const normalized = AuthzPolicy.parse(policy);
  const policy_sha256 = authzPolicySha256(normalized);
  const updated_at = secondPrecision(at);
  return AuthzPolicyRecord.parse({
    record_id: buildAuthzPolicyRecordId({ updated_at, policy_sha256 }),
    status: "active",
    source,
    updated_at,
    policy_sha256,
    policy: normalized,
    audit,
  });
}

function afterPolicyWrite(record: AuthzPolicyRecord): void {
  invalidateAuthzPolicyCache();
  void publishRecordEvent({ kind: "authz_policy", product: AUTHZ_POLICY_SCOPE, id: record.record_id });
}

// ---------------------------------------------------------------------------
// Bootstrap from LAUNCHPLANE_AUTHZ_POLICY_FILE.
// ---------------------------------------------------------------------------

/** The bootstrap file is unreadable or not a valid policy. */
export class AuthzPolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthzPolicyFileError";
  }
}

/**
 * Reads a policy file: JSON when it ends in `.json` or starts with `{`,
 * otherwise TOML (the upstream service's policy file format).
 */
export async function readAuthzPolicyFile(file: string): Promise<AuthzPolicy> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AuthzPolicyFileError(`Authz policy file ${file} cannot be read (${typeof code === "string" ? code : "error"}).`);
  }
  const json = file.toLowerCase().endsWith(".json") || text.trimStart().startsWith("{");
  let raw: unknown;
  try {
    // The JSON round trip turns TOML's prototype-less tables into plain objects.
    raw = json ? JSON.parse(text) : JSON.parse(JSON.stringify(parseToml(text)));
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AuthzPolicyFileError(`Authz policy file ${file} is not valid ${json ? "JSON" : "TOML"}: ${detail}`);
  }
  const parsed = AuthzPolicy.safeParse(raw);
  if (!parsed.success) {
    throw new AuthzPolicyFileError(`Authz policy file ${file} is not a valid policy:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Rules that mean less here than upstream (DECISIONS 12 and the no-principal rule). */
export function authzPolicyImportWarnings(policy: AuthzPolicy): string[] {
  const warnings: string[] = [];
  policy.github_humans.forEach((rule, index) => {
    if (rule.logins.length === 0 && rule.organizations.length === 0 && rule.teams.length === 0) {
      warnings.push(`github_humans rule ${index} names no login, organization or team and matches nobody`);
    } else if (rule.roles.length === 0) {
      warnings.push(`github_humans rule ${index} lists no roles and grants read_only (upstream treated it as admin)`);
    }
  });
  return warnings;
}

export type AuthzPolicySeedOutcome =
  | { outcome: "database"; record: AuthzPolicyRecord }
  | { outcome: "seeded"; record: AuthzPolicyRecord }
  | { outcome: "none" };

/**
 * Start-up: when the database holds no active policy, store the policy file's
 * policy as the active record. An active record in the database always wins
 * (the file is not even read). Without either, every request is refused.
 */
export async function seedAuthzPolicyFromFile(
  db: Database,
  file: string | undefined = env().LAUNCHPLANE_AUTHZ_POLICY_FILE,
  now: Date = new Date(),
): Promise<AuthzPolicySeedOutcome> {
  const existing = await authzPolicyRepository(db).findActive();
  if (existing) return { outcome: "database", record: existing };
  if (!file?.trim()) {
    logger.warn("no active authz policy and no LAUNCHPLANE_AUTHZ_POLICY_FILE: every authorization is refused");
    return { outcome: "none" };
  }
  const path = file.trim();
  const policy = await readAuthzPolicyFile(path);
  for (const warning of authzPolicyImportWarnings(policy)) logger.warn({ file: path }, `authz policy file: ${warning}`);

  const outcome = await inTransaction(db, async (tx): Promise<AuthzPolicySeedOutcome> => {
    const repository = authzPolicyRepository(tx);
    await repository.lockForWrite();
    // Another instance may have seeded (or a grant landed) while this one read the file.
    const current = await repository.findActive();
    if (current) return { outcome: "database", record: current };
    const record = newActiveRecord(policy, `bootstrap-file:${path}`, now, {
      seeded_from: "LAUNCHPLANE_AUTHZ_POLICY_FILE",
      file: path,
    });
    await repository.insert(record);
    await recordAudit(tx, {
      actor: { kind: "system", name: "authz-policy-bootstrap" },
      action: "authz_policy.seed",
      product: AUTHZ_POLICY_SCOPE,
      context: AUTHZ_POLICY_SCOPE,
      targetType: "authz_policy",
      targetId: record.record_id,
      detail: {
        file: path,
        policy_sha256: record.policy_sha256,
        github_actions_rule_count: record.policy.github_actions.length,
        github_humans_rule_count: record.policy.github_humans.length,
      },
    });
    return { outcome: "seeded", record };
  });
  if (outcome.outcome === "seeded") {
    afterPolicyWrite(outcome.record);
    logger.info({ record_id: outcome.record.record_id, file: path }, "authz policy seeded from file");
  }
  return outcome;
}

// ---------------------------------------------------------------------------
// Grants: POST /v1/authz-policies/github-actions/grants (and github-humans).
// ---------------------------------------------------------------------------

export interface AuthzPolicyGrantDiff {
  changed: boolean;
  previous_github_actions_rule_count: number;
  new_github_actions_rule_count: number;
  previous_github_humans_rule_count: number;
  new_github_humans_rule_count: number;
}

/** The accepted response data: ids, digests and counts — never the policy body. */
export interface AuthzPolicyGrantOutcome {
  records: { authz_policy_record_id: string };
  result: {
    authz_policy: AuthzPolicySummary;
    changed: boolean;
    mode: AuthzGrantMode;
    diff: AuthzPolicyGrantDiff;
    audit: Record<string, unknown>;
  };
}

export interface AuthzPolicyGrantOptions extends AuthzQueryOptions {
  traceId?: string;
  now?: Date;
}

type GrantPlan =
  | { family: "github_actions"; rule: GithubActionsPolicyRule; source: string; summary: Record<string, unknown> }
  | { family: "github_humans"; rule: GithubHumanPolicyRule; source: string; summary: Record<string, unknown> };

interface GrantRequest {
  mode: AuthzGrantMode;
  reason: string;
  related_issue: string;
}

function grantOperator(actor: Identity, role: OperatorRole | null): Record<string, unknown> {
  if (actor.kind === "workflow") {
    return {
      type: "github_actions",
      repository: actor.repository,
      workflow_ref: actor.workflow_ref,
      event_name: actor.event_name,
      ref: actor.ref,
      sha: actor.sha,
    };
  }
  return { type: "github_human", login: actor.login, role: role ?? "" };
}

/**
 * Adds a rule when no identical rule exists (whole-rule equality, list order
 * included, as upstream). `dry_run` and an unchanged `apply` write nothing; a
 * changed `apply` inserts the new active record, supersedes the previous one and
 * appends an audit event, all in one transaction.
 */
async function applyGrant(
  db: DbClient,
  request: GrantRequest,
  plan: GrantPlan,
  actor: Identity,
  options: AuthzPolicyGrantOptions,
): Promise<AuthzPolicyGrantOutcome> {
  const now = options.now ?? new Date();
  const traceId = options.traceId ?? "";
  const outcome = await inTransaction(db, async (tx) => {
    const repository = authzPolicyRepository(tx);
    if (request.mode === "apply") await repository.lockForWrite();
    const current = await repository.findActive();
    if (!current) throw new LaunchplaneError("invalid_request", "No active Launchplane authz policy record found.");

    const existingRules: ReadonlyArray<GithubActionsPolicyRule | GithubHumanPolicyRule> = current.policy[plan.family];
    const desired = canonicalJson(plan.rule);
    const changed = !existingRules.some((rule) => canonicalJson(rule) === desired);
    const nextPolicy = AuthzPolicy.parse({ ...current.policy, [plan.family]: [...existingRules, plan.rule] });
    const role = actor.kind === "operator" ? operatorRole(current.policy, actor, bootstrapAdmins(options)) : null;

    const audit = (next: AuthzPolicyRecord | null): Record<string, unknown> => ({
      mode: request.mode,
      reason: request.reason,
      related_issue: request.related_issue,
      operator: grantOperator(actor, role),
      requested_grant: { principal_type: plan.family, ...plan.rule },
      previous_policy_record_id: current.record_id,
      previous_policy_sha256: current.policy_sha256,
      new_policy_record_id: next?.record_id ?? current.record_id,
      new_policy_sha256: next?.policy_sha256 ?? current.policy_sha256,
      changed,
      trace_id: traceId,
      updated_at: next?.updated_at ?? current.updated_at,
    });

    const prospective = changed ? newActiveRecord(nextPolicy, plan.source, now, {}) : null;
    if (request.mode === "dry_run" || !prospective) {
      return { previous: current, active: current, next: prospective ?? current, changed, written: false, audit: audit(prospective) };
    }
    const record = AuthzPolicyRecord.parse({ ...prospective, audit: audit(prospective) });
    if (!(await repository.supersede(current.record_id))) {
      throw new LaunchplaneError("record_conflict", "The active authz policy changed during the grant; retry.");
    }
    await repository.insert(record);
    await recordAudit(tx, {
      actor,
      actorRole: role ?? undefined,
      action: AUTHZ_POLICY_GRANT_ACTION,
      product: AUTHZ_POLICY_SCOPE,
      context: AUTHZ_POLICY_SCOPE,
      targetType: "authz_policy",
      targetId: record.record_id,
      traceId,
      detail: record.audit,
    });
    return { previous: current, active: record, next: record, changed, written: true, audit: record.audit };
  });
  if (outcome.written) afterPolicyWrite(outcome.active);

  // The response redacts the requested rule to counts and scope (upstream requested_grant_summary).
  const { requested_grant: _requestedGrant, ...audit } = outcome.audit;
  return {
    records: { authz_policy_record_id: outcome.active.record_id },
    result: {
      authz_policy: authzPolicySummary(outcome.active),
      changed: outcome.changed,
      mode: request.mode,
      diff: {
        changed: outcome.changed,
        previous_github_actions_rule_count: outcome.previous.policy.github_actions.length,
        new_github_actions_rule_count: outcome.next.policy.github_actions.length,
        previous_github_humans_rule_count: outcome.previous.policy.github_humans.length,
        new_github_humans_rule_count: outcome.next.policy.github_humans.length,
      },
      audit: { ...audit, requested_grant_summary: plan.summary },
    },
  };
}

/** POST /v1/authz-policies/github-actions/grants. */
export function addGithubActionsGrant(
  db: DbClient,
  request: GithubActionsGrantRequest,
  actor: Identity,
  options: AuthzPolicyGrantOptions = {},
): Promise<AuthzPolicyGrantOutcome> {
  const rule = githubActionsGrantRule(request.grant);
  return applyGrant(
    db,
    request,
    {
      family: "github_actions",
      rule,
      source: request.grant.source_label,
      summary: {
        principal_type: "github_actions",
        repository: rule.repository,
        workflow_ref_count: rule.workflow_refs.length,
        job_workflow_ref_count: rule.job_workflow_refs.length,
        event_names: rule.event_names,
        products: rule.products,
        contexts: rule.contexts,
        actions: rule.actions,
      },
    },
    actor,
    options,
  );
}

/** POST /v1/authz-policies/github-humans/grants. */
export function addGithubHumanGrant(
  db: DbClient,
  request: GithubHumanGrantRequest,
  actor: Identity,
  options: AuthzPolicyGrantOptions = {},
): Promise<AuthzPolicyGrantOutcome> {
  const rule = githubHumanGrantRule(request.grant);
  return applyGrant(
    db,
    request,
    {
      family: "github_humans",
      rule,
      source: request.grant.source_label,
      summary: {
        principal_type: "github_human",
        login_count: rule.logins.length,
        organization_count: rule.organizations.length,
        team_count: rule.teams.length,
        roles: rule.roles,
        products: rule.products,
        contexts: rule.contexts,
        actions: rule.actions,
      },
    },
    actor,
    options,
  );
}
