import type { Identity } from "@/server/auth/identity";
import { db } from "@/server/db";
import { requireAuthorization } from "@/server/services/authz-policy";

/** 403 unless the active policy lets `identity` perform the scoped action. */
export async function authorizeIdentity(
  identity: Identity,
  scope: { action?: string; product: string; context: string },
): Promise<void> {
  if (!scope.action) throw new Error("authorization needs an action");
  await requireAuthorization(db(), identity, scope.action, scope.product, scope.context);
}
