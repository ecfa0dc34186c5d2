import { describe, expect, it } from "vitest";

import { canonicalJson, canonicalJsonPretty } from "./canonical-json";

const sample = {
  b: [1, { z: null, a: "caf\u00e9 \u{1F680}" }],
  a: {},
  c: [],
  d: 1.5e-7,
  e: true,
  "\u00e9": 'x\n\t"q"',
  Z: [[]],
  skipped: undefined,
};

describe("canonicalJsonPretty", () => {
  it("matches Python's json.dumps(value, indent=2, sort_keys=True) byte for byte", () => {
    // Produced by CPython 3.11 from the same value (undefined left out).
    const python =
      '{\n  "Z": [\n    []\n  ],\n  "a": {},\n  "b": [\n    1,\n    {\n      "a": "caf\\u00e9 \\ud83d\\ude80",\n      "z": null\n    }\n  ],\n  "c": [],\n  "d": 1.5e-07,\n  "e": true,\n  "\\u00e9": "x\\n\\t\\"q\\""\n}';
    expect(canonicalJsonPretty(sample)).toBe(python);
  });

  it("writes scalars and empty containers without newlines, and never a trailing newline", () => {
    expect(canonicalJsonPretty("\u00fc")).toBe('"\\u00fc"');
    expect(canonicalJsonPretty({})).toBe("{}");
    expect(canonicalJsonPretty([])).toBe("[]");
    expect(canonicalJsonPretty({ a: 1 }).endsWith("\n")).toBe(false);
  });

  it("honours another indent width", () => {
    expect(canonicalJsonPretty({ a: [1] }, 4)).toBe('{\n    "a": [\n        1\n    ]\n}');
  });

  it("parses back to the compact canonical form", () => {
    expect(canonicalJson(JSON.parse(canonicalJsonPretty(sample)))).toBe(canonicalJson(sample));
  });
});
