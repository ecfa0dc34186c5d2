import { openApiDocument } from "@/server/http/openapi-document";

/**
 * The /v1 OpenAPI document read into what the console's /api-docs page shows:
 * routes grouped by area, each with its method, authorization action,
 * parameters, request body fields (walked from the JSON schema) and
 * responses with their error codes. Pure data; the page renders it.
 */

export interface ApiField {
  name: string;
  /** "string", "integer", "object", "array of object", "map of string"... */
  type: string;
  required: boolean;
  nullable: boolean;
  description: string;
  enumValues: string[];
  defaultValue: string | null;
  pattern: string | null;
  children: ApiField[];
}

export interface ApiParameter {
  location: string;
  name: string;
  required: boolean;
  description: string;
}

export interface ApiResponse {
  status: string;
  description: string;
  errorCodes: string[];
}

export interface ApiOperation {
  /** Anchor id on the page. */
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  /** The policy action that authorizes it; null for public routes. */
  action: string | null;
  /** How a caller authenticates: "GitHub Actions OIDC", "console session". */
  authentication: string[];
  parameters: ApiParameter[];
  requestFields: ApiField[] | null;
  responses: ApiResponse[];
}

export interface ApiArea {
  id: string;
  title: string;
  description: string;
  operations: ApiOperation[];
}

export interface ApiDocsModel {
  title: string;
  version: string;
  description: string;
  areas: ApiArea[];
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  pattern?: string;
  additionalProperties?: boolean | Schema;
  $ref?: string;
};

const AREAS: Array<{ id: string; title: string; description: string; matches: (path: string) => boolean }> = [
  {
    id: "evidence",
    title: "Evidence",
    description: "What workflows report: deployments, promotions, backup gates, artifacts, previews and health observations. Append-only.",
    matches: (path) => path.startsWith("/v1/evidence/"),
  },
  {
    id: "previews",
    title: "Previews",
    description: "Pull request previews: records, history, desired state, lifecycle plans and cleanup, PR feedback.",
    matches: (path) => path.startsWith("/v1/previews"),
  },
  {
    id: "records",
    title: "Records",
    description: "Single records by id or key. 404 when absent, 403 when outside the caller's scope.",
    matches: (path) => /^\/v1\/(deployments|promotions|backup-gates|artifacts|inventory|release-tuples)\//.test(path),
  },
  {
    id: "products",
    title: "Products",
    description: "Product profiles and the read models of products and their lanes.",
    matches: (path) => path.startsWith("/v1/products") || path.startsWith("/v1/product-profiles"),
  },
  {
    id: "authorization",
    title: "Authorization",
    description: "Changes to the authorization policy.",
    matches: (path) => path.startsWith("/v1/authz-policies"),
  },
  {
    id: "service",
    title: "Service",
    description: "Health and this description. Public.",
    matches: () => true,
  },
];

const SECURITY_LABELS: Record<string, string> = {
  githubActionsOidc: "GitHub Actions OIDC token",
  consoleSession: "console session",
};

const MAX_DEPTH = 8;

function resolve(schema: Schema | undefined, components: Record<string, Schema>): Schema {
  if (!schema) return {};
  if (schema.$ref?.startsWith("#/components/schemas/")) {
    return components[schema.$ref.slice("#/components/schemas/".length)] ?? {};
  }
  return schema;
}

