import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDeploy } from "../../scripts/lib/database-tools";
import { type RunningServer, startNextServer } from "../../scripts/lib/next-server";
import { createDatabase, type Database } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { GITHUB_SECRET_INTEGRATION, GITHUB_TOKEN_BINDING_KEY } from "@/server/services/github-token";
import { writeManagedSecret } from "@/server/services/managed-secrets";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github";
import { createTestDatabase, type TestDatabase, testServerUrl } from "../support/test-database";
import { tokenFor } from "../support/v1-client";
import { REPOS, TEST_POLICY } from "../support/v1-policy";

/**
 * The two preview routes that talk to GitHub, end to end: a server of this
 * file's own (the shared one does not know the fake GitHub), its own
 * database, and a GitHub token stored as a managed secret under a master key
 * both sides share.
 */

const REFRESHER = "launchplane-tests/preview-refresher";
const DISCOVERER = "launchplane-tests/upstream-discoverer";
const onlyActions = (repository: string, actions: string[]) => ({
  repository,
  workflow_refs: [],
  job_workflow_refs: [],
  event_names: [],
  refs: [],
  environments: [],
  products: [],
  contexts: [],
  actions,
});

const masterKey = randomBytes(32).toString("base64");
const githubToken = `ghs_${randomBytes(20).toString("hex")}`;
const product = `gh-v1-${randomBytes(4).toString("hex")}`;
const context = `${product}-testing`;
const repository = `every/${product}`;
const PR = 12;

let github: FakeGitHub;
let database: TestDatabase;
let server: RunningServer;
let client: Database;
let policyDir: string;
const previousKey = process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;

