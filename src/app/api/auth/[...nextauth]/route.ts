import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth/auth";
import { publicRequestUrl } from "@/server/auth/public-url";
import { env } from "@/server/env";

/**
 * Auth.js builds the OAuth redirect URI and its redirects from the request
 * URL, so it gets the public one (see public-url.ts). A plain Request carries
 * it: a NextRequest would rewrite a loopback host such as 127.0.0.1 to
 * "localhost", and the browser's cookies would then not come back.
 */
async function publicRequest(request: NextRequest): Promise<NextRequest> {
  if (env().AUTH_URL) return request;
  const body = request.method === "POST" ? await request.arrayBuffer() : undefined;
  const plain = new Request(publicRequestUrl(request.url, request.headers), { method: request.method, headers: request.headers, body });
  // Auth.js reads only url, method, headers and body.
  return plain as unknown as NextRequest;
}

export async function GET(request: NextRequest): Promise<Response> {
  return handlers.GET(await publicRequest(request));
}

export async function POST(request: NextRequest): Promise<Response> {
  return handlers.POST(await publicRequest(request));
}
