import { cache } from "react";
import { auth, authConfigured } from "@/server/auth/auth";
import { consoleAccess, type ConsoleAccess } from "@/server/auth/operator-access";
import { db } from "@/server/db";

/**
 * The signed-in operator's access for the request being rendered, computed
 * once per request however many server components ask. "not_configured"
 * means operator sign-in cannot work at all (no AUTH_SECRET).
 */
export type CurrentOperator = ConsoleAccess | { status: "not_configured" };

export const currentOperator = cache(async (): Promise<CurrentOperator> => {
  if (!authConfigured()) return { status: "not_configured" };
  const session = await auth();
  return consoleAccess(db(), session);
});
