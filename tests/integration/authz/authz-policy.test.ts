import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { beforeEach, describe, expect, it } from "vitest";

import { PrismaClient } from "@/generated/prisma/client";

import type { OperatorIdentity, WorkflowIdentity } from "@/server/auth/identity";
import { AuthzPolicy, authzPolicySha256, GithubActionsGrantRequest, GithubHumanGrantRequest } from "@/server/contracts/authz-policy";
import { resetEnvForTests } from "@/server/env";
import { isLaunchplaneError } from "@/server/errors";
import { authzPolicyRepository } from "@/server/repositories/authz-policy-repository";
import { inTransaction, isUniqueViolation } from "@/server/repositories/db-client";
import {
  addGithubActionsGrant,
  addGithubHumanGrant,
  AuthzPolicyFileError,
  activeAuthzPolicyRecord,
  authorizeIdentity,
  identityReadScope,
  invalidateAuthzPolicyCache,
  loadActiveAuthzPolicy,
  operatorRoleFor,
  requireAuthorization,
  seedAuthzPolicyFromFile,
} from "@/server/services/authz-policy";
import { useIsolatedTestDb } from "../../support/isolated-database";
import { workflowIdentity } from "../../support/workflow-identity";

// The active policy is global, so this file works in a database of its own.
const { db, url } = useIsolatedTestDb("authz");

const BOOTSTRAP_POLICY = {
  schema_version: 1,
  github_actions: [
    {
      repository: "every/launchplane",
      workflow_refs: ["every/launchplane/.github/workflows/*"],
      products: ["launchplane"],
      contexts: ["launchplane"],
      actions: ["authz_policy_grant.write"],
    },
  ],
};

const policyDir = mkdtempSync(join(tmpdir(), "launchplane-authz-test-"));
function policyFile(name: string, content: string): string {
  const file = join(policyDir, name);
  writeFileSync(file, content);
  return file;
}

function workflow(repository: string, overrides: Partial<WorkflowIdentity> = {}): WorkflowIdentity {
  return workflowIdentity(repository, { job_workflow_ref: "", run_id: "7", ...overrides });
}

const granter = workflow("every/launchplane");

function operator(login: string): OperatorIdentity {
  return { kind: "operator", login, organizations: [], teams: [] };
}

function grantRequest(repository: string, overrides: Record<string, unknown> = {}): GithubActionsGrantRequest {
  return GithubActionsGrantRequest.parse({
    product: "launchplane",
    reason: "onboard product",
    related_issue: "https://example.test/issues/1",
    grant: {
      repository,
      workflow_refs: [`${repository}/.github/workflows/deploy.yml@refs/heads/main`],
      products: ["verireel"],
      contexts: ["verireel-testing"],
      actions: ["deployment.write"],
    },
    ...overrides,
  });
}

async function policyRows() {
  return db().authzPolicy.findMany({ orderBy: [{ storedAt: "asc" }, { recordId: "asc" }] });
}

async function auditRows(action: string) {
  return db().auditEvent.findMany({ where: { action }, orderBy: [{ occurredAt: "asc" }, { eventId: "asc" }] });
}

async function seedBootstrap() {
  const outcome = await seedAuthzPolicyFromFile(db(), policyFile("bootstrap.json", JSON.stringify(BOOTSTRAP_POLICY)), new Date("2026-05-07T16:00:00.250Z"));
  if (outcome.outcome !== "seeded") throw new Error(`expected a seeded policy, got ${outcome.outcome}`);
  return outcome.record;
}

beforeEach(async () => {
  await db().auditEvent.deleteMany();
  await db().authzPolicy.deleteMany();
  invalidateAuthzPolicyCache();
});

