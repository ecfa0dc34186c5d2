import { describe, expect, it } from "vitest";

import { AuthzPolicy } from "@/server/contracts/authz-policy";

import {
  authorize,
  isReadAction,
  operatorRole,
  readScope,
  readScopeAllows,
  readScopeIsUnrestricted,
} from "./authorize";
import type { OperatorIdentity, WorkflowIdentity } from "./identity";

function workflow(overrides: Partial<WorkflowIdentity> = {}): WorkflowIdentity {
  return {
    kind: "workflow",
    repository: "every/verireel",
    repository_owner: "every",
    workflow_ref: "every/verireel/.github/workflows/deploy.yml@refs/heads/main",
    job_workflow_ref: "every/shared/.github/workflows/release.yml@refs/heads/main",
    ref: "refs/heads/main",
    ref_type: "branch",
    event_name: "push",
    environment: "testing",
    sub: "repo:every/verireel:ref:refs/heads/main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    run_id: "42",
    ...overrides,
  };
}

function operator(login: string, organizations: string[] = [], teams: string[] = []): OperatorIdentity {
  return { kind: "operator", login, organizations, teams };
}

const policy = (input: unknown) => AuthzPolicy.parse(input);

const allowed = (p: AuthzPolicy, identity: WorkflowIdentity | OperatorIdentity, action: string, product = "verireel", context = "verireel-testing") =>
  authorize(p, identity, action, product, context).allowed;

