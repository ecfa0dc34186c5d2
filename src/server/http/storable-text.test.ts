import { describe, expect, it } from "vitest";
import { isPlainParameter, isStorableText } from "./storable-text";

describe("isStorableText", () => {
  it("accepts ordinary and astral text", () => {
    expect(isStorableText("deployment-1 é 🚀")).toBe(true);
    expect(isStorableText("line\nbreak\ttab")).toBe(true);
  });

  it("refuses NUL and unpaired surrogates", () => {
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("a\ud800")).toBe(false);
    expect(isStorableText("\udc00a")).toBe(false);
  });
});

describe("isPlainParameter", () => {
  it("refuses every control character, not only NUL", () => {
    expect(isPlainParameter("deployment-1")).toBe(true);
    expect(isPlainParameter("a b/c:d")).toBe(true);
    for (const control of ["\u0000", "\u0001", "\n", "\u001b", "\u007f"]) expect(isPlainParameter(`a${control}b`)).toBe(false);
  });
});
