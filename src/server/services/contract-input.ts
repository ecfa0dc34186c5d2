import type { z } from "zod";
import { LaunchplaneError } from "@/server/errors";

/**
 * Parses service input with its record contract. A refusal is an
 * invalid_request naming every failing field, raised before anything is read
 * or written.
 */
export function parseContractInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new LaunchplaneError("invalid_request", `Invalid ${what}: ${problems.join("; ")}`, { issues: problems });
}
