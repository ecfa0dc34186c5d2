import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningServer, startNextServer } from "../../scripts/lib/next-server";
import { signIn } from "../support/dev-sign-in";
import { openFeed } from "../support/live-feed";
import { createMigratedTestDatabase, type TestDatabase, testServerUrl } from "../support/test-database";
import { tokenFor, v1 } from "../support/v1-client";
import { deploymentBody, uniqueScope } from "../support/v1-fixtures";
import { REPOS, TEST_AUDIENCE, TEST_POLICY } from "../support/v1-policy";

/**
 * Several app instances behind one load balancer: evidence a workflow posts
 * to one instance reaches an operator whose feed is open on another, through
 * PostgreSQL LISTEN/NOTIFY. (Embedded databases serve one process, so this
 * file runs on PostgreSQL only: vitest.config.ts.)
 */
const scope = uniqueScope("live-across");

let database: TestDatabase;
const instances: RunningServer[] = [];

beforeAll(async () => {
  const serverUrl = await testServerUrl();
  if (!serverUrl) throw new Error("the live feed test needs PostgreSQL");
  database = await createMigratedTestDatabase(serverUrl, "v1across");
  const policyFile = join(mkdtempSync(join(tmpdir(), "launchplane-across-policy-")), "policy.json");
  writeFileSync(policyFile, JSON.stringify({ ...TEST_POLICY, github_humans: [{ logins: ["across-admin"], roles: ["admin"] }] }));
  const env = {
    DATABASE_URL: database.url,
    LAUNCHPLANE_OIDC_ISSUER: inject("oidcIssuer"),
    LAUNCHPLANE_OIDC_AUDIENCE: TEST_AUDIENCE,
    LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
    LAUNCHPLANE_DEV_LOGIN: "1",
    AUTH_SECRET: "launchplane-across-tests-secret-0123456789",
  };
  // One after the other: the first seeds the policy, the second finds it.
  instances.push(await startNextServer(env));
  instances.push(await startNextServer(env));
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await database?.drop();
});

describe("live updates across app instances", () => {
  it("streams evidence posted to one instance on a feed open on the other", async () => {
    const [writer, reader] = instances as [RunningServer, RunningServer];
    expect(writer.url).not.toBe(reader.url);
    const feed = await openFeed(reader.url, await signIn(reader.url, "across-admin"));
    await feed.next((frame) => frame.event === "ready");

    const recordId = `${scope.product}-dep-1`;
    const posted = await v1("POST", "/v1/evidence/deployments", deploymentBody({ ...scope, recordId }), {
      baseUrl: writer.url,
      token: await tokenFor(REPOS.trusted),
    });
    expect(posted.status, posted.text).toBe(202);

    const event = await feed.next((frame) => frame.event === "record" && frame.data.id === recordId);
    expect(event.data).toEqual({ kind: "deployment", product: scope.product, id: recordId, context: scope.context, instance: "testing" });
    feed.close();
  });
});
