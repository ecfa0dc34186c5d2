import { describe, expect, it } from "vitest";
import { apiDocsModel } from "@/server/http/api-docs-model";
import { v1Catalog, type V1GetSpec, type V1PostSpec } from "@/server/http/v1-catalog";

const model = apiDocsModel();
const operations = model.areas.flatMap((area) => area.operations);
const find = (method: string, path: string) => operations.find((operation) => operation.method === method && operation.path === path)!;

describe("apiDocsModel", () => {
  it("shows every catalog route once, with its authorization action", () => {
    const specs = Object.values(v1Catalog) as Array<V1PostSpec | V1GetSpec>;
    expect(operations).toHaveLength(specs.length);
    for (const spec of specs) {
      const operation = find(spec.method.toUpperCase(), spec.path);
      expect(operation, `${spec.method} ${spec.path}`).toBeDefined();
      expect(operation.action).toBe(spec.action);
    }
  });

  it("groups routes by area", () => {
    expect(model.areas.map((area) => area.id)).toEqual(["evidence", "previews", "records", "products", "authorization", "service"]);
    expect(model.areas.find((area) => area.id === "service")!.operations.map((operation) => operation.path)).toEqual(["/v1/health", "/v1/openapi.json"]);
  });

  it("walks request bodies into fields, with required flags, patterns, enums and nesting", () => {
    const deployments = find("POST", "/v1/evidence/deployments");
    expect(deployments.authentication).toEqual(["GitHub Actions OIDC token"]);
    const deployment = deployments.requestFields!.find((field) => field.name === "deployment")!;
    expect(deployment).toMatchObject({ type: "object", required: true });
    const recordId = deployment.children.find((field) => field.name === "record_id")!;
    expect(recordId).toMatchObject({ type: "string", required: true, pattern: "^[A-Za-z0-9._:-]{1,200}$" });
    const artifact = deployment.children.find((field) => field.name === "artifact_identity")!;
    expect(artifact).toMatchObject({ nullable: true, required: false });
    expect(artifact.children.map((field) => field.name)).toEqual(["artifact_id", "manifest_version"]);
    const deploy = deployment.children.find((field) => field.name === "deploy")!;
    expect(deploy.children.find((field) => field.name === "status")!.enumValues).toEqual(expect.arrayContaining(["pass", "fail", "pending"]));
    expect(deployments.parameters).toContainEqual(expect.objectContaining({ location: "header", name: "idempotency-key", required: false }));
  });

  it("lists responses with their error codes and marks public routes", () => {
    const deployments = find("POST", "/v1/evidence/deployments");
    expect(deployments.responses.map((response) => response.status)).toEqual(expect.arrayContaining(["202", "400", "401", "403", "409"]));
    expect(deployments.responses.find((response) => response.status === "409")!.errorCodes).toEqual(
      expect.arrayContaining(["idempotency_key_reused", "record_conflict"]),
    );
    const health = find("GET", "/v1/health");
    expect(health).toMatchObject({ action: null, authentication: [], requestFields: null });
    const read = find("GET", "/v1/deployments/{id}");
    expect(read.authentication).toEqual(["GitHub Actions OIDC token", "console session"]);
    expect(read.parameters).toEqual([{ location: "path", name: "id", required: true, description: "" }]);
  });
});
