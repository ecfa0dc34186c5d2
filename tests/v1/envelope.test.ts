import { describe, expect, it } from "vitest";
import { TRACE_ID_PATTERN } from "@/server/http/trace-id";
import { tokenFor, v1 } from "../support/v1-client";
import { REPOS } from "../support/v1-policy";

describe("the /v1 envelope", () => {
  it("answers health publicly with the upstream shape", async () => {
    const response = await v1("GET", "/v1/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok", trace_id: expect.stringMatching(TRACE_ID_PATTERN), storage_backend: "postgres" });
    expect(response.headers.get("x-launchplane-trace-id")).toBe(response.body.trace_id);
  });

  it("answers unknown paths with a JSON 404, never an HTML page", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const response = await v1(method, "/v1/no/such/route", method === "POST" ? {} : undefined);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.body.status).toBe("rejected");
      expect(response.body.error?.code).toBe("not_found");
      expect(response.body.trace_id).toMatch(TRACE_ID_PATTERN);
    }
  });

  it("answers a path with broken percent-encoding with a JSON 400, never Next's 500", async () => {
    for (const path of ["/v1/deployments/%ff", "/v1/inventory/a%E0%A4%A/prod", "/v1/%zz"]) {
      const response = await v1("GET", path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.body.error?.code).toBe("invalid_request");
      expect(response.body.trace_id).toMatch(TRACE_ID_PATTERN);
    }
    // Well-formed escapes still reach the route.
    const escaped = await v1("GET", "/v1/deployments/a%3Ab");
    expect(escaped.status).toBe(401);
  });

  it("answers a wrong method with 405 and an Allow header", async () => {
    const onPost = await v1("GET", "/v1/evidence/deployments");
    expect(onPost.status).toBe(405);
    expect(onPost.headers.get("allow")).toBe("POST");
    expect(onPost.body.error?.code).toBe("method_not_allowed");

    const onGet = await v1("DELETE", "/v1/health");
    expect(onGet.status).toBe(405);
    expect(onGet.headers.get("allow")).toBe("GET");
  });

  it("serves the OpenAPI document publicly", async () => {
    const response = await v1("GET", "/v1/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    const paths = response.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths["/v1/evidence/deployments"] ?? {})).toEqual(["post"]);
  });

  it("gives every response a fresh trace id", async () => {
    const token = await tokenFor(REPOS.trusted);
    const first = await v1("GET", "/v1/deployments/unknown-record", undefined, { token });
    const second = await v1("GET", "/v1/deployments/unknown-record", undefined, { token });
    expect(first.status).toBe(404);
    expect(first.body.trace_id).not.toBe(second.body.trace_id);
  });
});
