import { z } from "zod";
import type { OperatorIdentity } from "@/server/auth/identity";

/**
 * The development sign-in (LAUNCHPLANE_DEV_LOGIN=1 only): any GitHub-shaped
 * login, optionally with organizations and `org/team` teams, so demos and
 * tests can exercise every policy rule without GitHub.
 */
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_TEAM = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

const listOf = (pattern: RegExp, what: string) =>
  z
    .string()
    .optional()
    .transform((value) =>
      [...new Set((value ?? "").split(/[\s,]+/).filter(Boolean))].sort(),
    )
    .pipe(z.array(z.string().regex(pattern, `${what} must look like a GitHub ${what}`)).max(50));

export const DevLoginInput = z.object({
  login: z.string().trim().regex(GITHUB_LOGIN, "login must look like a GitHub login"),
  organizations: listOf(GITHUB_LOGIN, "organization"),
  teams: listOf(GITHUB_TEAM, "team (org/team-slug)"),
});

/** The operator a dev sign-in form describes, or null when it is malformed. */
export function parseDevLogin(input: unknown): Omit<OperatorIdentity, "kind"> | null {
  const parsed = DevLoginInput.safeParse(input);
  return parsed.success ? parsed.data : null;
}