/** `anyOf: [X, {type: null}]` is X, nullable. */
function unwrapNullable(schema: Schema, components: Record<string, Schema>): { schema: Schema; nullable: boolean } {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const resolved = variants.map((variant) => resolve(variant, components));
    const nonNull = resolved.filter((variant) => variant.type !== "null");
    if (nonNull.length === 1 && nonNull.length < resolved.length) return { schema: { ...nonNull[0], description: schema.description ?? nonNull[0]!.description }, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const rest = schema.type.filter((type) => type !== "null");
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { schema, nullable: false };
}

function typeName(schema: Schema, components: Record<string, Schema>): string {
  if (schema.const !== undefined) return `constant ${JSON.stringify(schema.const)}`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map((variant) => typeName(unwrapNullable(resolve(variant, components), components).schema, components)).join(" or ");
  if (schema.type === "array") return `array of ${typeName(unwrapNullable(resolve(schema.items, components), components).schema, components)}`;
  if (schema.type === "object" && !schema.properties && typeof schema.additionalProperties === "object") {
    return `map of ${typeName(resolve(schema.additionalProperties, components), components)}`;
  }
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  if (schema.type) return schema.type;
  if (schema.properties) return "object";
  return "any";
}

function objectFields(schema: Schema, components: Record<string, Schema>, depth: number): ApiField[] {
  if (depth > MAX_DEPTH) return [];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && !schema.properties) {
    // A union of object shapes: every field any shape accepts, optional unless all require it.
    const shapes = variants.map((variant) => unwrapNullable(resolve(variant, components), components).schema).filter((shape) => shape.properties);
    const merged = new Map<string, ApiField>();
    for (const shape of shapes) {
      for (const field of objectFields(shape, components, depth)) {
        const seen = merged.get(field.name);
        merged.set(field.name, seen ? { ...seen, required: seen.required && field.required } : field);
      }
    }
    return [...merged.values()];
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, raw]) => fieldOf(name, raw, required.has(name), components, depth));
}

function fieldOf(name: string, raw: Schema, required: boolean, components: Record<string, Schema>, depth: number): ApiField {
  const { schema, nullable } = unwrapNullable(resolve(raw, components), components);
  const items = schema.type === "array" ? unwrapNullable(resolve(schema.items, components), components).schema : null;
  const nested = items ?? schema;
  const enumSource = items?.enum ?? schema.enum;
  return {
    name,
    type: typeName(schema, components),
    required: required && schema.default === undefined,
    nullable,
    description: schema.description ?? raw.description ?? "",
    enumValues: (enumSource ?? []).map((value) => (typeof value === "string" ? value : JSON.stringify(value))),
    defaultValue: schema.default === undefined ? null : JSON.stringify(schema.default),
    pattern: schema.pattern ?? null,
    children: nested.properties || nested.anyOf || nested.oneOf ? objectFields(nested, components, depth + 1) : [],
  };
}

function anchor(method: string, path: string): string {
  return `${method}-${path}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

interface OperationObject {
  summary?: string;
  description?: string;
  security?: Array<Record<string, unknown>>;
  parameters?: Array<{ in: string; name: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
  "x-launchplane-action"?: string;
}

export function apiDocsModel(document: ReturnType<typeof openApiDocument> = openApiDocument()): ApiDocsModel {
  const doc = document as unknown as {
    info: { title: string; version: string; description?: string };
    paths: Record<string, Record<string, OperationObject>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const components = doc.components?.schemas ?? {};
  const areas = AREAS.map((area) => ({ id: area.id, title: area.title, description: area.description, operations: [] as ApiOperation[] }));
  const paths = Object.keys(doc.paths).sort();
  for (const path of paths) {
    for (const [method, operation] of Object.entries(doc.paths[path]!)) {
      const action = operation["x-launchplane-action"] ?? null;
      const requestSchema = operation.requestBody?.content?.["application/json"]?.schema;
      const entry: ApiOperation = {
        id: anchor(method, path),
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? "",
        description: (operation.description ?? "").replace(/\s*Authorization action: `[^`]+`\.\s*$/, "").replace(/^Public\.$/, "").trim(),
        action,
        authentication: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)).map((key) => SECURITY_LABELS[key] ?? key),
        parameters: (operation.parameters ?? []).map((parameter) => ({
          location: parameter.in,
          name: parameter.name,
          required: parameter.required ?? false,
          description: parameter.description ?? parameter.schema?.description ?? "",
        })),
        requestFields: requestSchema ? objectFields(resolve(requestSchema, components), components, 0) : null,
        responses: Object.entries(operation.responses ?? {})
          .sort(([left], [right]) => left.localeCompare(right))
          .map(([status, response]) => ({
            status,
            description: Number(status) >= 400 ? "" : (response.description ?? ""),
            errorCodes: Number(status) >= 400 ? (response.description ?? "").split(",").map((code) => code.trim()).filter(Boolean) : [],
          })),
      };
      const index = AREAS.findIndex((area) => area.matches(path));
      areas[index]!.operations.push(entry);
    }
  }
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description ?? "",
    areas: areas.filter((area) => area.operations.length > 0),
  };
}