describe("seeding from LAUNCHPLANE_AUTHZ_POLICY_FILE", () => {
  it("stores the file's policy as the active record when the database has none", async () => {
    const record = await seedBootstrap();
    const expectedSha = authzPolicySha256(AuthzPolicy.parse(BOOTSTRAP_POLICY));
    expect(record).toMatchObject({
      record_id: `launchplane-authz-policy-20260507T160000Z-${expectedSha.slice(0, 12)}`,
      status: "active",
      updated_at: "2026-05-07T16:00:00Z",
      policy_sha256: expectedSha,
    });
    expect(record.source).toMatch(/^bootstrap-file:.*bootstrap\.json$/);

    const rows = await policyRows();
    expect(rows.map((row) => [row.recordId, row.status, row.policySha256])).toEqual([[record.record_id, "active", expectedSha]]);
    const audit = await auditRows("authz_policy.seed");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: "system", actor: "system:authz-policy-bootstrap", targetId: record.record_id });
  });

  it("lets the database win: an active record is kept and the file is not even read", async () => {
    const seeded = await seedBootstrap();
    const other = policyFile("other.json", JSON.stringify({ github_actions: [{ repository: "someone/else" }] }));
    const again = await seedAuthzPolicyFromFile(db(), other);
    expect(again).toEqual({ outcome: "database", record: seeded });
    const missing = await seedAuthzPolicyFromFile(db(), join(policyDir, "does-not-exist.json"));
    expect(missing.outcome).toBe("database");
    expect((await policyRows()).map((row) => row.recordId)).toEqual([seeded.record_id]);
    expect(await auditRows("authz_policy.seed")).toHaveLength(1);
  });

  it("reads the upstream TOML format to the same policy and digest as JSON", async () => {
    const toml = policyFile(
      "policy.toml",
      [
        "schema_version = 1",
        "[[github_actions]]",
        'repository = "every/launchplane"',
        'workflow_refs = ["every/launchplane/.github/workflows/*"]',
        'products = ["launchplane"]',
        'contexts = ["launchplane"]',
        'actions = ["authz_policy_grant.write"]',
      ].join("\n"),
    );
    const outcome = await seedAuthzPolicyFromFile(db(), toml);
    expect(outcome.outcome).toBe("seeded");
    expect(outcome.outcome === "seeded" && outcome.record.policy_sha256).toBe(authzPolicySha256(AuthzPolicy.parse(BOOTSTRAP_POLICY)));
  });

  it("seeds on first use when start-up did not, then leaves the database in charge", async () => {
    const file = policyFile("lazy.json", JSON.stringify(BOOTSTRAP_POLICY));
    const previous = process.env.LAUNCHPLANE_AUTHZ_POLICY_FILE;
    process.env.LAUNCHPLANE_AUTHZ_POLICY_FILE = file;
    resetEnvForTests();
    // A client of its own: lazy seeding is attempted once per process and client.
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url(), max: 2 }) });
    try {
      const policy = await loadActiveAuthzPolicy(client);
      expect(policy).toEqual(AuthzPolicy.parse(BOOTSTRAP_POLICY));
      const rows = await policyRows();
      expect(rows.map((row) => row.status)).toEqual(["active"]);
      expect(rows[0]!.source).toBe(`bootstrap-file:${file}`);
    } finally {
      await client.$disconnect();
      if (previous === undefined) delete process.env.LAUNCHPLANE_AUTHZ_POLICY_FILE;
      else process.env.LAUNCHPLANE_AUTHZ_POLICY_FILE = previous;
      resetEnvForTests();
    }
  });

  it("does nothing without a file", async () => {
    expect(await seedAuthzPolicyFromFile(db(), undefined)).toEqual({ outcome: "none" });
    expect(await policyRows()).toEqual([]);
  });

  it.each([
    ["broken.json", "{ not json", /is not valid JSON/],
    ["unknown.json", JSON.stringify({ github_actions: [{ repository: "a/b", local_admins: [] }] }), /is not a valid policy/],
    ["broken.toml", "github_actions = [", /is not valid TOML/],
  ])("refuses an invalid file (%s) and writes nothing", async (name, content, message) => {
    await expect(seedAuthzPolicyFromFile(db(), policyFile(name, content))).rejects.toThrow(message);
    await expect(seedAuthzPolicyFromFile(db(), policyFile(name, content))).rejects.toBeInstanceOf(AuthzPolicyFileError);
    expect(await policyRows()).toEqual([]);
    expect(await db().auditEvent.count()).toBe(0);
  });

  it("refuses a missing file with a readable error", async () => {
    await expect(seedAuthzPolicyFromFile(db(), join(policyDir, "absent.json"))).rejects.toThrow(/cannot be read \(ENOENT\)/);
    expect(await policyRows()).toEqual([]);
  });
});

