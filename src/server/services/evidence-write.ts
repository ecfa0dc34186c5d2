import { canonicalJson } from "@/server/contracts/canonical-json";
import { LaunchplaneError } from "@/server/errors";
import type { InsertOutcome } from "@/server/repositories/stored-record";

/**
 * Append-only evidence: re-sending a record with an existing id and the same
 * content is accepted and writes nothing; the same id with other content is
 * refused with 409 record_conflict (DECISIONS 5).
 */
export function settleEvidenceInsert<T>(
  outcome: InsertOutcome<T>,
  incoming: T,
  product: string,
  what: string,
  id: string,
): "inserted" | "duplicate" {
  if (outcome.inserted) return "inserted";
  const same = outcome.existing.product === product && canonicalJson(outcome.existing.record) === canonicalJson(incoming);
  if (same) return "duplicate";
  throw new LaunchplaneError("record_conflict", `${what} ${id} already exists with different content`);
}
