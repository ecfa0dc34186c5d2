/** `npm run docs:api`: rewrites docs/api.md from the route catalog. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { apiReferenceMarkdown } from "@/server/http/api-reference";

const target = resolve(import.meta.dirname, "..", "docs", "api.md");
writeFileSync(target, apiReferenceMarkdown());
console.log(`wrote ${target}`);
