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
 * Row counts of every launchplane_* table in one statement (each table's
 * count(*) through query_to_xml), so a test can prove a request wrote
 * nothing anywhere. Only meaningful while no other test writes to the same
 * database: the v1 project runs its files one after another.
 */
export async function launchplaneRowCounts(db: PrismaClient): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<Array<{ counts: Record<string, number> | null }>>`
    select json_object_agg(
             table_name,
             (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint
             order by table_name
           ) as counts
      from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name like 'launchplane\\_%'`;
  return rows[0]?.counts ?? {};
}

/** Runs `work` and fails when any launchplane_* table gained or lost a row meanwhile. */
export async function expectNothingWritten<T>(db: PrismaClient, work: () => Promise<T>): Promise<T> {
  const before = await launchplaneRowCounts(db);
  expect(Object.keys(before).length).toBeGreaterThanOrEqual(30);
  const result = await work();
  expect(await launchplaneRowCounts(db)).toEqual(before);
  return result;
}
