import { describe, expect, it } from "vitest";

import { globMatches } from "./glob-pattern";

// [pattern, value, expected]; every expected value was computed with CPython 3.11
// `fnmatch.fnmatchcase(value, pattern)`, the matcher the upstream policy uses.
const FNMATCHCASE: Array<[string, string, boolean]> = [
  ["owner/repo/.github/workflows/*.yml@refs/heads/main", "owner/repo/.github/workflows/deploy.yml@refs/heads/main", true],
  ["owner/repo/.github/workflows/*", "owner/repo/.github/workflows/deploy.yml@refs/heads/main", true],
  ["owner/*@refs/heads/main", "owner/repo/.github/workflows/deploy.yml@refs/heads/main", true],
  ["*", "", true],
  ["*", "a/b", true],
  ["*", ".hidden", true],
  ["a/*", "a/.b", true],
  ["?", "/", true],
  ["a?b", "a/b", true],
  ["a?b", "a.b", true],
  ["[!abc]x", "/x", true],
  ["[!abc]x", "ax", false],
  ["[^abc]x", "^x", true],
  ["[^abc]x", "dx", false],
  ["[a-c]x", "bx", true],
  ["[]]x", "]x", true],
  ["[!]]x", "ax", true],
  ["{a,b}", "a", false],
  ["{a,b}", "{a,b}", true],
  ["a\\*", "a\\bc", true],
  ["a\\*", "a*", false],
  ["@(a)", "a", false],
  ["@(a)", "@(a)", true],
  ["+(a)", "+(a)", true],
  ["!a", "b", false],
  ["!a", "!a", true],
  ["**", "a/b/c", true],
  ["a/**/b", "a/b", false],
  ["a/**/b", "a/x/y/b", true],
  ["[*]", "*", true],
  ["[", "[", true],
  ["a[", "a[", true],
  ["a]", "a]", true],
  ["ABC", "abc", false],
  ["a.b", "axb", false],
  ["a+b", "a+b", true],
  ["a+b", "aab", false],
  ["a$b", "a$b", true],
  ["(a|b)", "(a|b)", true],
  ["(a|b)", "a", false],
  ["a/", "a", false],
  ["a", "a/", false],
  ["*", "a/", true],
  ["./a", "a", false],
  ["a", "./a", false],
  ["org/*", "org/team", true],
  ["org/team-?", "org/team-1", true],
  ["[[:alpha:]]", "a", false],
  ["[[:alpha:]]", ":]", true],
  ["a*b", "a\nb", true],
  ["*", "line1\nline2", true],
  ["?*", "x", true],
  ["a//b", "a/b", false],
  ["a/b", "a//b", false],
  ["[a-]", "-", true],
  ["[z-a]", "m", false],
  ["*.yml", "x.yml", true],
  ["~", "~", true],
  ["#a", "#a", true],
  ["a|b", "a|b", true],
  ["a|b", "a", false],  ["[a-c-e]", "-", true],
  ["[a-c-e]", "d", false],
  ["[a-b-c]", "-", true],
  ["[!a-0]", "x", true],
  ["[z-a]x", "mx", false],
  ["[\u00e9]", "\u00e9", true],
  ["?", "\u{1F600}", true],
  ["[\u{1F600}-\u{1F64F}]", "\u{1F610}", true],
];

describe("globMatches (fnmatchcase semantics)", () => {
  it.each(FNMATCHCASE)("%j against %j is %s", (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });

  it("lets * cross / and @ in workflow refs", () => {
    const ref = "every/verireel/.github/workflows/deploy.yml@refs/heads/main";
    expect(globMatches("every/verireel/*", ref)).toBe(true);
    expect(globMatches("every/*@refs/heads/main", ref)).toBe(true);
    expect(globMatches("every/verireel/*@refs/heads/release", ref)).toBe(false);
  });

  it("is case-sensitive and anchored", () => {
    expect(globMatches("Every/*", "every/x")).toBe(false);
    expect(globMatches("every", "every/x")).toBe(false);
    expect(globMatches("x", "every/x")).toBe(false);
  });

  it("stays fast on patterns that make backtracking regexes explode", () => {
    const value = "a".repeat(20_000);
    expect(globMatches("*a*a*a*a*a*a*a*b", value)).toBe(false);
    expect(globMatches("*a*a*a*a*a*a*a*a", value)).toBe(true);
  });
});
