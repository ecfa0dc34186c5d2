import { describe, expect, it } from "vitest";
import { commitUrl, repositoryOfPullRequest, repositoryUrl, safeHttpUrl } from "@/server/trpc/views/github-links";

const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("GitHub links", () => {
  it.each([
    ["acme/web-shop", "https://github.com/acme/web-shop"],
    ["acme/web-shop.git", "https://github.com/acme/web-shop"],
    ["https://github.example.com/acme/web-shop.git", "https://github.example.com/acme/web-shop"],
    ["https://github.com/acme/web-shop/tree/main", "https://github.com/acme/web-shop"],
    ["git@github.com:acme/web-shop.git", "https://github.com/acme/web-shop"],
    ["web-shop", ""],
    ["javascript:alert(1)", ""],
    ["", ""],
  ])("repositoryUrl(%j) → %j", (repository, expected) => {
    expect(repositoryUrl(repository)).toBe(expected);
  });

  it("places bare owner/name repositories on the configured GitHub", () => {
    expect(repositoryUrl("acme/web-shop", "https://ghe.acme.example/")).toBe("https://ghe.acme.example/acme/web-shop");
  });

  it("links exact SHAs only", () => {
    expect(commitUrl("acme/web-shop", SHA)).toBe(`https://github.com/acme/web-shop/commit/${SHA}`);
    expect(commitUrl("acme/web-shop", "main")).toBe("");
    expect(commitUrl("web-shop", SHA)).toBe("");
  });

  it("finds the repository of a pull request URL", () => {
    expect(repositoryOfPullRequest("https://github.com/acme/web-shop/pull/219")).toBe("https://github.com/acme/web-shop");
    expect(repositoryOfPullRequest("not a url")).toBe("");
  });

  it("keeps http(s) URLs and drops every other scheme", () => {
    expect(safeHttpUrl(" https://pr-1.preview.example ")).toBe("https://pr-1.preview.example");
    expect(safeHttpUrl("javascript:alert(1)")).toBe("");
    expect(safeHttpUrl("data:text/html,hi")).toBe("");
  });
});
