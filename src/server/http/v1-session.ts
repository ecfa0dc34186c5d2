import { auth, authConfigured } from "@/server/auth/auth";
import type { OperatorIdentity } from "@/server/auth/identity";
import { sessionOperator as operatorOfSession } from "@/server/auth/operator-access";
import { env } from "@/server/env";

/**
 * The operator behind a console session cookie, for /v1 GETs. What the
 * operator may read is decided by the same policy as for workflows.
 */
export async function sessionOperator(): Promise<OperatorIdentity | null> {
  if (!authConfigured()) return null;
  const session = await auth();
  return operatorOfSession(session, env().LAUNCHPLANE_DEV_LOGIN)?.identity ?? null;
}
