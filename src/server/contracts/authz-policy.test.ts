import { describe, expect, it } from "vitest";

import {
  AuthzPolicy,
  AuthzPolicyRecord,
  GithubActionsGrantRequest,
  GithubHumanGrantRequest,
  authzPolicySha256,
  buildAuthzPolicyRecordId,
  githubActionsGrantRule,
} from "./authz-policy";

const policyInput = {
  schema_version: 1,
  github_actions: [
    {
      repository: "every/verireel",
      workflow_refs: ["every/verireel/.github/workflows/deploy.yml@refs/heads/main"],
      event_names: ["push"],
      products: ["verireel"],
      contexts: ["verireel-testing"],
      actions: ["deployment.write"],
    },
  ],
  github_humans: [{ logins: ["cbusillo"], roles: ["admin"] }],
};

// Digest computed with Python json.dumps(policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":")).
const EXPECTED_SHA = "41608ef001ad8a39dcbb93eb7c0323a7f42b5fb7d81942a6743ede341a81e7e3";

describe("AuthzPolicy", () => {
  it("fills rule defaults and hashes like upstream", () => {
    const policy = AuthzPolicy.parse(policyInput);
    expect(policy.github_actions[0]?.job_workflow_refs).toEqual([]);
    expect(authzPolicySha256(policy)).toBe(EXPECTED_SHA);
  });

  it("rejects unknown rule fields and wrong types", () => {
    expect(AuthzPolicy.safeParse({ ...policyInput, local_admins: [] }).success).toBe(false);
    expect(
      AuthzPolicy.safeParse({ github_actions: [{ repository: "a/b", instances: ["prod"] }] }).success,
    ).toBe(false);
    expect(AuthzPolicy.safeParse({ github_humans: [{ roles: ["owner"] }] }).success).toBe(false);
    expect(AuthzPolicy.safeParse({ github_actions: [{ repository: 1 }] }).success).toBe(false);
  });
});

describe("AuthzPolicyRecord", () => {
  const base = {
    record_id: buildAuthzPolicyRecordId({ updated_at: "2026-05-07T16:00:00Z", policy_sha256: EXPECTED_SHA }),
    source: "bootstrap:policy-file",
    updated_at: "2026-05-07T16:00:00Z",
    policy: policyInput,
  };

  it("builds the upstream record id", () => {
    expect(base.record_id).toBe("launchplane-authz-policy-20260507T160000Z-41608ef001ad");
  });

  it("computes policy_sha256 when omitted and defaults status/audit", () => {
    const record = AuthzPolicyRecord.parse(base);
    expect(record.policy_sha256).toBe(EXPECTED_SHA);
    expect(record.status).toBe("active");
    expect(record.audit).toEqual({});
  });

  it("accepts a matching digest and rejects a mismatching one", () => {
    expect(AuthzPolicyRecord.safeParse({ ...base, policy_sha256: EXPECTED_SHA }).success).toBe(true);
    const result = AuthzPolicyRecord.safeParse({ ...base, policy_sha256: "0".repeat(64) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("does not match");
  });

  it("rejects unknown fields, bad status and blank source", () => {
    expect(AuthzPolicyRecord.safeParse({ ...base, revision: 1 }).success).toBe(false);
    expect(AuthzPolicyRecord.safeParse({ ...base, status: "draft" }).success).toBe(false);
    expect(AuthzPolicyRecord.safeParse({ ...base, source: "  " }).success).toBe(false);
  });
});

describe("GithubActionsGrantRequest", () => {
  const body = {
    schema_version: 1,
    product: "launchplane",
    mode: "apply",
    reason: "Deploy workflow ensuring authz grant",
    related_issue: "cbusillo/launchplane#83",
    grant: {
      repository: "cbusillo/launchplane",
      workflow_refs: ["cbusillo/launchplane/.github/workflows/deploy-launchplane.yml@refs/heads/main", " "],
      event_names: ["workflow_dispatch"],
      products: ["sellyouroutboard"],
      contexts: ["launchplane"],
      actions: [" deployment.write "],
      source_label: "",
    },
  };

  it("accepts the upstream deploy-workflow payload and normalizes lists", () => {
    const request = GithubActionsGrantRequest.parse(body);
    expect(request.grant.workflow_refs).toHaveLength(1);
    expect(request.grant.actions).toEqual(["deployment.write"]);
    expect(request.grant.source_label).toBe("service:authz-policy-grant");
    expect(githubActionsGrantRule(request.grant)).toMatchObject({ repository: "cbusillo/launchplane", refs: [] });
  });

  it("requires product launchplane, a reason on apply and at least one action", () => {
    expect(GithubActionsGrantRequest.safeParse({ ...body, product: "verireel" }).success).toBe(false);
    expect(GithubActionsGrantRequest.safeParse({ ...body, reason: " " }).success).toBe(false);
    expect(GithubActionsGrantRequest.safeParse({ ...body, mode: "dry_run", reason: "" }).success).toBe(true);
    expect(GithubActionsGrantRequest.safeParse({ ...body, grant: { ...body.grant, actions: [" "] } }).success).toBe(false);
    expect(GithubActionsGrantRequest.safeParse({ ...body, grant: { ...body.grant, actions: undefined } }).success).toBe(false);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(GithubActionsGrantRequest.safeParse({ ...body, operator: "x" }).success).toBe(false);
    expect(GithubActionsGrantRequest.safeParse({ ...body, grant: { ...body.grant, instances: ["prod"] } }).success).toBe(false);
    expect(GithubActionsGrantRequest.safeParse({ ...body, mode: "plan" }).success).toBe(false);
  });
});

describe("GithubHumanGrantRequest", () => {
  const body = {
    product: "launchplane",
    reason: "Operator access",
    grant: { organizations: ["every"], roles: ["read_only"], actions: ["product.read"] },
  };

  it("accepts a human grant", () => {
    expect(GithubHumanGrantRequest.parse(body).grant.source_label).toBe("service:authz-human-policy-grant");
  });

  it("requires a principal selector", () => {
    expect(GithubHumanGrantRequest.safeParse({ ...body, grant: { roles: ["admin"], actions: ["x.read"] } }).success).toBe(false);
  });
});
