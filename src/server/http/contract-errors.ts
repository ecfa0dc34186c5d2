import type { z } from "zod";
import { LaunchplaneError } from "@/server/errors";

/** A 400 that says which fields are wrong and why (no values echoed back). */
export function contractError(error: z.ZodError): LaunchplaneError {
  const issues = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : "the request does not match the contract";
  const more = issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return new LaunchplaneError("invalid_request", `${summary}${more}`, { issues });
}

/** Parses `input` with a contract, turning failures into a 400. */
export function parseContract<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw contractError(parsed.error);
  return parsed.data;
}
