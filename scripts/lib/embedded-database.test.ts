import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded-database";

/**
 * The embedded database (in memory here) behind its connection gate: one
 * connection at a time, the next one held until the previous has gone, so
 * clients that reconnect quickly never see a refusal.
 */
describe("embedded database connection gate", () => {
  let database: EmbeddedDatabase;

  beforeAll(async () => {
    database = await startEmbeddedDatabase(null, { queueTimeoutMs: 1_500 });
  });
  afterAll(async () => {
    await database?.stop();
  });

  it("serves a new client while the previous one is still closing", async () => {
    // Without the gate about half of these fail: the socket server still counts the closing connection.
    const seen: number[] = [];
    const closing: Array<Promise<void>> = [];
    for (let round = 0; round < 15; round += 1) {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      const result = await pool.query<{ n: number }>("select $1::int as n", [round]);
      seen.push(result.rows[0]!.n);
      closing.push(pool.end());
    }
    await Promise.all(closing);
    expect(seen).toEqual([...Array(15).keys()]);
  });

  it("holds a second connection until the first has closed, keeping sessions apart", async () => {
    const first = new pg.Client({ connectionString: database.url });
    await first.connect();
    await first.query("begin");
    await first.query("create temporary table gate_probe (value int)");

    const second = new pg.Client({ connectionString: database.url });
    const order: string[] = [];
    const secondReady = second.connect().then(() => order.push("second connected"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    order.push("first still alone");
    await first.query("rollback");
    await first.end();
    await secondReady;

    // The first session's rolled-back temporary table never reaches the second one.
    const probe = await second.query<{ exists: boolean }>("select to_regclass('pg_temp.gate_probe') is not null as exists");
    await second.end();
    expect(order).toEqual(["first still alone", "second connected"]);
    expect(probe.rows[0]!.exists).toBe(false);
  });

  it("refuses a connection that waited past the queue timeout with too_many_connections", async () => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    const waiter = new pg.Client({ connectionString: database.url });
    const error = await waiter.connect().then(
      () => null,
      (caught: unknown) => caught as { code?: string; message?: string },
    );
    await holder.end();
    await waiter.end().catch(() => undefined);
    expect(error?.code).toBe("53300");
    expect(error?.message).toMatch(/serves one connection at a time/);

    // The gate keeps working after a refusal.
    const after = new pg.Client({ connectionString: database.url });
    await after.connect();
    expect((await after.query<{ ok: number }>("select 1 as ok")).rows[0]!.ok).toBe(1);
    await after.end();
  });
});
