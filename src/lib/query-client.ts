import { defaultShouldDehydrateQuery, QueryCache, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

interface ErrorWithStatus {
  data?: { httpStatus?: number } | null;
}

function httpStatusOf(error: unknown): number | undefined {
  return (error as ErrorWithStatus | null)?.data?.httpStatus ?? undefined;
}

/**
 * One factory for the browser's QueryClient and the per-request server one
 * (prefetch + hydration). Client errors (4xx) are answers, not glitches: they
 * are not retried.
 */
export function makeQueryClient(options: { onUnauthorized?: () => void } = {}): QueryClient {
  return new QueryClient({
    // A 401 means the session ended: the browser goes back to sign-in.
    queryCache: new QueryCache({
      onError: (error) => {
        if (httpStatusOf(error) === 401) options.onUnauthorized?.();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          const status = httpStatusOf(error);
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
      },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
