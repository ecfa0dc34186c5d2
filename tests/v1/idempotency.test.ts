import { beforeAll, describe, expect, it } from "vitest";
import { TRACE_ID_PATTERN } from "@/server/http/trace-id";
import { tokenFor, v1, useV1Database, type V1Response } from "../support/v1-client";
import { expectCleanResponse, expectNothingWritten, expectRejected } from "../support/v1-expectations";
import { deploymentBody, githubActionsGrantBody, type Json, promotionBody, uniqueName, uniqueScope } from "../support/v1-fixtures";
import { REPOS } from "../support/v1-policy";

/**
 * Idempotency-Key semantics against the running server, with real
 * concurrency: one key, one record; replays carry the first answer's trace
 * id; a reused key with another body is a 409; keys are per caller; replays
 * are authorized first; failures and dry runs store no replay. Without a
 * key, duplicates are settled by record id (DECISIONS 5).
 */
const db = useV1Database();

const DEPLOYMENTS = "/v1/evidence/deployments";
const PROMOTIONS = "/v1/evidence/promotions";
const GRANTS = "/v1/authz-policies/github-actions/grants";

let trusted = "";

beforeAll(async () => {
  trusted = await tokenFor(REPOS.trusted);
});

const post = (path: string, body: unknown, key: string | null, token = trusted) =>
  v1("POST", path, body, { token, headers: key ? { "idempotency-key": key } : {} });

const recordIdOf = (body: Json) => (body.deployment as { record_id: string }).record_id;
const deploymentRows = (recordId: string) => db.deployment.count({ where: { recordId } });
const keyRows = (key: string) => db.idempotencyRecord.count({ where: { idempotencyKey: key } });

function expectAccepted(response: V1Response, secrets: string[] = [trusted]): void {
  expect(response.status, response.text).toBe(202);
  expect(response.body.status).toBe("accepted");
  expectCleanResponse(response, secrets);
}

describe("one Idempotency-Key under concurrency", () => {
  it("turns 20 concurrent identical deployments into one record and 19 replays of its answer", async () => {
    const body = deploymentBody();
    const key = uniqueName("key");
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(DEPLOYMENTS, body, key)));

    for (const response of responses) expectAccepted(response);
    const originals = responses.filter((response) => response.body.replayed !== true);
    expect(originals).toHaveLength(1);
    const original = originals[0]!;
    expect(original.body.original_trace_id).toBeUndefined();
    expect(original.body.records?.deployment_record_id).toBe(recordIdOf(body));

    const replays = responses.filter((response) => response.body.replayed === true);
    expect(replays).toHaveLength(19);
    for (const replay of replays) {
      expect(replay.body.original_trace_id).toBe(original.body.trace_id);
      expect(replay.body.records).toEqual(original.body.records);
      expect(replay.body.result).toEqual(original.body.result);
    }
    const traceIds = new Set(responses.map((response) => response.body.trace_id));
    expect(traceIds.size).toBe(20);

    expect(await deploymentRows(recordIdOf(body))).toBe(1);
    expect(await keyRows(key)).toBe(1);
  });

  it("answers 409 idempotency_key_reused to the same key with another body, writing nothing", async () => {
    const key = uniqueName("key");
    const first = deploymentBody();
    expectAccepted(await post(DEPLOYMENTS, first, key));

    const other = deploymentBody();
    const reused = await expectNothingWritten(db, () => post(DEPLOYMENTS, other, key));
    expectRejected(reused, 409, "idempotency_key_reused", [trusted]);
    expect(await deploymentRows(recordIdOf(other))).toBe(0);

    // The same record under a changed field is another body too.
    const changed = structuredClone(first);
    (changed.deployment as { source_git_ref: string }).source_git_ref = "0123456789abcdef0123456789abcdef01234567";
    expectRejected(await expectNothingWritten(db, () => post(DEPLOYMENTS, changed, key)), 409, "idempotency_key_reused", [trusted]);
  });

  it("lets exactly one of two concurrent bodies under one key win; the other body gets 409", async () => {
    const key = uniqueName("key");
    const bodies = [deploymentBody(), deploymentBody()];
    const sent = Array.from({ length: 12 }, (_, index) => bodies[index % 2]!);
    const responses = await Promise.all(sent.map((body) => post(DEPLOYMENTS, body, key)));

    const originals = responses.filter((response) => response.status === 202 && response.body.replayed !== true);
    expect(originals).toHaveLength(1);
    const winner = originals[0]!.body.records?.deployment_record_id;
    for (const [index, response] of responses.entries()) {
      if (recordIdOf(sent[index]!) === winner) {
        expectAccepted(response);
        expect(response.body.records?.deployment_record_id).toBe(winner);
      } else {
        expectRejected(response, 409, "idempotency_key_reused", [trusted]);
      }
    }
    const [rowsA, rowsB] = await Promise.all(bodies.map((body) => deploymentRows(recordIdOf(body))));
    expect(rowsA! + rowsB!).toBe(1);
    expect(await keyRows(key)).toBe(1);
  });
});

