import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/server/auth/callback-path";

describe("safeCallbackPath", () => {
  it("keeps a path on this console, with its query", () => {
    expect(safeCallbackPath("/products/ledger?tab=lanes")).toBe("/products/ledger?tab=lanes");
    expect(safeCallbackPath("/")).toBe("/");
  });

  it.each([
    ["absolute URL", "https://evil.example/"],
    ["protocol-relative URL", "//evil.example/path"],
    ["backslash trick", "/\\evil.example"],
    ["javascript URL", "javascript:alert(1)"],
    ["control character", "/products\n/x"],
    ["the sign-in page itself", "/sign-in?callbackUrl=/"],
    ["an Auth.js endpoint", "/api/auth/signout"],
    ["not a string", ["/a", "/b"]],
    ["missing", undefined],
  ])("falls back to / for %s", (_label, value) => {
    expect(safeCallbackPath(value)).toBe("/");
  });
});
