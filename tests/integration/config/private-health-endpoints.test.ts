import { describe, expect, it } from "vitest";

import { PRIVATE_HEALTH_ENDPOINT_APPLY_CONFIRMATION } from "@/server/contracts/private-health-endpoint";
import {
  applyPrivateHealthEndpoint,
  listPrivateHealthEndpoints,
  resolvePrivateHealthEndpointForLane,
} from "@/server/services/private-health-endpoints";
import { uniqueProduct, useTestDb } from "../../support/database";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();

function endpoint(key: string, product: string, patch: Record<string, unknown> = {}) {
  return {
    schema_version: 1,
    endpoint_key: key,
    product,
    context: product,
    instance: "prod",
    url: "http://worker.internal:8080/healthz",
    updated_at: "2026-04-20T12:00:00Z",
    source_label: "test",
    ...patch,
  };
}

const apply = (record: Record<string, unknown>) => ({
  schema_version: 1,
  mode: "apply",
  endpoint: record,
  reason: "monitor the worker bridge",
  confirmation: PRIVATE_HEALTH_ENDPOINT_APPLY_CONFIRMATION,
});

const stored = (endpointKey: string) => db.privateHealthEndpoint.findUnique({ where: { endpointKey } });

describe("applyPrivateHealthEndpoint", () => {
  it("plans without writing in dry-run, then creates, keeps and updates on apply", async () => {
    const product = uniqueProduct("phe");
    const key = `${product}-worker`;
    const plan = await applyPrivateHealthEndpoint(db, { schema_version: 1, endpoint: endpoint(key, product) });
    expect(plan).toMatchObject({ mode: "dry-run", action: "create", applied: false, previous: null });
    expect(await stored(key)).toBeNull();

    const created = await applyPrivateHealthEndpoint(db, apply(endpoint(key, product)));
    expect(created).toMatchObject({ mode: "apply", action: "create", applied: true });
    expect(await stored(key)).toMatchObject({ product, context: product, instance: "prod", status: "active", url: "http://worker.internal:8080/healthz" });

    expect((await applyPrivateHealthEndpoint(db, apply(endpoint(key, product)))).action).toBe("unchanged");
    const moved = await applyPrivateHealthEndpoint(
      db,
      apply(endpoint(key, product, { url: "http://10.0.4.7:8080/healthz", updated_at: "2026-04-21T12:00:00Z" })),
    );
    expect(moved).toMatchObject({ action: "update", applied: true, previous: { url: "http://worker.internal:8080/healthz" } });
    expect((await stored(key))?.url).toBe("http://10.0.4.7:8080/healthz");
  });

  it("refuses public or invalid URLs and an apply without confirmation, writing nothing", async () => {
    const product = uniqueProduct("phe-url");
    const key = `${product}-worker`;
    for (const url of ["https://status.example.com/health", "http://worker/healthz", "ftp://10.0.0.1/x", "http://user@10.0.0.1/"]) {
      const error = await refusal(() => applyPrivateHealthEndpoint(db, apply(endpoint(key, product, { url }))));
      expect(error.code).toBe("invalid_request");
      expect(error.message).toMatch(/private health endpoint url must (not be public|be a valid HTTP URL)/);
    }
    const unconfirmed = await refusal(() =>
      applyPrivateHealthEndpoint(db, { ...apply(endpoint(key, product)), confirmation: "apply" }),
    );
    expect(unconfirmed.code).toBe("invalid_request");
    expect(unconfirmed.message).toContain("Private health endpoint apply requires exact confirmation text");
    const noReason = await refusal(() => applyPrivateHealthEndpoint(db, { ...apply(endpoint(key, product)), reason: "" }));
    expect(noReason.message).toContain("Private health endpoint apply requires a reason");
    expect(await stored(key)).toBeNull();
  });

  it("refuses a key owned by another lane without naming the owner, in dry-run and apply", async () => {
    const owner = uniqueProduct("phe-owner");
    const intruder = uniqueProduct("phe-other");
    const key = `shared-${uniqueProduct("key")}`;
    await applyPrivateHealthEndpoint(db, apply(endpoint(key, owner)));
    const before = await stored(key);
    for (const body of [
      apply(endpoint(key, intruder, { url: "http://10.9.9.9/h" })),
      { schema_version: 1, endpoint: endpoint(key, intruder) },
      apply(endpoint(key, owner, { instance: "testing" })),
    ]) {
      const error = await refusal(() => applyPrivateHealthEndpoint(db, body));
      expect(error.code).toBe("record_conflict");
      expect(error.message).toBe(`Private health endpoint key '${key}' is already owned by another product lane.`);
      expect(error.message).not.toContain(owner);
    }
    expect(await stored(key)).toEqual(before);
  });

  it("lets exactly one of two lanes racing for a new key win", async () => {
    const first = uniqueProduct("phe-race-a");
    const second = uniqueProduct("phe-race-b");
    const key = `${first}-race`;
    const outcomes = await Promise.allSettled([
      applyPrivateHealthEndpoint(db, apply(endpoint(key, first))),
      applyPrivateHealthEndpoint(db, apply(endpoint(key, second))),
    ]);
    const fulfilled = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: "record_conflict" });
    const winner = (await stored(key))!.product;
    expect([first, second]).toContain(winner);
  });
});

describe("reading private health endpoints", () => {
  it("lists by lane and resolves a profile check's key, failing closed", async () => {
    const product = uniqueProduct("phe-read");
    await applyPrivateHealthEndpoint(db, apply(endpoint(`${product}-a`, product)));
    await applyPrivateHealthEndpoint(db, apply(endpoint(`${product}-b`, product, { instance: "testing" })));
    await applyPrivateHealthEndpoint(db, apply(endpoint(`${product}-c`, product, { status: "disabled" })));

    expect((await listPrivateHealthEndpoints(db, { product })).map((record) => record.endpoint_key)).toEqual([
      `${product}-a`,
      `${product}-b`,
      `${product}-c`,
    ]);
    expect((await listPrivateHealthEndpoints(db, { product, instance: "prod", status: "active" })).map((r) => r.endpoint_key)).toEqual([
      `${product}-a`,
    ]);

    const lane = { product, context: product, instance: "prod" };
    expect(await resolvePrivateHealthEndpointForLane(db, { ...lane, endpoint_key: `${product}-a` })).toEqual({
      ok: true,
      url: "http://worker.internal:8080/healthz",
    });
    expect(await resolvePrivateHealthEndpointForLane(db, { ...lane, endpoint_key: `${product}-b` })).toEqual({
      ok: false,
      reason: "scope_mismatch",
    });
    expect(await resolvePrivateHealthEndpointForLane(db, { ...lane, endpoint_key: `${product}-c` })).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await resolvePrivateHealthEndpointForLane(db, { ...lane, endpoint_key: `${product}-zzz` })).toEqual({
      ok: false,
      reason: "missing",
    });
  });
});
