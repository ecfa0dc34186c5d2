import { describe, expect, it, vi } from "vitest";
import { idempotencyRepository } from "@/server/repositories/idempotency-repository";
import { purgeExpiredIdempotencyRecords, scheduleIdempotencyPurge } from "@/server/services/idempotency-purge";
import { uniqueProduct, useTestDb as openTestDb } from "../../support/database";

const { db } = openTestDb();

/** Claims and completes a key of `scope` that expires at `expiresAt`. */
async function storedKey(scope: string, key: string, expiresAt: Date): Promise<void> {
  const ref = { scope, routePath: "/v1/evidence/deployments", idempotencyKey: key };
  const repository = idempotencyRepository(db);
  expect(await repository.claim(ref, `fingerprint-${key}`, `trace-${key}`, expiresAt)).toBe(true);
  await repository.complete(ref, 202, `trace-${key}`, { status: "accepted" });
}

async function keysOf(scope: string): Promise<string[]> {
  const rows = await db.idempotencyRecord.findMany({ where: { scope }, orderBy: { idempotencyKey: "asc" }, take: 10 });
  return rows.map((row) => row.idempotencyKey);
}

describe("purging expired idempotency records (DECISIONS 22)", () => {
  it("deletes the rows past their expiry and keeps the others", async () => {
    const scope = uniqueProduct("purge");
    // Expiries far in the past, so "now" can be placed where no other test's rows expire.
    await storedKey(scope, "expired-a", new Date("2001-01-01T00:00:00Z"));
    await storedKey(scope, "expired-b", new Date("2001-06-01T00:00:00Z"));
    await storedKey(scope, "current", new Date("2001-09-01T00:00:00Z"));

    expect(await purgeExpiredIdempotencyRecords(db, new Date("2001-07-01T00:00:00Z"))).toBe(2);
    expect(await keysOf(scope)).toEqual(["current"]);
    expect(await purgeExpiredIdempotencyRecords(db, new Date("2001-07-01T00:00:00Z"))).toBe(0);
    expect(await keysOf(scope)).toEqual(["current"]);
  });

  it("keeps purging on a schedule until stopped", async () => {
    const scope = uniqueProduct("purge-timer");
    await storedKey(scope, "expired", new Date("2002-01-01T00:00:00Z"));
    await storedKey(scope, "current", new Date("2002-09-01T00:00:00Z"));

    // The clock stands in 2002 so the purge cannot reach rows other tests keep.
    const stop = scheduleIdempotencyPurge(() => db, 20, () => new Date("2002-06-01T00:00:00Z"));
    try {
      await vi.waitFor(async () => expect(await keysOf(scope)).toEqual(["current"]), { timeout: 10_000, interval: 50 });
    } finally {
      stop();
    }
    // Stopped: a row that expires afterwards stays until the next purge.
    await storedKey(scope, "expired-later", new Date("2002-02-01T00:00:00Z"));
    expect(await keysOf(scope)).toEqual(["current", "expired-later"]);
  });
});
