// Record references for the console: which record families have a detail view, and the short
// summary a link to one shows. Ours, not upstream's.
import { z } from "zod";
import { RECORD_KINDS, type RecordKind, recordPath } from "@/lib/record-path";

/** Record families with a detail view (`/records/{kind}/{key}`). */
export const recordKind = z.enum(RECORD_KINDS);
export type { RecordKind };

/**
 * A record named by kind and key. Most keys are the record id; an inventory's is
 * `<context>/<instance>` and a current release tuple's `<context>/<channel>`.
 */
export const RecordReference = z.object({
  kind: recordKind,
  key: z.string(),
  product: z.string(),
  /** The authorization context (an artifact's is its product, as /v1 reads it). */
  context: z.string(),
  instance: z.string(),
  /** The record's own status word (deploy status, gate status, preview state...), "" if none. */
  status: z.string(),
  /** When it happened or last changed (ISO 8601), "" if unknown. */
  at: z.string(),
  /** One short fact that tells records apart (an artifact's commit, a promotion's from→to...). */
  detail: z.string(),
});
export type RecordReference = z.infer<typeof RecordReference>;

/** Keys with two parts (`context/instance`) split at the first slash. */
export function splitCompositeKey(key: string): [string, string] | null {
  const slash = key.indexOf("/");
  if (slash <= 0 || slash === key.length - 1) return null;
  return [key.slice(0, slash), key.slice(slash + 1)];
}

export { recordPath };
