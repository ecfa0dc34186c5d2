import type { Session } from "next-auth";
import { cache } from "react";
import { auth, authConfigured } from "@/server/auth/auth";
import { consoleAccess, type ConsoleAccess } from "@/server/auth/operator-access";
import { db } from "@/server/db";

/**
 * The signed-in operator for the request being rendered, computed once per
 * request however many server components ask. "not_configured" means
 * operator sign-in cannot work at all (no AUTH_SECRET).
 */
export type CurrentOperator = ConsoleAccess | { status: "not_configured" };

export const currentSession = cache(async (): Promise<Session | null> => (authConfigured() ? auth() : null));

export const currentOperator = cache(async (): Promise<CurrentOperator> => {
  if (!authConfigured()) return { status: "not_configured" };
  return consoleAccess(db(), await currentSession());
});
