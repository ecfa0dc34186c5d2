import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { ERROR_STATUS, type ErrorCode } from "@/server/errors";
import { v1Catalog, type V1GetSpec, type V1PostSpec } from "@/server/http/v1-catalog";

/**
 * The OpenAPI 3.1 document of /v1, generated from the route catalog and the
 * zod contracts it names (request bodies as accepted, responses as sent).
 */
const traceId = z.string().regex(/^launchplane_req_[0-9a-f]{32}$/).meta({ description: "This request's trace id" });

const Rejected = z
  .object({
    status: z.literal("rejected"),
    trace_id: traceId,
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Rejected" });

function rejection(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      { description: list.join(", "), content: { "application/json": { schema: Rejected } } },
    ]),
  );
}

const AUTH_ERRORS: ErrorCode[] = ["authentication_required", "auth_not_configured", "authorization_denied"];

function postOperation(spec: V1PostSpec): ZodOpenApiOperationObject {
  const records = z.object(Object.fromEntries(spec.records.map((key) => [key, z.string().optional()])));
  return {
    summary: spec.summary,
    description: `${spec.description ? `${spec.description}\n\n` : ""}Authorization action: \`${spec.action}\`.`,
    security: [{ githubActionsOidc: [] }],
    "x-launchplane-action": spec.action,
    requestParams: {
      header: z.object({
        "idempotency-key": z.string().optional().meta({ description: "Replays the first accepted response for the same body" }),
      }),
    },
    requestBody: { required: true, content: { "application/json": { schema: spec.request } } },
    responses: {
      "202": {
        description: "Accepted",
        content: {
          "application/json": {
            schema: z.object({
              status: z.literal("accepted"),
              trace_id: traceId,
              records,
              result: z.record(z.string(), z.unknown()).optional(),
              replayed: z.boolean().optional(),
              original_trace_id: z.string().optional(),
            }),
          },
        },
      },
      ...rejection(["invalid_request", ...AUTH_ERRORS, "not_found", "idempotency_key_reused", "record_conflict", "payload_too_large", "database_required"]),
    },
  };
}

function getOperation(spec: V1GetSpec): ZodOpenApiOperationObject {
  const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return {
    summary: spec.summary,
    description: spec.action ? `Authorization action: \`${spec.action}\`.` : "Public.",
    security: spec.action ? [{ githubActionsOidc: [] }, { consoleSession: [] }] : [],
    ...(spec.action ? { "x-launchplane-action": spec.action } : {}),
    requestParams: {
      ...(params.length ? { path: z.object(Object.fromEntries(params.map((name) => [name, z.string()]))) } : {}),
      ...(spec.query ? { query: spec.query } : {}),
    },
    responses: {
      "200": {
        description: "OK",
        content: {
          "application/json": {
            schema: spec.path === "/v1/openapi.json" ? spec.response : z.object({ status: z.literal("ok"), trace_id: traceId }).extend((spec.response as z.ZodObject).shape),
          },
        },
      },
      ...rejection(spec.action ? [...AUTH_ERRORS, "not_found", "database_required"] : ["database_required"]),
    },
  };
}

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const spec of Object.values(v1Catalog) as Array<V1PostSpec | V1GetSpec>) {
    const item = (paths[spec.path] ??= {});
    item[spec.method] = spec.method === "post" ? postOperation(spec) : getOperation(spec);
  }
  cached = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Launchplane /v1",
      version: "1",
      description:
        "Machine ingress for GitHub workflows: evidence writes, reads and read models. Wire-compatible with the upstream Launchplane service.",
    },
    components: {
      securitySchemes: {
        githubActionsOidc: { type: "http", scheme: "bearer", bearerFormat: "GitHub Actions OIDC JWT (RS256)" },
        consoleSession: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
      },
    },
    paths,
  });
  return cached;
}