beforeAll(async () => {
  github = await startFakeGitHub();
  const serverUrl = await testServerUrl();
  if (!serverUrl) throw new Error("these tests need PostgreSQL");
  database = await createTestDatabase(serverUrl, "v1gh");
  await migrateDeploy(database.url);

  policyDir = mkdtempSync(join(tmpdir(), "launchplane-gh-policy-"));
  const policyFile = join(policyDir, "policy.json");
  const policy = {
    ...TEST_POLICY,
    github_actions: [
      ...TEST_POLICY.github_actions,
      onlyActions(REFRESHER, ["preview_refresh.execute"]),
      onlyActions(DISCOVERER, ["preview_desired_state.discover"]),
    ],
  };
  writeFileSync(policyFile, JSON.stringify(policy));

  process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = masterKey;
  resetEnvForTests();
  client = createDatabase(database.url, 2);
  await writeManagedSecret(client, {
    scope: "context",
    integration: GITHUB_SECRET_INTEGRATION,
    name: "preview-bot",
    context,
    plaintext: githubToken,
    binding_key: GITHUB_TOKEN_BINDING_KEY,
    actor: "operator:test",
  });

  server = await startNextServer({
    DATABASE_URL: database.url,
    LAUNCHPLANE_OIDC_ISSUER: inject("oidcIssuer"),
    LAUNCHPLANE_OIDC_AUDIENCE: inject("oidcAudience"),
    LAUNCHPLANE_AUTHZ_POLICY_FILE: policyFile,
    LAUNCHPLANE_GITHUB_API_URL: github.url,
    LAUNCHPLANE_MASTER_ENCRYPTION_KEY: masterKey,
    AUTH_SECRET: "launchplane-tests-auth-secret-0123456789",
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await client?.$disconnect();
  await github?.close();
  await database?.drop();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
  if (previousKey === undefined) delete process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
  else process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = previousKey;
  resetEnvForTests();
});

interface Answer {
  status: number;
  body: Record<string, unknown> & { records?: Record<string, string>; result?: Record<string, unknown>; error?: { code: string } };
}

async function post(path: string, body: unknown, caller: string = REPOS.trusted, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await tokenFor(caller)}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const feedback = (overrides: Record<string, unknown> = {}) => ({
  product,
  context,
  repository,
  anchor_repo: product,
  anchor_pr_number: PR,
  anchor_pr_url: `https://github.com/${repository}/pull/${PR}`,
  status: "ready",
  preview_url: `https://pr-${PR}.preview.example.com`,
  ...overrides,
});

describe("POST /v1/previews/desired-state", () => {
  it("discovers open pull requests on GitHub with the context's token and records them", async () => {
    github.setPullRequests(repository, [{ number: 5 }, { number: 3, draft: true }]);
    const answer = await post("/v1/previews/desired-state", { product, context, repository, anchor_repo: product });

    expect(answer.status).toBe(202);
    const id = answer.body.records?.preview_desired_state_id ?? "";
    expect(id).toMatch(new RegExp(`^preview-desired-state-${context}-`));
    expect(answer.body.result).toMatchObject({ status: "pass", desired_count: 2, error_message: "" });
    const row = await client.previewDesiredState.findUniqueOrThrow({ where: { desiredStateId: id } });
    expect(row).toMatchObject({ product, context, status: "pass", desiredCount: 2 });
    const sent = github.requestsFor(`/repos/${repository}/pulls`);
    expect(sent.at(-1)?.authorization).toBe(`Bearer ${githubToken}`);
    expect(JSON.stringify(row.payload)).not.toContain(githubToken);
  });

  it("answers 202 with a fail record for a context without a token", async () => {
    const answer = await post("/v1/previews/desired-state", { product, context: `${context}-bare`, repository, anchor_repo: product });
    expect(answer.status).toBe(202);
    expect(answer.body.result).toMatchObject({
      status: "fail",
      desired_count: 0,
      error_message: "Launchplane runtime records do not expose GITHUB_TOKEN for this context",
    });
    const id = answer.body.records?.preview_desired_state_id ?? "";
    expect(await client.previewDesiredState.count({ where: { desiredStateId: id, status: "fail" } })).toBe(1);
  });

  it("accepts upstream's preview_desired_state.discover grant", async () => {
    const answer = await post("/v1/previews/desired-state", { product, context, repository, anchor_repo: product }, DISCOVERER);
    expect(answer.status).toBe(202);
    const refused = await post("/v1/previews/desired-state", { product, context, repository, anchor_repo: product }, REFRESHER);
    expect(refused.status).toBe(403);
  });
});

describe("POST /v1/previews/pr-feedback", () => {
  it("publishes the comment, records the delivery, and replays an idempotent re-send without calling GitHub again", async () => {
    const headers = { "idempotency-key": `feedback-${randomBytes(6).toString("hex")}` };
    const first = await post("/v1/previews/pr-feedback", feedback(), REPOS.trusted, headers);
    expect(first.status).toBe(202);
    expect(first.body.result).toMatchObject({ delivery_status: "delivered", delivery_action: "created_comment" });
    const [comment] = github.comments(repository, PR);
    expect(comment?.body).toBe(first.body.result?.comment_markdown);
    const id = first.body.records?.preview_pr_feedback_id ?? "";
    expect(await client.previewPrFeedback.count({ where: { feedbackId: id, deliveryStatus: "delivered" } })).toBe(1);

    const sentBefore = github.requestsFor(`/repos/${repository}/issues`).length;
    const replay = await post("/v1/previews/pr-feedback", feedback(), REPOS.trusted, headers);
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replayed: true, records: { preview_pr_feedback_id: id } });
    expect(github.requestsFor(`/repos/${repository}/issues`)).toHaveLength(sentBefore);
    expect(await client.previewPrFeedback.count({ where: { product } })).toBe(1);
  });

  it("lets a workflow holding only preview_refresh.execute report ready, not pending", async () => {
    const ready = await post("/v1/previews/pr-feedback", feedback(), REFRESHER);
    expect(ready.status).toBe(202);
    expect(ready.body.result).toMatchObject({ delivery_action: "updated_comment" });
    const pending = await post("/v1/previews/pr-feedback", feedback({ status: "pending" }), REFRESHER);
    expect(pending.status).toBe(403);
    expect(pending.body.error?.code).toBe("authorization_denied");
  });

  it("answers a dry run with the rendered comment, storing and sending nothing, never as a replay", async () => {
    const stored = await client.previewPrFeedback.count({ where: { product } });
    const sent = github.requestsFor(`/repos/${repository}/`).length;
    const headers = { "idempotency-key": `dry-${randomBytes(6).toString("hex")}` };
    const dry = await post("/v1/previews/pr-feedback", feedback({ dry_run: true }), REPOS.trusted, headers);
    expect(dry.status).toBe(202);
    expect(dry.body.records).toEqual({});
    expect(String(dry.body.result?.comment_markdown)).toContain(`Launchplane preview is ready for PR #${PR}.`);
    const again = await post("/v1/previews/pr-feedback", feedback({ dry_run: true }), REPOS.trusted, headers);
    expect(again.body.replayed).toBeUndefined();
    expect(await client.previewPrFeedback.count({ where: { product } })).toBe(stored);
    expect(github.requestsFor(`/repos/${repository}/`)).toHaveLength(sent);
  });
});
