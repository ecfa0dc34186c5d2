import { auth, authConfigured } from "@/server/auth/auth";
import { type ConsoleAccess, consoleAccess } from "@/server/auth/operator-access";
import { db } from "@/server/db";
import { isLaunchplaneError } from "@/server/errors";
import { type LiveAudience, recordEventStream } from "@/server/events/record-event-stream";
import { readableProducts } from "@/server/services/product-read-access";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";

export const dynamic = "force-dynamic";

function refused(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The console's live feed (server-sent events): record events the signed-in
 * operator may read. Access is derived from the session and the active policy
 * when the stream opens and again after policy changes and every few minutes.
 */
export async function GET(request: Request): Promise<Response> {
  if (!authConfigured()) return refused(503, "Operator sign-in is not configured.");
  try {
    const session = await auth();
    const database = db();
    const first = await consoleAccess(database, session);
    if (first.status === "signed_out") return refused(401, "Sign in to use the console.");
    if (first.status === "refused") return refused(403, "No policy rule grants you access to this console.");

    // The first load reuses the access just derived; later loads derive it again.
    let pending: ConsoleAccess | null = first;
    const loadAudience = async (): Promise<LiveAudience | null> => {
      // The session cookie was read once; an expired session ends the stream.
      if (session?.expires && Date.parse(session.expires) <= Date.now()) return null;
      const access = pending ?? (await consoleAccess(database, session));
      pending = null;
      if (access.status !== "allowed") return null;
      const scope = operatorReadScope({ operator: access.identity, policy: access.policy });
      return { scope, profiles: await readableProducts(database, scope) };
    };

    const body = await recordEventStream({ signal: request.signal, loadAudience });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-store, no-transform",
        connection: "keep-alive",
        // Reverse proxies (nginx) must not buffer the stream.
        "x-accel-buffering": "no",
      },
    });
  } catch (error) {
    if (isLaunchplaneError(error) && error.code === "database_required") return refused(503, error.message);
    throw error;
  }
}
