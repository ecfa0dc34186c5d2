import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { apiReferenceMarkdown } from "@/server/http/api-reference";
import { v1Catalog } from "@/server/http/v1-catalog";

describe("docs/api.md", () => {
  it("is generated from the current route catalog (run `npm run docs:api` when this fails)", () => {
    const written = readFileSync(resolve(import.meta.dirname, "../../../docs/api.md"), "utf8");
    expect(written).toBe(apiReferenceMarkdown());
  });

  it("documents every route of the catalog", () => {
    const markdown = apiReferenceMarkdown();
    for (const spec of Object.values(v1Catalog)) {
      expect(markdown).toContain(`\`${spec.method.toUpperCase()} ${spec.path}\``);
    }
  });
});
