import { openApiDocument } from "@/server/http/openapi-document";
import { newTraceId } from "@/server/http/trace-id";
import { v1Methods } from "@/server/http/v1-route";

export const dynamic = "force-dynamic";

/** The OpenAPI document itself (public, not wrapped in the envelope); its trace id travels in the header. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: async () =>
    Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "x-launchplane-trace-id": newTraceId() } }),
});
