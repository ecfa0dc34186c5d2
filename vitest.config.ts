import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { chooseTestDatabase } from "./tests/support/test-database";

const alias = { "@": fileURLToPath(new URL("./src", import.meta.url)) };
const shared = {
  server: { deps: { inline: ["next-auth"] } },
  testTimeout: 30_000,
  hookTimeout: 180_000,
};

/**
 * Two projects share one run: `unit` (contracts, services, repositories and
 * read models against a fresh PostgreSQL database) and `v1` (the HTTP
 * surface against a real `next start` server, a local OIDC issuer and its
 * own database). Each test file creates its own products; unit files run in
 * parallel on one database, v1 files one after another.
 *
 * Without PostgreSQL the run falls back to embedded databases (DECISIONS 19,
 * tests/support/test-database.ts), which serve one connection at a time:
 * unit files then run one after another too.
 */
export default defineConfig(async () => {
  const embedded = await chooseTestDatabase();
  return {
    resolve: { alias },
    test: {
      projects: [
        {
          resolve: { alias },
          test: {
            ...shared,
            name: "unit",
            include: ["src/**/*.test.ts", "tests/integration/**/*.test.ts", "scripts/**/*.test.ts"],
            fileParallelism: !embedded,
            globalSetup: ["tests/global-setup.ts"],
          },
        },
        {
          resolve: { alias },
          test: {
            ...shared,
            name: "v1",
            include: ["tests/v1/**/*.test.ts"],
            // One file at a time: refusal tests prove that nothing was written by
            // comparing row counts of every table of the shared server's database.
            fileParallelism: false,
            globalSetup: ["tests/v1-global-setup.ts"],
          },
        },
      ],
    },
  };
});
