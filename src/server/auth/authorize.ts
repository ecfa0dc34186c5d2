import type { Identity, OperatorIdentity, OperatorRole, WorkflowIdentity } from "@/server/auth/identity";
import { globMatches } from "@/server/auth/glob-pattern";
import type { AuthzPolicy, GithubActionsPolicyRule, GithubHumanPolicyRule } from "@/server/contracts/authz-policy";

/**
 * The one authorization question, `(identity, action, product, context)`, for
 * workflows (github_actions rules) and operators (github_humans rules). Pure:
 * the caller supplies the active policy (see services/authz-policy.ts).
 */

export type AuthzRuleFamily = "github_actions" | "github_humans";

export interface AuthzDecision {
  allowed: boolean;
  /** Why, for logs, audit and the 403 message. Names no secrets. */
  reason: string;
  /** The first rule that allowed the request. */
  matchedRule?: { family: AuthzRuleFamily; index: number };
  /** An operator's derived role (absent for workflows and refused operators). */
  role?: OperatorRole;
}

export interface AuthorizeOptions {
  /** LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS; honoured only while the policy has no github_humans rule. */
  bootstrapAdmins?: readonly string[];
}

/** Read actions are `<family>.read` (DECISIONS 3); read_only operators may perform only these. */
export function isReadAction(action: string): boolean {
  return action.endsWith(".read");
}

// An empty rule list places no constraint on that value.
function exactConstraint(allowed: readonly string[], value: string): boolean {
  return allowed.length === 0 || allowed.includes(value);
}

function globConstraint(patterns: readonly string[], value: string): boolean {
  return patterns.length === 0 || patterns.some((pattern) => globMatches(pattern, value));
}

/** Any of the operator's values (organizations, teams) matches any pattern. */
function globIntersection(patterns: readonly string[], values: readonly string[]): boolean {
  return patterns.length === 0 || values.some((value) => globConstraint(patterns, value.trim()));
}

function resourceConstraints(
  rule: { products: readonly string[]; contexts: readonly string[]; actions: readonly string[] },
  action: string,
  product: string,
  context: string,
): boolean {
  return (
    exactConstraint(rule.products, product) && exactConstraint(rule.contexts, context) && exactConstraint(rule.actions, action)
  );
}

/** The workflow's identity claims match the rule (repository exact, refs globbed, the rest exact). */
export function workflowRuleMatchesIdentity(rule: GithubActionsPolicyRule, identity: WorkflowIdentity): boolean {
  return (
    rule.repository.trim() === identity.repository.trim() &&
    globConstraint(rule.workflow_refs, identity.workflow_ref.trim()) &&
    globConstraint(rule.job_workflow_refs, identity.job_workflow_ref.trim()) &&
    exactConstraint(rule.event_names, identity.event_name.trim()) &&
    exactConstraint(rule.refs, identity.ref.trim()) &&
    exactConstraint(rule.environments, identity.environment.trim())
  );
}

/**
 * The rule names this operator. A rule without any login, organization or team
 * names nobody: operator sign-in is open to every GitHub account, so such a rule
 * would hand the console to anyone (the grant contract refuses it as well).
 */
export function humanRuleMatchesOperator(rule: GithubHumanPolicyRule, operator: OperatorIdentity): boolean {
  if (rule.logins.length === 0 && rule.organizations.length === 0 && rule.teams.length === 0) return false;
  return (
    globConstraint(rule.logins, operator.login.trim()) &&
    globIntersection(rule.organizations, operator.organizations) &&
    globIntersection(rule.teams, operator.teams)
  );
}

/** A human rule grants admin only when it lists `admin` (DECISIONS 12; stricter than upstream). */
function ruleGrantsAdmin(rule: GithubHumanPolicyRule): boolean {
  return rule.roles.includes("admin");
}

function isBootstrapAdmin(policy: AuthzPolicy, operator: OperatorIdentity, bootstrapAdmins: readonly string[]): boolean {
  if (policy.github_humans.length > 0) return false;
  // GitHub logins are unique regardless of case, so the configured list is compared case-insensitively.
  const login = operator.login.trim().toLowerCase();
  return login !== "" && bootstrapAdmins.some((admin) => admin.trim().toLowerCase() === login);
}

/**
 * An operator's role (DECISIONS 12): `admin` when any matching rule lists admin,
 * else `read_only` when any rule matches, else null (refused). The bootstrap
 * admin logins count only while the policy has no github_humans rule at all.
 */
export function operatorRole(
  policy: AuthzPolicy,
  operator: OperatorIdentity,
  bootstrapAdmins: readonly string[] = [],
): OperatorRole | null {
  if (isBootstrapAdmin(policy, operator, bootstrapAdmins)) return "admin";
  const matching = policy.github_humans.filter((rule) => humanRuleMatchesOperator(rule, operator));
  if (matching.some(ruleGrantsAdmin)) return "admin";
  return matching.length > 0 ? "read_only" : null;
}

function describeResource(action: string, product: string, context: string): string {
  return `${action} on product '${product}' context '${context}'`;
}