describe("authorize: github_actions rules", () => {
  it("allows when every constrained claim matches and reports the rule", () => {
    const p = policy({
      github_actions: [
        { repository: "other/repo", actions: ["deployment.write"] },
        {
          repository: "every/verireel",
          workflow_refs: ["every/verireel/.github/workflows/*"],
          job_workflow_refs: ["every/shared/.github/workflows/release.yml@refs/heads/*"],
          event_names: ["push", "workflow_dispatch"],
          refs: ["refs/heads/main"],
          environments: ["testing"],
          products: ["verireel"],
          contexts: ["verireel-testing"],
          actions: ["deployment.write"],
        },
      ],
    });
    const decision = authorize(p, workflow(), "deployment.write", "verireel", "verireel-testing");
    expect(decision).toMatchObject({ allowed: true, matchedRule: { family: "github_actions", index: 1 } });
    expect(decision.reason).toContain("github_actions rule 1");
  });

  it("treats every empty list as no constraint", () => {
    const p = policy({ github_actions: [{ repository: "every/verireel" }] });
    expect(allowed(p, workflow(), "anything.write", "any-product", "any-context")).toBe(true);
    expect(allowed(p, workflow({ event_name: "pull_request", ref: "refs/pull/1/merge", environment: "" }), "x.read")).toBe(true);
  });

  it("compares the repository exactly (case-sensitive, no glob), trimming the rule value", () => {
    expect(allowed(policy({ github_actions: [{ repository: " every/verireel " }] }), workflow(), "deployment.write")).toBe(true);
    expect(allowed(policy({ github_actions: [{ repository: "Every/verireel" }] }), workflow(), "deployment.write")).toBe(false);
    expect(allowed(policy({ github_actions: [{ repository: "every/*" }] }), workflow(), "deployment.write")).toBe(false);
  });

  it("globs workflow_refs and job_workflow_refs with fnmatch semantics", () => {
    const rule = (workflow_refs: string[], job_workflow_refs: string[] = []) =>
      policy({ github_actions: [{ repository: "every/verireel", workflow_refs, job_workflow_refs }] });
    expect(allowed(rule(["every/*"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule(["*@refs/heads/main"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule(["*@refs/heads/mai?"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule(["*@refs/heads/[!m]*"]), workflow(), "a.write")).toBe(false);
    expect(allowed(rule(["*@refs/heads/release"]), workflow(), "a.write")).toBe(false);
    expect(allowed(rule(["EVERY/*"]), workflow(), "a.write")).toBe(false);
    // Any pattern in the list may match.
    expect(allowed(rule(["nope", "every/verireel/.github/workflows/deploy.yml@refs/heads/main"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule([], ["every/shared/*"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule([], ["every/verireel/*"]), workflow(), "a.write")).toBe(false);
  });

  it("matches an empty job_workflow_ref only with a pattern that accepts the empty string", () => {
    const identity = workflow({ job_workflow_ref: "" });
    const rule = (patterns: string[]) => policy({ github_actions: [{ repository: "every/verireel", job_workflow_refs: patterns }] });
    expect(allowed(rule(["every/*"]), identity, "a.write")).toBe(false);
    expect(allowed(rule(["*"]), identity, "a.write")).toBe(true);
  });

  it("requires exact membership for event_names, refs and environments", () => {
    const rule = (field: string, values: string[]) => policy({ github_actions: [{ repository: "every/verireel", [field]: values }] });
    expect(allowed(rule("event_names", ["push"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule("event_names", ["pull_request"]), workflow(), "a.write")).toBe(false);
    expect(allowed(rule("event_names", ["pu*"]), workflow(), "a.write")).toBe(false);
    expect(allowed(rule("refs", ["refs/heads/main"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule("refs", ["refs/heads/*"]), workflow(), "a.write")).toBe(false);
    expect(allowed(rule("environments", ["testing", "prod"]), workflow(), "a.write")).toBe(true);
    expect(allowed(rule("environments", ["prod"]), workflow(), "a.write")).toBe(false);
    expect(allowed(rule("environments", ["prod"]), workflow({ environment: "" }), "a.write")).toBe(false);
  });

  it("requires exact membership for products, contexts and actions", () => {
    const p = policy({
      github_actions: [
        { repository: "every/verireel", products: ["verireel"], contexts: ["verireel-testing"], actions: ["deployment.write"] },
      ],
    });
    expect(allowed(p, workflow(), "deployment.write", "verireel", "verireel-testing")).toBe(true);
    expect(allowed(p, workflow(), "promotion.write", "verireel", "verireel-testing")).toBe(false);
    expect(allowed(p, workflow(), "deployment.write", "other", "verireel-testing")).toBe(false);
    expect(allowed(p, workflow(), "deployment.write", "verireel", "verireel-prod")).toBe(false);
    const globbed = policy({ github_actions: [{ repository: "every/verireel", products: ["veri*"], contexts: ["*"], actions: ["*"] }] });
    expect(allowed(globbed, workflow(), "deployment.write", "verireel", "verireel-testing")).toBe(false);
  });

  it("denies with no rules, and names the request in the reason", () => {
    const decision = authorize(policy({}), workflow(), "deployment.write", "verireel", "verireel-testing");
    expect(decision.allowed).toBe(false);
    expect(decision.matchedRule).toBeUndefined();
    expect(decision.reason).toBe(
      "No github_actions rule allows workflow every/verireel (every/verireel/.github/workflows/deploy.yml@refs/heads/main) to perform deployment.write on product 'verireel' context 'verireel-testing'.",
    );
  });

  it("never lets human rules answer for workflows", () => {
    const p = policy({ github_humans: [{ logins: ["*"], roles: ["admin"] }] });
    expect(allowed(p, workflow(), "deployment.write")).toBe(false);
  });

  it("refuses a blank action", () => {
    expect(authorize(policy({ github_actions: [{ repository: "every/verireel" }] }), workflow(), " ", "p", "c").allowed).toBe(false);
  });
});

describe("operatorRole (DECISIONS 12)", () => {
  const p = policy({
    github_humans: [
      { logins: ["alice"], roles: ["admin"] },
      { logins: ["alice", "bob"], roles: ["read_only"] },
      { organizations: ["every-*"], roles: ["read_only"] },
      { teams: ["every/release-*"], roles: ["admin", "read_only"] },
      { logins: ["carol"] },
    ],
  });

  it("is admin when any matching rule lists admin", () => {
    expect(operatorRole(p, operator("alice"))).toBe("admin");
    expect(operatorRole(p, operator("zed", [], ["every/release-managers"]))).toBe("admin");
  });

  it("is read_only when only rules without admin match", () => {
    expect(operatorRole(p, operator("bob"))).toBe("read_only");
    expect(operatorRole(p, operator("dave", ["every-labs"]))).toBe("read_only");
    // A rule with no roles grants read_only here (upstream treated it as admin).
    expect(operatorRole(p, operator("carol"))).toBe("read_only");
  });

  it("is refused when no rule matches", () => {
    expect(operatorRole(p, operator("mallory", ["evil-corp"], ["evil-corp/admins"]))).toBeNull();
    expect(operatorRole(p, operator("Alice"))).toBeNull();
  });

  it("requires every principal list of a rule to match (AND), any value of a list (OR)", () => {
    const strict = policy({ github_humans: [{ logins: ["alice"], organizations: ["every"], teams: ["every/ops"], roles: ["admin"] }] });
    expect(operatorRole(strict, operator("alice", ["other", "every"], ["every/dev", "every/ops"]))).toBe("admin");
    expect(operatorRole(strict, operator("alice", ["every"], ["every/dev"]))).toBeNull();
    expect(operatorRole(strict, operator("alice", [], ["every/ops"]))).toBeNull();
  });

  it("never matches a human rule that names no login, organization or team", () => {
    expect(operatorRole(policy({ github_humans: [{ roles: ["admin"] }] }), operator("anyone"))).toBeNull();
  });

  it("honours bootstrap admins only while the policy has no github_humans rule", () => {
    const noHumans = policy({ github_actions: [{ repository: "every/verireel" }] });
    expect(operatorRole(noHumans, operator("root"), ["root"])).toBe("admin");
    expect(operatorRole(noHumans, operator("ROOT"), [" root "])).toBe("admin");
    expect(operatorRole(noHumans, operator("someone"), ["root"])).toBeNull();
    const withHumans = policy({ github_humans: [{ logins: ["alice"], roles: ["read_only"] }] });
    expect(operatorRole(withHumans, operator("root"), ["root"])).toBeNull();
    expect(operatorRole(withHumans, operator("alice"), ["alice"])).toBe("read_only");
  });
});

describe("authorize: operators", () => {
  const p = policy({
    github_humans: [
      { logins: ["alice"], roles: ["admin"], products: ["verireel"] },
      { logins: ["alice"], roles: ["read_only"], products: ["sellyouroutboard"] },
      { logins: ["bob"], roles: ["read_only"] },
      { logins: ["erin"], roles: ["admin"], contexts: ["verireel-testing"], actions: ["deployment.read", "promotion.write"] },
    ],
  });

  it("lets an admin act within the products/contexts/actions of rules listing admin", () => {
    const decision = authorize(p, operator("alice"), "promotion.write", "verireel", "verireel-prod");
    expect(decision).toMatchObject({ allowed: true, role: "admin", matchedRule: { family: "github_humans", index: 0 } });
    expect(allowed(p, operator("alice"), "promotion.write", "other", "other-prod")).toBe(false);
  });

  it("lets a rule without admin grant reads only, even to an admin", () => {
    expect(allowed(p, operator("alice"), "deployment.read", "sellyouroutboard", "syo-prod")).toBe(true);
    const decision = authorize(p, operator("alice"), "deployment.write", "sellyouroutboard", "syo-prod");
    expect(decision).toMatchObject({ allowed: false, role: "admin" });
    expect(decision.reason).toContain("No github_humans rule allows operator alice");
  });

  it("limits read_only operators to .read actions", () => {
    expect(allowed(p, operator("bob"), "deployment.read", "anything", "anything")).toBe(true);
    const decision = authorize(p, operator("bob"), "deployment.write", "verireel", "verireel-testing");
    expect(decision).toMatchObject({ allowed: false, role: "read_only" });
    expect(decision.reason).toBe("operator bob is read_only and may not perform deployment.write on product 'verireel' context 'verireel-testing'.");
    expect(allowed(p, operator("bob"), "deployment.reader", "x", "y")).toBe(false);
  });

  it("applies contexts and actions constraints exactly", () => {
    expect(allowed(p, operator("erin"), "promotion.write", "verireel", "verireel-testing")).toBe(true);
    expect(allowed(p, operator("erin"), "promotion.write", "verireel", "verireel-prod")).toBe(false);
    expect(allowed(p, operator("erin"), "deployment.write", "verireel", "verireel-testing")).toBe(false);
    expect(allowed(p, operator("erin"), "deployment.read", "verireel", "verireel-testing")).toBe(true);
  });

  it("refuses operators no rule names", () => {
    const decision = authorize(p, operator("mallory"), "deployment.read", "verireel", "verireel-testing");
    expect(decision).toEqual({ allowed: false, reason: "No github_humans rule names operator mallory." });
  });

  it("never lets workflow rules answer for operators", () => {
    const actionsOnly = policy({ github_actions: [{ repository: "alice" }] });
    expect(allowed(actionsOnly, operator("alice"), "deployment.read")).toBe(false);
  });

  it("treats bootstrap admins as admins of everything only while no github_humans rule exists", () => {
    const noHumans = policy({});
    const decision = authorize(noHumans, operator("root"), "authz_policy_grant.write", "launchplane", "launchplane", {
      bootstrapAdmins: ["root"],
    });
    expect(decision).toMatchObject({ allowed: true, role: "admin" });
    expect(decision.reason).toContain("bootstrap admin");
    expect(authorize(noHumans, operator("root"), "deployment.read", "p", "c").allowed).toBe(false);
    expect(authorize(p, operator("root"), "deployment.read", "p", "c", { bootstrapAdmins: ["root"] }).allowed).toBe(false);
  });
});

describe("read scopes", () => {
  it("isReadAction recognises <family>.read", () => {
    expect(isReadAction("deployment.read")).toBe(true);
    expect(isReadAction("deployment.write")).toBe(false);
    expect(isReadAction("read")).toBe(false);
  });

  it("keeps each rule's product/context pairing for workflows", () => {
    const p = policy({
      github_actions: [
        { repository: "every/verireel", products: ["verireel"], contexts: ["verireel-testing"], actions: ["deployment.read"] },
        { repository: "every/verireel", products: ["syo"], actions: ["deployment.read", "deployment.write"] },
        { repository: "every/verireel", products: ["hidden"], actions: ["deployment.write"] },
        { repository: "other/repo", actions: ["deployment.read"] },
      ],
    });
    const scope = readScope(p, workflow(), "deployment");
    expect(scope).toEqual({
      action: "deployment.read",
      grants: [
        { products: ["verireel"], contexts: ["verireel-testing"] },
        { products: ["syo"], contexts: null },
      ],
    });
    expect(readScopeAllows(scope, "verireel", "verireel-testing")).toBe(true);
    expect(readScopeAllows(scope, "verireel", "verireel-prod")).toBe(false);
    expect(readScopeAllows(scope, "syo", "anything")).toBe(true);
    expect(readScopeAllows(scope, "hidden", "anything")).toBe(false);
    expect(readScopeIsUnrestricted(scope)).toBe(false);
  });

  it("agrees with authorize for every product/context pair", () => {
    const p = policy({
      github_humans: [
        { logins: ["alice"], roles: ["read_only"], products: ["a"], contexts: ["a-1"] },
        { logins: ["alice"], roles: ["admin"], products: ["b"], actions: ["deployment.write"] },
        { logins: ["alice"], roles: ["admin"], contexts: ["c-1"] },
      ],
    });
    const identity = operator("alice");
    const scope = readScope(p, identity, "deployment");
    for (const product of ["a", "b", "c"]) {
      for (const context of ["a-1", "b-1", "c-1"]) {
        expect(readScopeAllows(scope, product, context)).toBe(authorize(p, identity, "deployment.read", product, context).allowed);
      }
    }
  });

  it("collapses to everything when a rule has no product or context constraint", () => {
    const p = policy({ github_humans: [{ logins: ["bob"], roles: ["read_only"] }, { logins: ["bob"], products: ["x"] }] });
    const scope = readScope(p, operator("bob"), "promotion");
    expect(scope.grants).toEqual([{ products: null, contexts: null }]);
    expect(readScopeIsUnrestricted(scope)).toBe(true);
  });

  it("is empty for unknown operators and everything for bootstrap admins", () => {
    expect(readScope(policy({}), operator("nobody"), "deployment").grants).toEqual([]);
    expect(readScope(policy({}), operator("root"), "deployment", { bootstrapAdmins: ["root"] }).grants).toEqual([
      { products: null, contexts: null },
    ]);
  });
});
