import { describe, expect, it } from "vitest";
import { parseDevLogin } from "@/server/auth/dev-login";

describe("parseDevLogin", () => {
  it("reads a login with organizations and teams, de-duplicated and sorted", () => {
    expect(parseDevLogin({ login: " ada ", organizations: "acme, acme-labs acme", teams: "acme/platform,acme/ops" })).toEqual({
      login: "ada",
      organizations: ["acme", "acme-labs"],
      teams: ["acme/ops", "acme/platform"],
    });
  });

  it("accepts a login alone", () => {
    expect(parseDevLogin({ login: "octocat" })).toEqual({ login: "octocat", organizations: [], teams: [] });
  });

  it.each([
    ["an empty login", { login: "" }],
    ["a login with a space", { login: "two words" }],
    ["a login starting with a hyphen", { login: "-ada" }],
    ["a login longer than GitHub allows", { login: "a".repeat(40) }],
    ["a glob in the login", { login: "ad*" }],
    ["a team without its organization", { login: "ada", teams: "platform" }],
    ["an organization with a slash", { login: "ada", organizations: "acme/ops" }],
  ])("refuses %s", (_label, input) => {
    expect(parseDevLogin(input)).toBeNull();
  });
});
