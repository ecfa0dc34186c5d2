"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { type ReactNode, useState } from "react";
import { TooltipProvider } from "@/components/ui/tooltip";
import { makeQueryClient } from "@/lib/query-client";
import { makeTRPCClient, TRPCProvider } from "@/lib/trpc";

/**
 * Client-side context for the whole app: theme (dark/light follows the
 * system unless the operator picks one), TanStack Query, tRPC, tooltips.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() =>
    makeQueryClient({
      onUnauthorized: () => {
        const here = `${window.location.pathname}${window.location.search}`;
        window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
      },
    }),
  );
  const [trpcClient] = useState(makeTRPCClient);

  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <TooltipProvider delayDuration={250}>{children}</TooltipProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