describe("POST /v1/authz-policies/github-actions/grants semantics", () => {
  it("adds a new rule as a new active record, supersedes the previous one and audits the change", async () => {
    const seeded = await seedBootstrap();
    const outcome = await addGithubActionsGrant(db(), grantRequest("every/verireel"), granter, {
      traceId: "launchplane_req_0123456789abcdef0123456789abcdef",
      now: new Date("2026-05-08T09:30:15.900Z"),
    });

    expect(outcome.result.changed).toBe(true);
    expect(outcome.result.mode).toBe("apply");
    const newId = outcome.records.authz_policy_record_id;
    expect(newId).toMatch(/^launchplane-authz-policy-20260508T093015Z-[0-9a-f]{12}$/);
    expect(outcome.result.authz_policy).toEqual({
      record_id: newId,
      status: "active",
      source: "service:authz-policy-grant",
      updated_at: "2026-05-08T09:30:15Z",
      policy_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      github_actions_rule_count: 2,
      github_humans_rule_count: 0,
    });
    expect(outcome.result.diff).toEqual({
      changed: true,
      previous_github_actions_rule_count: 1,
      new_github_actions_rule_count: 2,
      previous_github_humans_rule_count: 0,
      new_github_humans_rule_count: 0,
    });
    expect(outcome.result.audit).toMatchObject({
      previous_policy_record_id: seeded.record_id,
      previous_policy_sha256: seeded.policy_sha256,
      new_policy_record_id: newId,
      operator: { type: "github_actions", repository: "every/launchplane" },
      requested_grant_summary: { principal_type: "github_actions", repository: "every/verireel", workflow_ref_count: 1 },
    });
    // Never the policy body or the requested rule's refs.
    expect(JSON.stringify(outcome)).not.toContain("every/verireel/.github/workflows");
    expect(outcome.result.audit).not.toHaveProperty("requested_grant");

    const rows = await policyRows();
    expect(rows.map((row) => [row.recordId, row.status])).toEqual([
      [seeded.record_id, "superseded"],
      [newId, "active"],
    ]);
    expect((rows[0]!.payload as { status: string }).status).toBe("superseded");
    const active = await authzPolicyRepository(db()).findActive();
    expect(active?.policy.github_actions.map((rule) => rule.repository)).toEqual(["every/launchplane", "every/verireel"]);
    expect(active?.policy_sha256).toBe(authzPolicySha256(active!.policy));
    expect(active?.audit).toMatchObject({ reason: "onboard product", requested_grant: { repository: "every/verireel" } });

    const audit = await auditRows("authz_policy_grant.write");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorKind: "workflow",
      actor: "every/launchplane",
      product: "launchplane",
      context: "launchplane",
      targetType: "authz_policy",
      targetId: newId,
      traceId: "launchplane_req_0123456789abcdef0123456789abcdef",
    });
    expect(audit[0]!.payload).toMatchObject({
      detail: { changed: true, new_policy_record_id: newId, requested_grant: { repository: "every/verireel" } },
    });
  });

  it("writes nothing when the same rule is granted again", async () => {
    await seedBootstrap();
    const first = await addGithubActionsGrant(db(), grantRequest("every/verireel"), granter);
    const before = await policyRows();
    const again = await addGithubActionsGrant(db(), grantRequest("every/verireel"), granter);
    expect(again.result.changed).toBe(false);
    expect(again.records.authz_policy_record_id).toBe(first.records.authz_policy_record_id);
    expect(again.result.diff.new_github_actions_rule_count).toBe(2);
    expect(await policyRows()).toEqual(before);
    expect(await auditRows("authz_policy_grant.write")).toHaveLength(1);
  });

  it("treats a rule with other list order as a different rule (upstream whole-rule equality)", async () => {
    await seedBootstrap();
    await addGithubActionsGrant(db(), grantRequest("every/verireel", { grant: { repository: "every/verireel", actions: ["a.write", "b.write"] } }), granter);
    const reordered = await addGithubActionsGrant(
      db(),
      grantRequest("every/verireel", { grant: { repository: "every/verireel", actions: ["b.write", "a.write"] } }),
      granter,
    );
    expect(reordered.result.changed).toBe(true);
    expect(reordered.result.authz_policy.github_actions_rule_count).toBe(3);
  });

  it("plans without writing in dry_run mode", async () => {
    const seeded = await seedBootstrap();
    const outcome = await addGithubActionsGrant(db(), grantRequest("every/verireel", { mode: "dry_run", reason: "" }), granter);
    expect(outcome.result.changed).toBe(true);
    expect(outcome.result.mode).toBe("dry_run");
    expect(outcome.records.authz_policy_record_id).toBe(seeded.record_id);
    expect(outcome.result.diff).toMatchObject({ previous_github_actions_rule_count: 1, new_github_actions_rule_count: 2 });
    expect((await policyRows()).map((row) => [row.recordId, row.status])).toEqual([[seeded.record_id, "active"]]);
    expect(await auditRows("authz_policy_grant.write")).toHaveLength(0);
  });

  it("refuses a grant when no active policy exists, writing nothing", async () => {
    const error = await addGithubActionsGrant(db(), grantRequest("every/verireel"), granter).catch((caught: unknown) => caught);
    expect(isLaunchplaneError(error) && error.code).toBe("invalid_request");
    expect((error as Error).message).toBe("No active Launchplane authz policy record found.");
    expect(await policyRows()).toEqual([]);
    expect(await db().auditEvent.count()).toBe(0);
  });

  it("adds human rules the same way and records the operator with their role", async () => {
    await seedBootstrap();
    const request = GithubHumanGrantRequest.parse({
      product: "launchplane",
      reason: "new on-call",
      grant: { logins: ["alice"], roles: ["admin"], actions: ["promotion.write", "deployment.read"] },
    });
    const outcome = await addGithubHumanGrant(db(), request, operator("root"), { bootstrapAdmins: ["root"] });
    expect(outcome.result).toMatchObject({
      changed: true,
      authz_policy: { source: "service:authz-human-policy-grant", github_humans_rule_count: 1 },
      audit: {
        operator: { type: "github_human", login: "root", role: "admin" },
        requested_grant_summary: { principal_type: "github_human", login_count: 1, roles: ["admin"] },
      },
    });
    const audit = await auditRows("authz_policy_grant.write");
    expect(audit[0]).toMatchObject({ actorKind: "operator", actor: "root" });
    expect(audit[0]!.payload).toMatchObject({ actor: { kind: "operator", login: "root", role: "admin" } });
    expect(await operatorRoleFor(db(), operator("alice"))).toBe("admin");
  });
});

