import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { auth, authConfigured } from "@/server/auth/auth";
import { logger } from "@/server/logger";
import { createContext } from "@/server/trpc/init";
import { LaunchplaneErrorCause } from "@/server/trpc/launchplane-trpc-error";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    async createContext({ resHeaders }) {
      const session = authConfigured() ? await auth() : null;
      const context = createContext({ headers: request.headers, session, source: "http" });
      resHeaders.set("x-launchplane-trace-id", context.traceId);
      return context;
    },
    onError({ error, path, ctx }) {
      // Unexpected failures are logged here (the browser only gets a trace id).
      if (error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof LaunchplaneErrorCause)) {
        logger.error({ trace_id: ctx?.traceId, route: `trpc:${path ?? "?"}`, err: error.cause?.message ?? error.message }, "console request failed");
      }
    },
  });
}

export { handler as GET, handler as POST };
