import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningServer, startNextServer } from "../../scripts/lib/next-server";
import { createMigratedTestDatabase, type TestDatabase, testServerUrl } from "../support/test-database";
import { signIn } from "../support/dev-sign-in";
import { openFeed } from "../support/live-feed";
import { tokenFor, v1 } from "../support/v1-client";
import { deploymentBody, uniqueScope } from "../support/v1-fixtures";
import { REPOS, TEST_AUDIENCE, TEST_POLICY } from "../support/v1-policy";

/**
 * The console's live feed (GET /api/events) on the real server: a signed-in
 * operator's stream receives evidence a workflow posts through /v1 (written
 * inside the server, so the update reaches the feed on PostgreSQL and on the
 * embedded database alike), only for products the operator may read.
 */
const mine = uniqueScope("live-mine");
const theirs = uniqueScope("live-theirs");
const READER = "live-reader";

let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  const serverUrl = await testServerUrl();
  if (!serverUrl) throw new Error("the live feed test needs PostgreSQL");
  database = await createMigratedTestDatabase(serverUrl, "v1live");
  const policyFile = join(mkdtempSync(join(tmpdir(), "launchplane-live-policy-")), "policy.json");
  const humans = [
    { logins: ["live-admin"], roles: ["admin"] },
    { logins: [READER], roles: ["read_only"], products: [mine.product], actions: ["product.read"] },
  ];
  writeFileSync(policyFile, JSON.stringify({ ...TEST_POLICY, github_humans: humans }));
  server = await startNextServer({
    DATABASE_URL: database.url,
    LAUNCHPLANE_OIDC_ISSUER: inject("oidcIssuer"),
    LAUNCHPLANE_OIDC_AUDIENCE: TEST_AUDIENCE,
    LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
    LAUNCHPLANE_DEV_LOGIN: "1",
    AUTH_SECRET: "launchplane-live-tests-secret-0123456789",
  });
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** Posts a deployment of `scope` through /v1 on this file's server, as a trusted workflow. */
async function postDeployment(scope: typeof mine, recordId: string) {
  const posted = await v1("POST", "/v1/evidence/deployments", deploymentBody({ ...scope, recordId }), {
    baseUrl: server.url,
    token: await tokenFor(REPOS.trusted),
  });
  expect(posted.status, posted.text).toBe(202);
}

describe("GET /api/events", () => {
  it("refuses a browser without a session (401) and an operator no rule names (403)", async () => {
    const anonymous = await fetch(`${server.url}/api/events`);
    expect(anonymous.status).toBe(401);
    const stranger = await fetch(`${server.url}/api/events`, { headers: { cookie: await signIn(server.url, "live-stranger") } });
    expect(stranger.status).toBe(403);
  });

  it("streams evidence posted through /v1, only for products the operator may read", async () => {
    const feed = await openFeed(server.url, await signIn(server.url, READER));
    await feed.next((frame) => frame.event === "ready");

    await postDeployment(theirs, `${theirs.product}-dep-1`);
    await postDeployment(mine, `${mine.product}-dep-1`);

    const deployment = await feed.next((frame) => frame.event === "record" && frame.data.kind === "deployment");
    expect(deployment.data).toEqual({ kind: "deployment", product: mine.product, id: `${mine.product}-dep-1`, context: mine.context, instance: "testing" });

    // A later event of the readable product arrives too, and still nothing of the other one.
    await postDeployment(mine, `${mine.product}-dep-2`);
    await feed.next((frame) => frame.event === "record" && frame.data.id === `${mine.product}-dep-2`);
    expect(feed.frames.filter((frame) => frame.data.product === theirs.product)).toEqual([]);
    feed.close();
  });

  it("gives an admin every product's events", async () => {
    const feed = await openFeed(server.url, await signIn(server.url, "live-admin"));
    await feed.next((frame) => frame.event === "ready");
    await postDeployment(theirs, `${theirs.product}-dep-2`);
    const event = await feed.next((frame) => frame.event === "record" && frame.data.kind === "deployment");
    expect(event.data).toMatchObject({ product: theirs.product, id: `${theirs.product}-dep-2` });
    feed.close();
  });
});
