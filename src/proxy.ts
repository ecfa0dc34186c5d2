import { type NextRequest, NextResponse } from "next/server";
import { auth, authConfigured, SIGN_IN_PATH } from "@/server/auth/auth";
import { publicRequestUrl } from "@/server/auth/public-url";
import { env } from "@/server/env";
import { newTraceId } from "@/server/http/trace-id";
import { rejectedResponse } from "@/server/http/v1-envelope";

/**
 * Console pages need a session: a browser without one goes to sign-in and
 * comes back to where it was (callbackUrl). Role checks need the policy and
 * happen in the console layout and every tRPC procedure; this only spares a
 * signed-out browser a render. /v1, /api and the public pages are excluded.
 */
function signInUrl(request: NextRequest, callbackUrl?: string): URL {
  // With AUTH_URL set, Auth.js has already rewritten the request URL to it.
  const base = env().AUTH_URL ? new URL(request.url) : publicRequestUrl(request.url, request.headers);
  const url = new URL(SIGN_IN_PATH, base);
  if (callbackUrl) url.searchParams.set("callbackUrl", callbackUrl);
  return url;
}

const requireSession = auth((request) => {
  if (request.auth?.operator) return NextResponse.next();
  return NextResponse.redirect(signInUrl(request, `${request.nextUrl.pathname}${request.nextUrl.search}`));
});

export default function proxy(...args: Parameters<typeof requireSession>) {
  const [request] = args;
  if (request.nextUrl.pathname.startsWith("/v1/")) return malformedPathRefusal(request) ?? NextResponse.next();
  if (!authConfigured()) return NextResponse.redirect(signInUrl(request));
  return requireSession(...args);
}

/**
 * A /v1 path whose percent-encoding does not decode would reach Next's router
 * and fail there with a plain-text 500; it answers in the /v1 envelope
 * instead. Only paths carrying a "%" come here (see the matcher).
 */
function malformedPathRefusal(request: NextRequest): Response | null {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return null;
  } catch {
    return rejectedResponse(newTraceId(), "invalid_request", "the request path is not valid percent-encoding");
  }
}

export const config = {
  matcher: ["/((?!api/|v1/|v1$|_next/|sign-in|access-refused|icon|favicon|robots\\.txt).*)", "/v1/(.*%.*)"],
};
