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

  it("holds a second connection until the first has closed", async () => {
    const first = new pg.Client({ connectionString: database.url });
    await first.connect();
    const second = new pg.Client({ connectionString: database.url });
    const order: string[] = [];
    const secondReady = second.connect().then(() => order.push("second connected"));
    await first.query("select pg_sleep(0.3)");
    order.push("first done");
    await first.end();
    await secondReady;
    await second.end();
    expect(order).toEqual(["first done", "second connected"]);
  });

  it("gives every connection a fresh session: nothing one client leaves behind reaches the next", async () => {
    const first = new pg.Client({ connectionString: database.url });
    await first.connect();
    await first.query({ name: "probe", text: "select 1 as one", values: [] });
    await first.query("set application_name = 'first-client'");
    await first.query("create temporary table session_probe (value int)");
    await first.query("select pg_advisory_lock(4242)");
    await first.query("begin");
    await first.query("insert into session_probe values (1)");
    await first.end();

    const second = new pg.Client({ connectionString: database.url });
    await second.connect();
    // The same statement name prepares again instead of failing with "already exists".
    const prepared = await second.query<{ one: number }>({ name: "probe", text: "select 1 as one", values: [] });
    const state = await second.query<{ app: string; temp: boolean; locked: boolean; in_transaction: boolean }>(
      `select current_setting('application_name') as app,
              to_regclass('pg_temp.session_probe') is not null as temp,
              exists (select 1 from pg_locks where locktype = 'advisory' and objid = 4242) as locked,
              now() <> statement_timestamp() as in_transaction`,
    );
    await second.end();
    expect(prepared.rows[0]!.one).toBe(1);
    expect(state.rows[0]).toEqual({ app: "", temp: false, locked: false, in_transaction: false });
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
