import { describe, expect, it } from "vitest";

import type { OperatorIdentity, WorkflowIdentity } from "@/server/auth/identity";
import { isLaunchplaneError } from "@/server/errors";
import { inTransaction } from "@/server/repositories/db-client";
import { AUDIT_PAGE_MAX, listAuditEvents, recordAudit } from "@/server/services/audit-trail";
import { uniqueProduct, useTestDb } from "../../support/database";
import { workflowIdentity } from "../../support/workflow-identity";

const { db } = useTestDb();

function operator(login: string): OperatorIdentity {
  return { kind: "operator", login, organizations: ["every"], teams: ["every/ops"] };
}

function workflow(repository: string): WorkflowIdentity {
  return workflowIdentity(repository, { job_workflow_ref: "", environment: "testing", run_id: "99" });
}

async function rowsFor(product: string) {
  return db.auditEvent.findMany({ where: { product }, orderBy: [{ occurredAt: "desc" }, { eventId: "desc" }] });
}

describe("recordAudit", () => {
  it("writes one event with promoted columns and the typed payload", async () => {
    const product = uniqueProduct("audit");
    const event = await recordAudit(db, {
      actor: workflow(`${product}/repo`),
      action: "deployment.write",
      product,
      context: `${product}-testing`,
      instance: "testing",
      targetType: "deployment",
      targetId: "deployment-1",
      traceId: "launchplane_req_00000000000000000000000000000000",
      detail: { status: "pass", artifact_id: "artifact-1" },
    });
    expect(event.event_id).toMatch(/^audit-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    const rows = await rowsFor(product);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      eventId: event.event_id,
      actorKind: "workflow",
      actor: `${product}/repo`,
      action: "deployment.write",
      context: `${product}-testing`,
      instance: "testing",
      targetType: "deployment",
      targetId: "deployment-1",
      traceId: "launchplane_req_00000000000000000000000000000000",
    });
    expect(rows[0]!.occurredAt.toISOString()).toBe(event.occurred_at);
    expect(rows[0]!.payload).toEqual(event);
    expect(event.actor).toEqual({
      kind: "workflow",
      repository: `${product}/repo`,
      workflow_ref: `${product}/repo/.github/workflows/deploy.yml@refs/heads/main`,
      job_workflow_ref: "",
      ref: "refs/heads/main",
      event_name: "push",
      environment: "testing",
      sha: "0123456789abcdef0123456789abcdef01234567",
      run_id: "99",
      sub: `repo:${product}/repo:ref:refs/heads/main`,
    });
  });

  it("never stores secret-bearing detail", async () => {
    const product = uniqueProduct("audit-secret");
    const event = await recordAudit(db, {
      actor: operator("alice"),
      actorRole: "admin",
      action: "secret.write",
      product,
      detail: { secret_id: "secret-1", value: "s3cr3t-plaintext", nested: { ciphertext: "AAAA", token: "tok-123", note: "ok" } },
    });
    expect(event.detail).toEqual({ secret_id: "secret-1", nested: { note: "ok" } });
    expect(event.redacted_keys).toEqual(["value", "nested.ciphertext", "nested.token"]);
    const [row] = await rowsFor(product);
    const stored = JSON.stringify(row!.payload);
    for (const secret of ["s3cr3t-plaintext", "AAAA", "tok-123"]) expect(stored).not.toContain(secret);
    expect(row!.payload).toMatchObject({ actor: { kind: "operator", login: "alice", role: "admin" } });
    // Organizations and teams are not audit facts.
    expect(stored).not.toContain("every/ops");
  });

  it("exists exactly when the change does: a rolled-back transaction leaves no event", async () => {
    const product = uniqueProduct("audit-rollback");
    await expect(
      inTransaction(db, async (tx) => {
        await recordAudit(tx, { actor: operator("alice"), action: "promotion.write", product, detail: {} });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await rowsFor(product)).toEqual([]);
  });
});

describe("listAuditEvents", () => {
  async function seed(product: string) {
    const alice = `${product}-alice`;
    const bob = `${product}-bob`;
    const plan: Array<[string, string, string]> = [
      [alice, "deployment.write", `${product}-testing`],
      [bob, "deployment.write", `${product}-testing`],
      [alice, "promotion.write", `${product}-prod`],
      [bob, "promotion.write", `${product}-prod`],
      [alice, "deployment.write", `${product}-prod`],
      [alice, "backup_gate.write", `${product}-prod`],
      [bob, "deployment.write", `${product}-testing`],
    ];
    for (const [login, action, context] of plan) {
      await recordAudit(db, { actor: operator(login), action, product, context, detail: { login } });
    }
    return { alice, bob };
  }

  it("filters by product, actor and action, newest first", async () => {
    const product = uniqueProduct("audit-list");
    const other = uniqueProduct("audit-list-other");
    const { alice, bob } = await seed(product);
    await recordAudit(db, { actor: operator(alice), action: "deployment.write", product: other, detail: {} });

    const all = await listAuditEvents(db, { product });
    expect(all.items).toHaveLength(7);
    expect(all.next_cursor).toBeNull();
    expect(all.items.every((event) => event.product === product)).toBe(true);
    const times = all.items.map((event) => event.occurred_at);
    expect([...times].sort().reverse()).toEqual(times);

    const byAlice = await listAuditEvents(db, { product, actor: alice });
    expect(byAlice.items.map((event) => event.action)).toEqual([
      "backup_gate.write",
      "deployment.write",
      "promotion.write",
      "deployment.write",
    ]);
    const aliceEverywhere = await listAuditEvents(db, { actor: alice });
    expect(aliceEverywhere.items.map((event) => event.product).sort()).toEqual([...Array(4).fill(product), other].sort());

    const bobDeployments = await listAuditEvents(db, { product, actor: bob, action: "deployment.write" });
    expect(bobDeployments.items).toHaveLength(2);
    expect(bobDeployments.items.every((event) => event.actor.kind === "operator" && event.actor.login === bob)).toBe(true);

    expect((await listAuditEvents(db, { product, action: "promotion.write", context: `${product}-prod` })).items).toHaveLength(2);
    expect((await listAuditEvents(db, { product, actorKind: "workflow" })).items).toEqual([]);
  });

  it("pages with a keyset cursor without gaps or repeats", async () => {
    const product = uniqueProduct("audit-page");
    await seed(product);
    const expected = (await listAuditEvents(db, { product, limit: 200 })).items.map((event) => event.event_id);

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditEvents>> = await listAuditEvents(db, { product, limit: 3, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items.map((event) => event.event_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(expected);

    // A cursor stays valid while newer events arrive: the next page does not shift.
    const first = await listAuditEvents(db, { product, limit: 3 });
    await recordAudit(db, { actor: operator("late"), action: "deployment.write", product, detail: {} });
    const second = await listAuditEvents(db, { product, limit: 3, cursor: first.next_cursor });
    expect(second.items.map((event) => event.event_id)).toEqual(expected.slice(3, 6));
  });

  it("defaults to 50 per page and never returns more than 200", async () => {
    const product = uniqueProduct("audit-limit");
    for (let batch = 0; batch < 11; batch += 1) {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          recordAudit(db, { actor: operator("bulk"), action: "deployment.write", product, detail: { n: batch * 20 + index } }),
        ),
      );
    }
    const firstDefault = await listAuditEvents(db, { product });
    expect(firstDefault.items).toHaveLength(50);
    expect(firstDefault.next_cursor).not.toBeNull();
    const capped = await listAuditEvents(db, { product, limit: 1000 });
    expect(capped.items).toHaveLength(AUDIT_PAGE_MAX);
    const rest = await listAuditEvents(db, { product, limit: 1000, cursor: capped.next_cursor });
    expect(rest.items).toHaveLength(20);
    expect(rest.next_cursor).toBeNull();
  });

  it("returns only what the caller's read scope covers", async () => {
    const product = uniqueProduct("audit-scope");
    await seed(product);
    const testingOnly = await listAuditEvents(db, {
      product,
      scope: { action: "audit_event.read", grants: [{ products: [product], contexts: [`${product}-testing`] }] },
    });
    expect(testingOnly.items).toHaveLength(3);
    expect(testingOnly.items.every((event) => event.context === `${product}-testing`)).toBe(true);
    const nothing = await listAuditEvents(db, { product, scope: { action: "audit_event.read", grants: [] } });
    expect(nothing).toEqual({ items: [], next_cursor: null });
    const everything = await listAuditEvents(db, {
      product,
      scope: { action: "audit_event.read", grants: [{ products: ["elsewhere"], contexts: null }, { products: null, contexts: null }] },
    });
    expect(everything.items).toHaveLength(7);
  });

  it("refuses a malformed cursor or limit", async () => {
    for (const query of [{ cursor: "not-a-cursor" }, { cursor: Buffer.from("2026-01-01T00:00:00Z|bad id!").toString("base64url") }, { limit: 0 }, { limit: 2.5 }]) {
      const error = await listAuditEvents(db, query).catch((caught: unknown) => caught);
      expect(isLaunchplaneError(error) && error.code, JSON.stringify(query)).toBe("invalid_request");
    }
  });
});
