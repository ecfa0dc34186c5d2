import { authorize, type ReadScope, readScope } from "@/server/auth/authorize";
import type { OperatorIdentity } from "@/server/auth/identity";
import type { AuthzPolicy } from "@/server/contracts/authz-policy";
import { env } from "@/server/env";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";

/**
 * What a console operator may read, for procedures: every console read is
 * `product.read` against the record's product and context (DECISIONS 3), so
 * an operator scoped to one product never reaches another's records.
 */
export interface OperatorReadContext {
  db: DbClient;
  operator: OperatorIdentity;
  policy: AuthzPolicy;
}

export const CONSOLE_READ_FAMILY = "product";

/** The operator's `product.read` scope, for filtering lists in SQL. */
export function operatorReadScope(ctx: Pick<OperatorReadContext, "operator" | "policy">): ReadScope {
  return readScope(ctx.policy, ctx.operator, CONSOLE_READ_FAMILY, { bootstrapAdmins: env().LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS });
}

/** True when the operator may read records of `product` in `context`. */
function operatorMayRead(ctx: Pick<OperatorReadContext, "operator" | "policy">, product: string, context: string): boolean {
  return authorize(ctx.policy, ctx.operator, `${CONSOLE_READ_FAMILY}.read`, product, context, {
    bootstrapAdmins: env().LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS,
  }).allowed;
}

/** 403 (as /v1 single-record reads) unless the operator may read `product` in `context`. */
export function requireOperatorRead(
  ctx: Pick<OperatorReadContext, "operator" | "policy">,
  product: string,
  context: string,
  what: string,
): void {
  if (!operatorMayRead(ctx, product, context)) {
    throw new LaunchplaneError(
      "authorization_denied",
      `You may not read ${what}: product.read is not granted for product '${product}' in context '${context}'.`,
    );
  }
}
