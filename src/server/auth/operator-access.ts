import type { Session } from "next-auth";
import type { SignInProvider } from "@/server/auth/auth";
import { operatorRole } from "@/server/auth/authorize";
import type { OperatorIdentity, OperatorRole } from "@/server/auth/identity";
import type { AuthzPolicy } from "@/server/contracts/authz-policy";
import type { Database } from "@/server/db";
import { env } from "@/server/env";
import { loadActiveAuthzPolicy } from "@/server/services/authz-policy";

/**
 * What a console request may do, derived on every request: the session says
 * who the operator is, the active policy says what that makes them
 * (DECISIONS 12). Nothing role-like is cached in the session cookie, so a
 * policy change applies on the next request.
 */
export type ConsoleAccess =
  | { status: "signed_out" }
  | { status: "refused"; identity: OperatorIdentity; provider: SignInProvider }
  | { status: "allowed"; identity: OperatorIdentity; provider: SignInProvider; role: OperatorRole; policy: AuthzPolicy };

export interface AccessOptions {
  bootstrapAdmins: readonly string[];
  devLoginEnabled: boolean;
}

/** The operator a session names, or null when it names none we accept. */
export function sessionOperator(
  session: Session | null,
  devLoginEnabled: boolean,
): { identity: OperatorIdentity; provider: SignInProvider } | null {
  const operator = session?.operator;
  if (!operator?.login) return null;
  // A dev-login cookie minted while dev login was on is worthless once it is off.
  if (operator.provider === "dev" && !devLoginEnabled) return null;
  return {
    identity: { kind: "operator", login: operator.login, organizations: operator.organizations, teams: operator.teams },
    provider: operator.provider,
  };
}

/** Role derivation for one session against one policy; pure, so it is tested directly. */
export function deriveConsoleAccess(session: Session | null, policy: AuthzPolicy, options: AccessOptions): ConsoleAccess {
  const operator = sessionOperator(session, options.devLoginEnabled);
  if (!operator) return { status: "signed_out" };
  const role = operatorRole(policy, operator.identity, options.bootstrapAdmins);
  if (role === "admin" || role === "read_only") return { status: "allowed", ...operator, role, policy };
  return { status: "refused", ...operator };
}

/** Loads the active policy and derives the session's access from it. */
export async function consoleAccess(db: Database, session: Session | null): Promise<ConsoleAccess> {
  const config = env();
  if (!sessionOperator(session, config.LAUNCHPLANE_DEV_LOGIN)) return { status: "signed_out" };
  const policy = await loadActiveAuthzPolicy(db);
  return deriveConsoleAccess(session, policy, {
    bootstrapAdmins: config.LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS,
    devLoginEnabled: config.LAUNCHPLANE_DEV_LOGIN,
  });
}
