import type { Session } from "next-auth";
import { describe, expect, it } from "vitest";
import { deriveConsoleAccess, sessionOperator } from "@/server/auth/operator-access";
import { AuthzPolicy } from "@/server/contracts/authz-policy";

function session(login: string, memberships: { organizations?: string[]; teams?: string[] } = {}, provider: "github" | "dev" = "github"): Session {
  return {
    expires: new Date(Date.now() + 3600_000).toISOString(),
    operator: { login, organizations: memberships.organizations ?? [], teams: memberships.teams ?? [], provider },
  };
}

const POLICY = AuthzPolicy.parse({
  github_humans: [
    { organizations: ["acme"], roles: ["read_only"] },
    { teams: ["acme/platform"], roles: ["admin"] },
    { logins: ["release-*"], roles: ["admin", "read_only"] },
  ],
});

const options = { bootstrapAdmins: [] as string[], devLoginEnabled: false };

describe("deriveConsoleAccess", () => {
  it("makes an operator read_only through an organization rule", () => {
    const access = deriveConsoleAccess(session("ada", { organizations: ["acme"] }), POLICY, options);
    expect(access).toMatchObject({ status: "allowed", role: "read_only", provider: "github" });
    expect(access.status === "allowed" && access.identity).toEqual({ kind: "operator", login: "ada", organizations: ["acme"], teams: [] });
  });

  it("makes an operator admin when any matching rule lists admin (team rule beats org rule)", () => {
    const access = deriveConsoleAccess(session("grace", { organizations: ["acme"], teams: ["acme/platform"] }), POLICY, options);
    expect(access).toMatchObject({ status: "allowed", role: "admin" });
  });

  it("matches logins by glob", () => {
    expect(deriveConsoleAccess(session("release-bot"), POLICY, options)).toMatchObject({ status: "allowed", role: "admin" });
  });

  it("refuses a signed-in operator no rule matches, keeping who they are for the refusal page", () => {
    const access = deriveConsoleAccess(session("mallory", { organizations: ["elsewhere"] }), POLICY, options);
    expect(access).toEqual({
      status: "refused",
      provider: "github",
      identity: { kind: "operator", login: "mallory", organizations: ["elsewhere"], teams: [] },
    });
  });

  it("treats a missing session or one without an operator as signed out", () => {
    expect(deriveConsoleAccess(null, POLICY, options)).toEqual({ status: "signed_out" });
    expect(deriveConsoleAccess({ expires: new Date().toISOString() }, POLICY, options)).toEqual({ status: "signed_out" });
  });

  it("applies a policy change to the same session without signing in again", () => {
    const same = session("ada", { organizations: ["acme"] });
    expect(deriveConsoleAccess(same, POLICY, options)).toMatchObject({ status: "allowed", role: "read_only" });
    const promoted = AuthzPolicy.parse({ github_humans: [...POLICY.github_humans, { logins: ["ada"], roles: ["admin"] }] });
    expect(deriveConsoleAccess(same, promoted, options)).toMatchObject({ status: "allowed", role: "admin" });
    const revoked = AuthzPolicy.parse({ github_humans: [{ logins: ["someone-else"], roles: ["admin"] }] });
    expect(deriveConsoleAccess(same, revoked, options)).toMatchObject({ status: "refused" });
  });

  it("honours bootstrap admins only while the policy has no github_humans rule", () => {
    const empty = AuthzPolicy.parse({});
    const withAdmins = { ...options, bootstrapAdmins: ["Founder"] };
    expect(deriveConsoleAccess(session("founder"), empty, withAdmins)).toMatchObject({ status: "allowed", role: "admin" });
    expect(deriveConsoleAccess(session("founder"), POLICY, withAdmins)).toMatchObject({ status: "refused" });
    expect(deriveConsoleAccess(session("someone"), empty, withAdmins)).toMatchObject({ status: "refused" });
  });

  it("ignores a development sign-in once the development login is turned off", () => {
    const dev = session("ada", { organizations: ["acme"] }, "dev");
    expect(deriveConsoleAccess(dev, POLICY, { ...options, devLoginEnabled: true })).toMatchObject({ status: "allowed", provider: "dev" });
    expect(deriveConsoleAccess(dev, POLICY, options)).toEqual({ status: "signed_out" });
    expect(sessionOperator(dev, false)).toBeNull();
  });
});
