import type { z } from "zod";
import { LaunchplaneError } from "@/server/errors";

/** Enough to fix a request; a body with thousands of bad items does not get thousands of lines. */
const MAX_ISSUES = 20;

interface ContractIssue {
  /** Dotted path of the failing field; "" for the input as a whole. */
  path: string;
  message: string;
}

function contractIssues(error: z.ZodError, limit: number): ContractIssue[] {
  return error.issues.slice(0, limit).map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** `path: message; ...` for the first `limit` issues of a failed parse (field names and rules, never values). */
export function describeContractIssues(error: z.ZodError, limit = MAX_ISSUES): string {
  const issues = contractIssues(error, limit);
  const described = issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join("; ");
  return error.issues.length > issues.length ? `${described} (and ${error.issues.length - issues.length} more)` : described;
}

/**
 * Parses input (a /v1 body, a record a service builds or receives) with its
 * contract. A refusal is an invalid_request naming the failing fields and why,
 * raised before anything is read or written; `what` names the input in the
 * message ("Invalid product profile: ...").
 */
export function parseContract<S extends z.ZodType>(schema: S, input: unknown, what?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new LaunchplaneError("invalid_request", `${what ? `Invalid ${what}: ` : ""}${describeContractIssues(parsed.error)}`, {
    issues: contractIssues(parsed.error, MAX_ISSUES),
  });
}
