import { initTRPC, TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import superjson from "superjson";
import { z } from "zod";
import { consoleAccess, type ConsoleAccess } from "@/server/auth/operator-access";
import { db, type Database } from "@/server/db";
import { env } from "@/server/env";
import { isLaunchplaneError } from "@/server/errors";
import { newTraceId } from "@/server/http/trace-id";
import { LaunchplaneErrorCause, toTRPCError } from "@/server/trpc/launchplane-trpc-error";
import { mutationOriginProblem } from "@/server/trpc/mutation-origin";

/**
 * tRPC for the operator console. Every procedure starts from `publicProcedure`
 * (error translation + same-origin mutations); `signedInProcedure`,
 * `operatorProcedure` and `adminProcedure` add who may call it.
 */
export interface TRPCContext {
  traceId: string;
  /**
   * The database, resolved when a procedure needs it: a missing DATABASE_URL
   * then answers that procedure with 503 database_required instead of
   * failing the whole request before error translation runs.
   */
  database: () => Database;
  /** "http" for browser requests through /api/trpc; "server" for in-process callers (server components). */
  source: "http" | "server";
  headers: Headers;
  session: Session | null;
  /** Already derived for this request (server components); otherwise derived by the procedure. */
  access?: ConsoleAccess;
}

export function createContext(input: Omit<TRPCContext, "traceId" | "database"> & { database?: () => Database }): TRPCContext {
  const { database, ...rest } = input;
  return { traceId: newTraceId(), database: database ?? db, ...rest };
}

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on the server.";

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  // The shape the console reads: no stack, ever; the wire code and trace id
  // to show an operator; zod issues flattened per field for forms.
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const launchplane = cause instanceof LaunchplaneErrorCause ? cause : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !launchplane;
    const zodError = error.code === "BAD_REQUEST" && cause instanceof z.ZodError ? z.flattenError(cause) : null;
    return {
      code: shape.code,
      message: internal ? INTERNAL_ERROR_MESSAGE : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path ?? null,
        launchplaneCode: launchplane?.launchplaneCode ?? null,
        details: launchplane?.details ?? null,
        zodError,
        traceId: ctx?.traceId ?? null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** LaunchplaneError → TRPCError, for everything below it in the chain. */
const translateErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isLaunchplaneError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

/** Browser mutations must come from this console (see mutation-origin.ts). */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.source === "http") {
    const authUrl = env().AUTH_URL;
    const problem = mutationOriginProblem(ctx.headers, { trustedOrigins: authUrl ? [authUrl] : [] });
    if (problem) throw new TRPCError({ code: "FORBIDDEN", message: `Cross-site request refused: ${problem}.` });
  }
  return next();
});

export const publicProcedure = t.procedure.use(translateErrors).use(sameOriginMutations);

/** Signed in, whatever the policy says of them (session.me answers refused operators too). */
export const signedInProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const database = ctx.database();
  const access = ctx.access ?? (await consoleAccess(database, ctx.session));
  if (access.status === "signed_out") throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to use the console." });
  return next({ ctx: { db: database, access } });
});

/** Signed in and granted a role by the active policy. */
export const operatorProcedure = signedInProcedure.use(({ ctx, next }) => {
  const { access } = ctx;
  if (access.status !== "allowed") {
    throw new TRPCError({ code: "FORBIDDEN", message: `No policy rule grants ${ctx.access.status === "refused" ? ctx.access.identity.login : "you"} access to this console.` });
  }
  return next({ ctx: { operator: access.identity, role: access.role, policy: access.policy, provider: access.provider } });
});

export const adminProcedure = operatorProcedure.use(({ ctx, next }) => {
  if (ctx.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "This needs the admin role." });
  return next();
});