function authorizeWorkflow(
  policy: AuthzPolicy,
  identity: WorkflowIdentity,
  action: string,
  product: string,
  context: string,
): AuthzDecision {
  const index = policy.github_actions.findIndex(
    (rule) => workflowRuleMatchesIdentity(rule, identity) && resourceConstraints(rule, action, product, context),
  );
  const who = `workflow ${identity.repository} (${identity.workflow_ref})`;
  if (index < 0) {
    return { allowed: false, reason: `No github_actions rule allows ${who} to perform ${describeResource(action, product, context)}.` };
  }
  return {
    allowed: true,
    reason: `github_actions rule ${index} allows ${who} to perform ${describeResource(action, product, context)}.`,
    matchedRule: { family: "github_actions", index },
  };
}

function authorizeOperator(
  policy: AuthzPolicy,
  operator: OperatorIdentity,
  action: string,
  product: string,
  context: string,
  bootstrapAdmins: readonly string[],
): AuthzDecision {
  const who = `operator ${operator.login}`;
  const what = describeResource(action, product, context);
  if (isBootstrapAdmin(policy, operator, bootstrapAdmins)) {
    return { allowed: true, reason: `${who} is a bootstrap admin (the policy has no github_humans rule).`, role: "admin" };
  }
  const role = operatorRole(policy, operator);
  if (!role) return { allowed: false, reason: `No github_humans rule names ${who}.` };
  if (role === "read_only" && !isReadAction(action)) {
    return { allowed: false, reason: `${who} is read_only and may not perform ${what}.`, role };
  }
  // Each rule authorizes within its own grant: a rule that does not list admin allows reads only.
  const index = policy.github_humans.findIndex(
    (rule) =>
      humanRuleMatchesOperator(rule, operator) &&
      (isReadAction(action) || ruleGrantsAdmin(rule)) &&
      resourceConstraints(rule, action, product, context),
  );
  if (index < 0) return { allowed: false, reason: `No github_humans rule allows ${who} to perform ${what}.`, role };
  return {
    allowed: true,
    reason: `github_humans rule ${index} allows ${who} (${role}) to perform ${what}.`,
    matchedRule: { family: "github_humans", index },
    role,
  };
}

/** Answers whether `identity` may perform `action` on `product`/`context` under `policy`. */
export function authorize(
  policy: AuthzPolicy,
  identity: Identity,
  action: string,
  product: string,
  context: string,
  options: AuthorizeOptions = {},
): AuthzDecision {
  if (!action.trim()) return { allowed: false, reason: "No action was named." };
  return identity.kind === "workflow"
    ? authorizeWorkflow(policy, identity, action, product, context)
    : authorizeOperator(policy, identity, action, product, context, options.bootstrapAdmins ?? []);
}

// ---------------------------------------------------------------------------
// Read scopes: what a list read may return (DECISIONS 3).
// ---------------------------------------------------------------------------

/** One readable slice: `null` places no constraint on that dimension. */
export interface ReadGrant {
  products: readonly string[] | null;
  contexts: readonly string[] | null;
}

/**
 * The products/contexts an identity may read for one record family, as the
 * union of its grants. No grants: nothing is readable; a grant with both
 * dimensions null: everything is.
 */
export interface ReadScope {
  action: string;
  grants: readonly ReadGrant[];
}

const EVERYTHING: ReadGrant = { products: null, contexts: null };

function grantOf(rule: { products: readonly string[]; contexts: readonly string[] }): ReadGrant {
  return {
    products: rule.products.length > 0 ? rule.products : null,
    contexts: rule.contexts.length > 0 ? rule.contexts : null,
  };
}

function normalizeGrants(action: string, grants: ReadGrant[]): ReadScope {
  if (grants.some((grant) => grant.products === null && grant.contexts === null)) return { action, grants: [EVERYTHING] };
  return { action, grants };
}

/**
 * The read scope of `identity` for `family` (action `<family>.read`): every rule
 * that would allow that read for some product and context, reduced to its
 * product and context lists. `readScopeAllows(scope, p, c)` equals
 * `authorize(policy, identity, scope.action, p, c).allowed`.
 */
export function readScope(
  policy: AuthzPolicy,
  identity: Identity,
  family: string,
  options: AuthorizeOptions = {},
): ReadScope {
  const action = `${family}.read`;
  if (identity.kind === "workflow") {
    const grants = policy.github_actions
      .filter((rule) => workflowRuleMatchesIdentity(rule, identity) && exactConstraint(rule.actions, action))
      .map(grantOf);
    return normalizeGrants(action, grants);
  }
  if (isBootstrapAdmin(policy, identity, options.bootstrapAdmins ?? [])) return { action, grants: [EVERYTHING] };
  const grants = policy.github_humans
    .filter((rule) => humanRuleMatchesOperator(rule, identity) && exactConstraint(rule.actions, action))
    .map(grantOf);
  return normalizeGrants(action, grants);
}

/** True when the scope covers `product`/`context`. */
export function readScopeAllows(scope: ReadScope, product: string, context: string): boolean {
  return scope.grants.some(
    (grant) =>
      (grant.products === null || grant.products.includes(product)) && (grant.contexts === null || grant.contexts.includes(context)),
  );
}

/** True when the scope covers every product and context. */
export function readScopeIsUnrestricted(scope: ReadScope): boolean {
  return scope.grants.some((grant) => grant.products === null && grant.contexts === null);
}
