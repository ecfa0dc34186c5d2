import { NextRequest } from "next/server";
import { handlers } from "@/server/auth/auth";
import { publicRequestUrl } from "@/server/auth/public-url";
import { env } from "@/server/env";

// Auth.js builds the OAuth callback URL from the request URL; give it the public one.
function publicRequest(request: NextRequest): NextRequest {
  if (env().AUTH_URL) return request;
  return new NextRequest(publicRequestUrl(request.url, request.headers), request);
}

export function GET(request: NextRequest): Promise<Response> {
  return handlers.GET(publicRequest(request));
}

export function POST(request: NextRequest): Promise<Response> {
  return handlers.POST(publicRequest(request));
}
