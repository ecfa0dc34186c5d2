import { expect } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { TRACE_ID_PATTERN } from "@/server/http/trace-id";
import type { V1Response } from "./v1-client";

/**
 * What every /v1 answer must look like whatever went wrong: the JSON
 * envelope with a trace id (body and header), never an HTML page, a stack
 * trace, an error class name or a credential the request carried.
 */
const STACK_FRAME = /\bat [\w$.<>]+ \(|(?:^|\n|\\n)\s*at \S|\.(?:ts|js|mjs|cjs):\d+:\d+/;

export function expectCleanResponse(response: V1Response, secrets: ReadonlyArray<string | null | undefined> = []): void {
  expect(response.headers.get("content-type") ?? "").toContain("application/json");
  expect(response.text.trimStart().startsWith("<")).toBe(false);
  expect(response.body.trace_id).toMatch(TRACE_ID_PATTERN);
  expect(response.headers.get("x-launchplane-trace-id")).toBe(response.body.trace_id);
  expect(response.text).not.toMatch(STACK_FRAME);
  expect(response.text).not.toContain("Error:");
  for (const secret of secrets) {
    if (!secret) continue;
    expect(response.text).not.toContain(secret);
    // The signature alone identifies a token as well as the whole of it.
    const signature = secret.split(".")[2];
    if (signature && signature.length > 16) expect(response.text).not.toContain(signature);
  }
}

/** A rejection with `status` and `code`, cleanly enveloped. */
export function expectRejected(response: V1Response, status: number, code: string, secrets: ReadonlyArray<string | null | undefined> = []): void {
  expect({ status: response.status, code: response.body.error?.code }, response.text).toEqual({ status, code });
  expect(response.body.status).toBe("rejected");
  expect(response.body.error?.message).toEqual(expect.any(String));
  expect(response.body.error?.message.length).toBeGreaterThan(0);
  expectCleanResponse(response, secrets);
}

/**
 * Row counts of every launchplane_* table in one statement, so a test can
 * prove a request wrote nothing anywhere. Only meaningful while no other test
 * writes to the same database: the v1 project runs its files one at a time.
 */
const countStatements = new WeakMap<PrismaClient, Promise<string>>();

function countStatement(db: PrismaClient): Promise<string> {
  let statement = countStatements.get(db);
  if (!statement) {
    statement = db
      .$queryRaw<Array<{ table_name: string }>>`
        select table_name::text as table_name from information_schema.tables
         where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name like 'launchplane\_%'
         order by table_name`
      .then((tables) => {
        if (tables.length < 30) throw new Error(`expected the launchplane_* tables, found ${tables.length}`);
        const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
        return tables.map(({ table_name: name }) => `select '${name}' as table_name, count(*)::int as n from ${quote(name)}`).join(" union all ");
      });
    countStatements.set(db, statement);
  }
  return statement;
}

export async function launchplaneRowCounts(db: PrismaClient): Promise<Record<string, number>> {
  const rows = await db.$queryRawUnsafe<Array<{ table_name: string; n: number }>>(await countStatement(db));
  return Object.fromEntries(rows.map((row) => [row.table_name, row.n]));
}

/** Runs `work` and fails when any launchplane_* table gained or lost a row meanwhile. */
export async function expectNothingWritten<T>(db: PrismaClient, work: () => Promise<T>): Promise<T> {
  const before = await launchplaneRowCounts(db);
  const result = await work();
  expect(await launchplaneRowCounts(db)).toEqual(before);
  return result;
}
