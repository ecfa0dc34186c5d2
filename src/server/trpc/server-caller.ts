import { headers } from "next/headers";
import { cache } from "react";
import { auth, authConfigured } from "@/server/auth/auth";
import { currentOperator } from "@/server/auth/current-operator";
import { createContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

/**
 * The console's procedures called in-process from server components, with
 * the same authorization and error translation as /api/trpc. One caller per
 * request; it reuses the access the console layout already derived.
 */
export const serverCaller = cache(async () => {
  const session = authConfigured() ? await auth() : null;
  const current = await currentOperator();
  return createCaller(
    createContext({
      headers: new Headers(await headers()),
      session,
      source: "server",
      access: current.status === "not_configured" ? undefined : current,
    }),
  );
});
