// Release tuple record: the current release truth of one long-lived channel (testing or prod) of a
// context, keyed by (context, channel) and replaced when a ship or promotion mints a new tuple.
// Mirrors upstream control_plane/contracts/release_tuple_record.py.
import { z } from "zod";

import { linkedRecordId } from "./deploy-evidence";
import { GIT_SHA_PATTERN, nonBlank, recordId, releaseChannel, schemaVersion, timestamp } from "./primitives";

export const ReleaseTupleProvenance = z.enum(["ship", "promotion"]);
export type ReleaseTupleProvenance = z.infer<typeof ReleaseTupleProvenance>;

const requiredTrimmed = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `release tuple record requires non-empty ${field}`);

/** Repo name -> exact commit SHA. Keys and values are trimmed; at least one entry. */
export const releaseTupleRepoShas = z.record(z.string(), z.string()).transform((shas, ctx) => {
  const normalized: Record<string, string> = {};
  for (const [rawRepo, rawSha] of Object.entries(shas)) {
    const repo = rawRepo.trim();
    const sha = rawSha.trim();
    if (!repo) {
      ctx.addIssue({ code: "custom", message: "release tuple repo_shas keys must be non-empty" });
      return z.NEVER;
    }
    if (!GIT_SHA_PATTERN.test(sha)) {
      ctx.addIssue({
        code: "custom",
        message: `release tuple repo_shas.${repo} must be a 7-40 character hexadecimal git sha`,
        path: [rawRepo],
      });
      return z.NEVER;
    }
    normalized[repo] = sha;
  }
  if (Object.keys(normalized).length === 0) {
    ctx.addIssue({ code: "custom", message: "release tuple record requires at least one repo sha" });
    return z.NEVER;
  }
  return normalized;
});

/** Expected tuple id for a context, channel and artifact: `<context>-<channel>-<artifact_id>`. */
export function releaseTupleId(context: string, channel: string, artifactId: string): string {
  return `${context}-${channel}-${artifactId}`;
}

export const ReleaseTupleRecordFields = z.strictObject({
  schema_version: schemaVersion,
  tuple_id: requiredTrimmed("tuple_id"),
  context: requiredTrimmed("context"),
  channel: releaseChannel,
  artifact_id: requiredTrimmed("artifact_id"),
  repo_shas: releaseTupleRepoShas,
  image_repository: z.string().default(""),
  image_digest: z.string().default(""),
  deployment_record_id: linkedRecordId,
  promotion_record_id: linkedRecordId,
  /** Source channel of a promoted tuple ("" for ship provenance). */
  promoted_from_channel: z.union([z.literal(""), releaseChannel]).default(""),
  provenance: ReleaseTupleProvenance,
  minted_at: timestamp,
});

export const ReleaseTupleRecord = ReleaseTupleRecordFields.superRefine((value, ctx) => {
  if (value.provenance === "promotion" && !value.promoted_from_channel) {
    ctx.addIssue({
      code: "custom",
      message: "promoted release tuple records require promoted_from_channel",
      path: ["promoted_from_channel"],
    });
  }
  const expected = releaseTupleId(value.context, value.channel, value.artifact_id);
  if (value.tuple_id !== expected) {
    ctx.addIssue({
      code: "custom",
      message: `release tuple tuple_id must be "${expected}" (<context>-<channel>-<artifact_id>)`,
      path: ["tuple_id"],
    });
  }
});
export type ReleaseTupleRecord = z.output<typeof ReleaseTupleRecord>;

/**
 * Body for writing a release tuple over /v1 (action `release_tuple.write`). Upstream has no such
 * HTTP route (tuples are minted by ship/promotion execution and a CLI command); this envelope is
 * this project's definition, shaped like the other evidence envelopes.
 */
export const ReleaseTupleEvidenceRequest = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("release tuple evidence product"),
  release_tuple: ReleaseTupleRecord,
  operation_id: recordId.optional(),
});
export type ReleaseTupleEvidenceRequest = z.output<typeof ReleaseTupleEvidenceRequest>;
