"use client";

import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { CSRF_HEADER, CSRF_HEADER_VALUE } from "@/server/trpc/mutation-origin";

/**
 * The console's typed tRPC hooks: `useTRPC()` gives query/mutation option
 * factories for TanStack Query (`useQuery(trpc.products.list.queryOptions())`).
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function makeTRPCClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/api/trpc",
        transformer: superjson,
        // Same-origin proof for mutations (checked server side in mutation-origin.ts).
        headers: () => ({ [CSRF_HEADER]: CSRF_HEADER_VALUE }),
      }),
    ],
  });
}