describe("who a key belongs to", () => {
  it("keeps keys of another workflow identity independent", async () => {
    const key = uniqueName("key");
    const body = deploymentBody();
    const first = await post(DEPLOYMENTS, body, key);
    expectAccepted(first);

    const otherWorkflow = (name: string) =>
      tokenFor(REPOS.trusted, {
        claims: { workflow_ref: `${REPOS.trusted}/.github/workflows/${name}.yml@refs/heads/main`, sub: `repo:${REPOS.trusted}:environment:${name}` },
      });
    // The same body under the same key from another workflow is not a replay of the first answer: it is a duplicate record...
    const release = await otherWorkflow("release");
    const same = await post(DEPLOYMENTS, body, key, release);
    expectAccepted(same, [trusted, release]);
    expect(same.body.replayed).toBeUndefined();
    expect(same.body.original_trace_id).toBeUndefined();
    expect((same.body.result as { duplicate?: boolean }).duplicate).toBe(true);
    expect(await deploymentRows(recordIdOf(body))).toBe(1);

    // ...and another body under it is not a reuse of someone else's key.
    const nightly = await otherWorkflow("nightly");
    const otherBody = deploymentBody();
    const independent = await post(DEPLOYMENTS, otherBody, key, nightly);
    expectAccepted(independent, [trusted, nightly]);
    expect(independent.body.replayed).toBeUndefined();
    expect(independent.body.records?.deployment_record_id).toBe(recordIdOf(otherBody));
    expect(await keyRows(key)).toBe(3);
  });

  it("authorizes a replay before answering it: the same caller without access gets 403", async () => {
    // A repository allowed to write deployments only from push events; the grant names it alone.
    const repository = `launchplane-tests/${uniqueName("push-only")}`;
    const grant = githubActionsGrantBody({ repository });
    (grant.grant as Record<string, unknown>).event_names = ["push"];
    (grant.grant as Record<string, unknown>).actions = ["deployment.write"];
    expectAccepted(await post(GRANTS, grant, null));

    const onPush = await tokenFor(repository, { claims: { event_name: "push" } });
    // Same repository, workflow and subject (so the same idempotency scope), but an event the rule does not allow.
    const onDispatch = await tokenFor(repository, { claims: { event_name: "workflow_dispatch" } });
    const key = uniqueName("key");
    const body = deploymentBody();
    const accepted = await post(DEPLOYMENTS, body, key, onPush);
    expectAccepted(accepted, [onPush]);

    const refused = await expectNothingWritten(db, () => post(DEPLOYMENTS, body, key, onDispatch));
    expectRejected(refused, 403, "authorization_denied", [onPush, onDispatch]);
    expect(refused.text).not.toContain(String(accepted.body.trace_id));

    const replay = await post(DEPLOYMENTS, body, key, onPush);
    expectAccepted(replay, [onPush]);
    expect(replay.body.replayed).toBe(true);
    expect(replay.body.original_trace_id).toBe(accepted.body.trace_id);
  });
});

