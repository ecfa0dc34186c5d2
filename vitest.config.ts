import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/** Whether something accepts connections on 127.0.0.1:5432 (the machine's PostgreSQL). */
function localPostgresListens(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: 5432 });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

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
  const embedded = process.env.LAUNCHPLANE_TEST_DATABASE === "embedded" || (!process.env.TEST_DATABASE_URL && !(await localPostgresListens()));
  // The global setups prepare the embedded databases (chooseTestDatabase) before any worker starts.
  if (embedded) process.env.LAUNCHPLANE_TEST_DATABASE = "embedded";
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
            // Live updates cross app instances only through PostgreSQL LISTEN/NOTIFY.
            exclude: [...configDefaults.exclude, ...(embedded ? ["tests/v1/console-live-events-across-instances.test.ts"] : [])],
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
