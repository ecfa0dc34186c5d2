import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/lib/query-client";
import { currentOperator, currentSession } from "@/server/auth/current-operator";
import { createContext, type TRPCContext } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/root";

/**
 * tRPC from server components, with the same authorization and error
 * translation as /api/trpc but no HTTP. Everything here is per request.
 *
 * - `serverCaller()`: call a procedure and render its result.
 * - `trpcServer()` + `<HydrateClient>`: prefetch a query so a client component
 *   using `useQuery(trpc.x.y.queryOptions())` starts with the data.
 */
const serverContext = cache(async (): Promise<TRPCContext> => {
  const current = await currentOperator();
  return createContext({
    headers: new Headers(await headers()),
    session: await currentSession(),
    source: "server",
    // Reuse what the console layout already derived for this request.
    access: current.status === "not_configured" ? undefined : current,
  });
});

export const serverCaller = cache(async () => createCaller(await serverContext()));

export const getServerQueryClient = cache(makeQueryClient);

export const trpcServer = cache(() =>
  createTRPCOptionsProxy({ ctx: serverContext, router: appRouter, queryClient: getServerQueryClient }),
);

/** Hands the queries prefetched during this render to the client components inside. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getServerQueryClient())}>{children}</HydrationBoundary>;
}
