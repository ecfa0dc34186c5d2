import { newTraceId } from "@/server/http/trace-id";
import { rejectedResponse } from "@/server/http/v1-envelope";

export const dynamic = "force-dynamic";

/** Unknown /v1 paths answer in the JSON envelope, never with Next's HTML page. */
function notFound(request: Request): Response {
  return rejectedResponse(newTraceId(), "not_found", `no /v1 route for ${new URL(request.url).pathname}`);
}

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
