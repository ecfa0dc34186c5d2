import { z } from "zod";

/**
 * Building blocks shared by every record contract. Wire field names and
 * rules follow the upstream Launchplane contracts; see docs/records.md.
 */

/** A string that must contain something other than whitespace. */
export const nonBlank = (what: string) =>
  z.string().refine((value) => value.trim().length > 0, { message: `${what} is required` });

/** Opaque record ids: up to 200 characters from [A-Za-z0-9._:-]. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
export const recordId = z
  .string()
  .regex(RECORD_ID_PATTERN, "must be 1-200 characters from [A-Za-z0-9._:-]");

/** An exact git commit SHA (abbreviated or full); branch names are refused. */
export const GIT_SHA_PATTERN = /^[0-9a-fA-F]{7,40}$/;

/** Timestamps travel as ISO 8601 strings; we emit UTC with a trailing Z. */
function isTimestamp(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}

export const timestamp = z.string().refine(isTimestamp, { message: "must be an ISO 8601 timestamp" });

/** Empty (not known yet), or an ISO 8601 timestamp. */
export const emptyOrTimestamp = z.string().refine((value) => value === "" || isTimestamp(value), {
  message: "must be empty or an ISO 8601 timestamp",
});

/** `emptyOrTimestamp`, "" when absent: upstream defaults such fields to "". */
export const optionalTimestamp = emptyOrTimestamp.default("");

export const schemaVersion = z.number().int().min(1).default(1);

/** Text upstream defaults to the empty string when absent. */
export const optionalText = () => z.string().default("");

/** A list of strings upstream defaults to empty when absent. */
export const stringList = () => z.array(z.string()).default(() => []);

export const releaseStatus = z.enum(["pending", "pass", "fail", "skipped"]);
export type ReleaseStatus = z.infer<typeof releaseStatus>;

/** Stable lanes that carry release tuples. */
export const releaseChannel = z.enum(["testing", "prod"]);
export type ReleaseChannel = z.infer<typeof releaseChannel>;