describe("what is stored as a replay", () => {
  it("stores nothing for a request a service rule refused, so the key can be used again", async () => {
    const scope = uniqueScope();
    const deployment = deploymentBody({ ...scope, instance: "testing" });
    expectAccepted(await post(DEPLOYMENTS, deployment, null));

    // A promotion to prod linked to the testing deployment: the service refuses the mismatch.
    const mismatched = promotionBody(scope);
    (mismatched.promotion as Record<string, unknown>).deployment_record_id = recordIdOf(deployment);
    const key = uniqueName("key");
    const refused = await expectNothingWritten(db, () => post(PROMOTIONS, mismatched, key));
    expectRejected(refused, 400, "invalid_request", [trusted]);
    expect(refused.body.error?.message).toMatch(/destination instance does not match/);
    expect(await keyRows(key)).toBe(0);

    const again = await expectNothingWritten(db, () => post(PROMOTIONS, mismatched, key));
    expectRejected(again, 400, "invalid_request", [trusted]);

    const valid = promotionBody(scope);
    const accepted = await post(PROMOTIONS, valid, key);
    expectAccepted(accepted);
    expect(accepted.body.replayed).toBeUndefined();
    expect(accepted.body.records?.promotion_record_id).toBe((valid.promotion as { record_id: string }).record_id);
    expect(await keyRows(key)).toBe(1);
  });

  it("never stores a dry-run grant as a replay", async () => {
    const key = uniqueName("key");
    const repository = `launchplane-tests/${uniqueName("dry-run")}`;
    const dryRun = githubActionsGrantBody({ repository, mode: "dry_run" });
    const first = await expectNothingWritten(db, () => post(GRANTS, dryRun, key));
    const second = await expectNothingWritten(db, () => post(GRANTS, dryRun, key));
    for (const response of [first, second]) {
      expectAccepted(response);
      expect(response.body.replayed).toBeUndefined();
      expect(response.body.original_trace_id).toBeUndefined();
    }
    expect(second.body.trace_id).not.toBe(first.body.trace_id);
    expect(await keyRows(key)).toBe(0);

    // The key is still free: an apply under it is a first answer, and its repeat a replay.
    const apply = githubActionsGrantBody({ repository, mode: "apply" });
    const applied = await post(GRANTS, apply, key);
    expectAccepted(applied);
    expect(applied.body.replayed).toBeUndefined();
    const replayed = await expectNothingWritten(db, () => post(GRANTS, apply, key));
    expectAccepted(replayed);
    expect(replayed.body.replayed).toBe(true);
    expect(replayed.body.original_trace_id).toBe(applied.body.trace_id);
    expect(replayed.body.trace_id).toMatch(TRACE_ID_PATTERN);
  });
});

describe("duplicates without an Idempotency-Key (DECISIONS 5)", () => {
  it("answers an identical re-send with 202 and writes nothing", async () => {
    const body = deploymentBody();
    const first = await post(DEPLOYMENTS, body, null);
    expectAccepted(first);
    expect((first.body.result as { duplicate?: boolean }).duplicate).toBe(false);

    const again = await expectNothingWritten(db, () => post(DEPLOYMENTS, body, null));
    expectAccepted(again);
    expect(again.body.records?.deployment_record_id).toBe(first.body.records?.deployment_record_id);
    expect((again.body.result as { duplicate?: boolean }).duplicate).toBe(true);
    expect(again.body.replayed).toBeUndefined();
  });

  it("answers the same record id with other content with 409 record_conflict and writes nothing", async () => {
    const body = deploymentBody();
    expectAccepted(await post(DEPLOYMENTS, body, null));

    const conflicting = structuredClone(body);
    (conflicting.deployment as { deploy: { finished_at: string } }).deploy.finished_at = "2026-04-20T15:40:00Z";
    const refused = await expectNothingWritten(db, () => post(DEPLOYMENTS, conflicting, null));
    expectRejected(refused, 409, "record_conflict", [trusted]);
    expect(await deploymentRows(recordIdOf(body))).toBe(1);
  });
});
