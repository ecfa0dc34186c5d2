import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DeploymentEvidenceRequest } from "@/server/contracts/deployment";
import { createDatabase, type Database } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { type RunningServer, startNextServer } from "../../scripts/lib/next-server";
import {
  createMigratedTestDatabase,
  embeddedTestDatabases,
  NEEDS_CROSS_PROCESS_EVENTS,
  type TestDatabase,
  testServerUrl,
} from "../support/test-database";
import { tokenFor, v1 } from "../support/v1-client";
import { deploymentBody, uniqueScope } from "../support/v1-fixtures";
import { REPOS, TEST_AUDIENCE, TEST_POLICY } from "../support/v1-policy";

/**
 * The console's live feed (GET /api/events) on the real server: a signed-in
 * operator's stream receives evidence written through the services (from
 * this process, a second app instance as far as PostgreSQL knows, and
 * through /v1 on the server), only for products the operator may read.
 */
const mine = uniqueScope("live-mine");
const theirs = uniqueScope("live-theirs");
const READER = "live-reader";

let database: TestDatabase;
let server: RunningServer;
let db: Database;
const previousUrl = process.env.DATABASE_URL;

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
  // This process writes through the services too; its NOTIFYs reach the server's LISTEN.
  process.env.DATABASE_URL = database.url;
  resetEnvForTests();
  db = createDatabase(database.url, 2);
});

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await database?.drop();
  if (previousUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previousUrl;
  resetEnvForTests();
});

async function signIn(login: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const separator = pair!.indexOf("=");
      jar.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1).trim());
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${server.url}/api/auth/callback/dev`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, login, organizations: "", teams: "", callbackUrl: `${server.url}/` }),
  });
  expect(callback.status).toBe(302);
  keep(callback);
  return header();
}

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

/** An open /api/events stream, read frame by frame. */
async function openFeed(cookie: string) {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/api/events`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const frames: Frame[] = [];
  return {
    frames,
    close: () => abort.abort(),
    async next(wanted: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = frames.find(wanted);
        if (found) return found;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), remaining))]);
        if (!chunk) continue;
        if (chunk.done) throw new Error("the feed ended");
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    },
  };
}

describe("GET /api/events", () => {
  it("refuses a browser without a session (401) and an operator no rule names (403)", async () => {
    const anonymous = await fetch(`${server.url}/api/events`);
    expect(anonymous.status).toBe(401);
    const stranger = await fetch(`${server.url}/api/events`, { headers: { cookie: await signIn("live-stranger") } });
    expect(stranger.status).toBe(403);
  });

  it("streams evidence written through the services, only for products the operator may read", async ({ skip }) => {
    skip(embeddedTestDatabases(), NEEDS_CROSS_PROCESS_EVENTS);
    const feed = await openFeed(await signIn(READER));
    await feed.next((frame) => frame.event === "ready");

    const write = (scope: typeof mine, id: string) =>
      ingestDeploymentEvidence(db, DeploymentEvidenceRequest.parse(deploymentBody({ ...scope, recordId: id })));
    await write(theirs, `${theirs.product}-dep-1`);
    await write(mine, `${mine.product}-dep-1`);

    const deployment = await feed.next((frame) => frame.event === "record" && frame.data.kind === "deployment");
    expect(deployment.data).toEqual({ kind: "deployment", product: mine.product, id: `${mine.product}-dep-1`, context: mine.context, instance: "testing" });

    // Through /v1 on the server itself (the in-process publisher).
    const posted = await v1("POST", "/v1/evidence/deployments", deploymentBody({ ...mine, recordId: `${mine.product}-dep-2` }), {
      baseUrl: server.url,
      token: await tokenFor(REPOS.trusted),
    });
    expect(posted.status, posted.text).toBe(202);
    await feed.next((frame) => frame.event === "record" && frame.data.id === `${mine.product}-dep-2`);
    expect(feed.frames.filter((frame) => frame.data.product === theirs.product)).toEqual([]);
    feed.close();
  });

  it("gives an admin every product's events", async ({ skip }) => {
    skip(embeddedTestDatabases(), NEEDS_CROSS_PROCESS_EVENTS);
    const feed = await openFeed(await signIn("live-admin"));
    await feed.next((frame) => frame.event === "ready");
    await ingestDeploymentEvidence(db, DeploymentEvidenceRequest.parse(deploymentBody({ ...theirs, recordId: `${theirs.product}-dep-2` })));
    const event = await feed.next((frame) => frame.event === "record" && frame.data.kind === "deployment");
    expect(event.data).toMatchObject({ product: theirs.product, id: `${theirs.product}-dep-2` });
    feed.close();
  });
});