describe("one active policy", () => {
  it("refuses a second active row at the database", async () => {
    const seeded = await seedBootstrap();
    const error = await authzPolicyRepository(db())
      .insert({ ...seeded, record_id: "launchplane-authz-policy-20260509T000000Z-000000000000" })
      .catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    expect((await policyRows()).map((row) => row.recordId)).toEqual([seeded.record_id]);
  });

  it("serializes concurrent grants: every rule lands and exactly one record stays active", async () => {
    await seedBootstrap();
    const repositories = ["every/a", "every/b", "every/c", "every/d", "every/e"];
    const outcomes = await Promise.all(repositories.map((repository) => addGithubActionsGrant(db(), grantRequest(repository), granter)));
    expect(outcomes.every((outcome) => outcome.result.changed)).toBe(true);

    const rows = await policyRows();
    expect(rows.filter((row) => row.status === "active")).toHaveLength(1);
    expect(rows.filter((row) => row.status === "superseded")).toHaveLength(5);
    const active = await authzPolicyRepository(db()).findActive();
    expect(active?.policy.github_actions.map((rule) => rule.repository).sort()).toEqual([...repositories, "every/launchplane"]);
    expect(await auditRows("authz_policy_grant.write")).toHaveLength(5);
  });
});

describe("the active policy on the hot path", () => {
  it("serves a cached copy briefly and sees local writes at once", async () => {
    const seeded = await seedBootstrap();
    expect((await activeAuthzPolicyRecord(db()))?.record_id).toBe(seeded.record_id);

    // A change written behind the service's back (another instance) is not seen while cached.
    const replacement = { ...seeded, record_id: "launchplane-authz-policy-20260510T000000Z-aaaaaaaaaaaa" };
    await inTransaction(db(), async (tx) => {
      await authzPolicyRepository(tx).supersede(seeded.record_id);
      await authzPolicyRepository(tx).insert(replacement);
    });
    expect((await activeAuthzPolicyRecord(db()))?.record_id).toBe(seeded.record_id);
    invalidateAuthzPolicyCache();
    expect((await activeAuthzPolicyRecord(db()))?.record_id).toBe(replacement.record_id);

    // A grant through the service is visible to the very next authorization.
    const identity = workflow("every/verireel");
    expect((await authorizeIdentity(db(), identity, "deployment.write", "verireel", "verireel-testing")).allowed).toBe(false);
    await addGithubActionsGrant(db(), grantRequest("every/verireel"), granter);
    expect((await authorizeIdentity(db(), identity, "deployment.write", "verireel", "verireel-testing")).allowed).toBe(true);
  });

  it("refuses everything but bootstrap admins while no policy is stored", async () => {
    expect(await loadActiveAuthzPolicy(db())).toEqual({ schema_version: 1, github_actions: [], github_humans: [] });
    const denied = await requireAuthorization(db(), granter, "authz_policy_grant.write", "launchplane", "launchplane").catch(
      (caught: unknown) => caught,
    );
    expect(isLaunchplaneError(denied) && denied.code).toBe("authorization_denied");
    expect((denied as Error).message).toContain("No github_actions rule allows workflow every/launchplane");
    const root = await authorizeIdentity(db(), operator("root"), "authz_policy_grant.write", "launchplane", "launchplane", {
      bootstrapAdmins: ["root"],
    });
    expect(root).toMatchObject({ allowed: true, role: "admin" });
  });

  it("drops bootstrap admins once a github_humans rule exists", async () => {
    await seedBootstrap();
    expect(await operatorRoleFor(db(), operator("root"), { bootstrapAdmins: ["root"] })).toBe("admin");
    await addGithubHumanGrant(
      db(),
      GithubHumanGrantRequest.parse({ product: "launchplane", reason: "first human", grant: { logins: ["alice"], roles: ["read_only"], actions: ["deployment.read"] } }),
      operator("root"),
      { bootstrapAdmins: ["root"] },
    );
    expect(await operatorRoleFor(db(), operator("root"), { bootstrapAdmins: ["root"] })).toBeNull();
    expect(await operatorRoleFor(db(), operator("alice"), { bootstrapAdmins: ["root"] })).toBe("read_only");
    const scope = await identityReadScope(db(), operator("alice"), "deployment", { bootstrapAdmins: ["root"] });
    expect(scope.grants).toEqual([{ products: null, contexts: null }]);
  });
});
