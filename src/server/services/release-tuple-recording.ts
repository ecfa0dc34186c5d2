import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { LaunchplaneError } from "@/server/errors";
import { type DbClient, isUniqueViolation } from "@/server/repositories/db-client";
import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";

/**
 * Stores a minted or copied tuple as its channel's current tuple and appends
 * it to the history. Run inside the evidence transaction: a refusal here
 * rolls back the evidence that minted the tuple.
 *
 * `<context>-<channel>-<artifact_id>` can collide across lanes (context "a",
 * artifact "prod-x" vs context "a-testing", artifact "x"); a tuple id must
 * name one lane, so a collision is refused as a record conflict.
 */
export async function recordReleaseTuple(tx: DbClient, product: string, tuple: ReleaseTupleRecord): Promise<void> {
  const tuples = releaseTupleRepository(tx);
  const holder = await tuples.findCurrentByTupleId(tuple.tuple_id);
  if (holder && (holder.record.context !== tuple.context || holder.record.channel !== tuple.channel)) throw tupleClash(tuple);
  try {
    await tuples.record(product, tuple);
  } catch (error) {
    // A concurrent mint of the same id for another lane: the unique index decides.
    if (isUniqueViolation(error)) throw tupleClash(tuple);
    throw error;
  }
}

function tupleClash(tuple: ReleaseTupleRecord): LaunchplaneError {
  return new LaunchplaneError(
    "record_conflict",
    `release tuple ${tuple.tuple_id} already names the current tuple of another lane than ${tuple.context}/${tuple.channel}`,
    { tuple_id: tuple.tuple_id },
  );
}
