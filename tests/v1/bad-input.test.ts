import { Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { tokenFor, v1, v1Streamed, useV1Database, type V1Response } from "../support/v1-client";
import { expectNothingWritten, expectRejected } from "../support/v1-expectations";
import { type BodyScope, type Json, postRoutes, type PostRoute, uniqueScope } from "../support/v1-fixtures";
import { REPOS, SCOPED, TEST_POLICY } from "../support/v1-policy";
import { badCredentials, credentialOf } from "../support/v1-tokens";

/**
 * Every refusal of every POST route (the catalog is iterated, so a new route
 * is covered as soon as it is catalogued): each answers with its documented
 * status and code in the JSON envelope, and none writes a row anywhere.
 * The order of checks (DECISIONS 1) decides which refusal a request with
 * several faults gets.
 */
const db = useV1Database();

const MAX_BODY_BYTES = 64 * 1024;

interface Tokens {
  trusted: string;
  stranger: string;
  scoped: string;
  /** The scoped repository from a workflow file its rule does not cover. */
  scopedOtherWorkflow: string;
  expired: string;
}

const tokens = {} as Tokens;

beforeAll(async () => {
  Object.assign(tokens, {
    trusted: await tokenFor(REPOS.trusted),
    stranger: await tokenFor(REPOS.stranger),
    scoped: await tokenFor(REPOS.scoped),
    scopedOtherWorkflow: await tokenFor(REPOS.scoped, {
      claims: { workflow_ref: `${REPOS.scoped}/tools/deploy.yml@refs/heads/main`, job_workflow_ref: `${REPOS.scoped}/tools/deploy.yml@refs/heads/main` },
    }),
    expired: await tokenFor(REPOS.trusted, { expiresInSeconds: -60 }),
  } satisfies Tokens);
});

interface Case {
  name: string;
  status: number;
  code: string;
  send: () => Promise<V1Response>;
  /** Credentials the answer must not echo. */
  secrets?: () => string[];
}

const rawPost = (path: string, raw: string, token: () => string | null) => () => v1("POST", path, undefined, { token: token(), raw });
const jsonPost = (path: string, body: unknown, token: () => string | null, headers?: Record<string, string>) => () =>
  v1("POST", path, body, { token: token(), headers });

/** A value of another JSON type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number") return "12345";
  if (typeof value === "boolean") return "true";
  if (Array.isArray(value)) return { not: "an array" };
  if (value && typeof value === "object") return ["not", "an", "object"];
  return 12345;
}

/** The path of the first object nested inside the body (arrays included), if any. */
function firstNestedObject(body: Json): string[] | null {
  const visit = (value: unknown, path: string[]): string[] | null => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const found = visit(item, [...path, String(index)]);
        if (found) return found;
      }
      return null;
    }
    if (value && typeof value === "object") {
      if (path.length > 0) return path;
      for (const [key, member] of Object.entries(value)) {
        const found = visit(member, [key]);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(body, []);
}

function withAt(body: Json, path: string[], change: (target: Record<string, unknown>) => void): Json {
  const copy = structuredClone(body);
  let target: Record<string, unknown> = copy;
  for (const step of path) target = target[step] as Record<string, unknown>;
  change(target);
  return copy;
}

/** Top-level fields the contract requires (no default, not optional). */
function requiredFields(route: PostRoute): string[] {
  const schema = z.toJSONSchema(route.spec.request, { io: "input", unrepresentable: "any" }) as { required?: string[] };
  return schema.required ?? [];
}

function badBodyCases(route: PostRoute, body: Json): Case[] {
  const path = route.spec.path;
  const trusted = () => tokens.trusted;
  const cases: Case[] = [
    { name: "malformed JSON", status: 400, code: "invalid_request", send: rawPost(path, '{"product": ', trusted) },
    { name: "a JSON array", status: 400, code: "invalid_request", send: rawPost(path, "[]", trusted) },
    { name: "the valid body inside an array", status: 400, code: "invalid_request", send: rawPost(path, JSON.stringify([body]), trusted) },
    { name: "a JSON string", status: 400, code: "invalid_request", send: rawPost(path, '"deployment"', trusted) },
    { name: "a JSON number", status: 400, code: "invalid_request", send: rawPost(path, "42", trusted) },
    { name: "JSON null", status: 400, code: "invalid_request", send: rawPost(path, "null", trusted) },
    { name: "JSON true", status: 400, code: "invalid_request", send: rawPost(path, "true", trusted) },
    { name: "an empty body", status: 400, code: "invalid_request", send: rawPost(path, "", trusted) },
    { name: "no body at all", status: 400, code: "invalid_request", send: () => v1("POST", path, undefined, { token: tokens.trusted }) },
    { name: "an empty object", status: 400, code: "invalid_request", send: jsonPost(path, {}, trusted) },
    { name: "an unknown top-level field", status: 400, code: "invalid_request", send: jsonPost(path, { ...body, unexpected_field: "x" }, trusted) },
    { name: "schema_version as a string", status: 400, code: "invalid_request", send: jsonPost(path, { ...body, schema_version: "1" }, trusted) },
    { name: "schema_version 0", status: 400, code: "invalid_request", send: jsonPost(path, { ...body, schema_version: 0 }, trusted) },
    {
      name: "a NUL character in a string",
      status: 400,
      code: "invalid_request",
      send: jsonPost(path, { ...body, product: `${String(body.product)}\u0000` }, trusted),
    },
    {
      name: "an unpaired surrogate in a string",
      status: 400,
      code: "invalid_request",
      send: rawPost(path, JSON.stringify(body).replace(/"product":"/, '"product":"\\ud800'), trusted),
    },
    {
      name: "an Idempotency-Key longer than 200 characters",
      status: 400,
      code: "invalid_request",
      send: jsonPost(path, body, trusted, { "idempotency-key": "k".repeat(201) }),
    },
  ];
  for (const [field, value] of Object.entries(body)) {
    cases.push({ name: `a wrong type for ${field}`, status: 400, code: "invalid_request", send: jsonPost(path, { ...body, [field]: wrongType(value) }, trusted) });
  }
  for (const field of requiredFields(route)) {
    const { [field]: _removed, ...rest } = body;
    cases.push({ name: `without the required ${field}`, status: 400, code: "invalid_request", send: jsonPost(path, rest, trusted) });
  }
  const nested = firstNestedObject(body);
  if (nested) {
    const where = nested.join(".");
    cases.push({
      name: `an unknown field inside ${where}`,
      status: 400,
      code: "invalid_request",
      send: jsonPost(path, withAt(body, nested, (target) => (target.unexpected_nested_field = "x")), trusted),
    });
    const [firstKey] = Object.keys(nestedValue(body, nested));
    if (firstKey) {
      cases.push({
        name: `a wrong type for ${where}.${firstKey}`,
        status: 400,
        code: "invalid_request",
        send: jsonPost(path, withAt(body, nested, (target) => (target[firstKey] = wrongType(target[firstKey]))), trusted),
      });
    }
  }
  return cases;
}

function nestedValue(body: Json, path: string[]): Record<string, unknown> {
  let target: unknown = body;
  for (const step of path) target = (target as Record<string, unknown>)[step];
  return target as Record<string, unknown>;
}

function oversizeCases(route: PostRoute, body: Json): Case[] {
  const path = route.spec.path;
  const oversized = JSON.stringify({ ...body, padding: "x".repeat(MAX_BODY_BYTES + 1024) });
  return [
    { name: "a declared Content-Length over the limit", status: 413, code: "payload_too_large", send: rawPost(path, oversized, () => tokens.trusted) },
    { name: "a declared Content-Length over the limit without a token", status: 413, code: "payload_too_large", send: rawPost(path, oversized, () => null) },
    { name: "a streamed body over the limit", status: 413, code: "payload_too_large", send: () => v1Streamed(path, 4 * MAX_BODY_BYTES, { token: tokens.trusted }) },
    { name: "a streamed body over the limit without a token", status: 413, code: "payload_too_large", send: () => v1Streamed(path, 4 * MAX_BODY_BYTES) },
  ];
}

const BAD_CREDENTIALS = badCredentials();

/** Every authentication failure, with a valid body so only the credential is wrong. */
function authenticationCases(route: PostRoute, body: Json): Case[] {
  const path = route.spec.path;
  const cases: Case[] = [{ name: "no token", status: 401, code: "authentication_required", send: jsonPost(path, body, () => null) }];
  for (const credential of BAD_CREDENTIALS) {
    let header = "";
    cases.push({
      name: credential.name,
      status: 401,
      code: "authentication_required",
      send: async () => {
        header = await credential.header();
        return v1("POST", path, body, { headers: { authorization: header } });
      },
      secrets: () => [credentialOf(header)],
    });
  }
  return cases;
}

const SCOPED_ACTIONS = TEST_POLICY.github_actions.find((rule) => rule.repository === REPOS.scoped)!.actions as readonly string[];

function authorizationCases(route: PostRoute, build: (scope?: Partial<BodyScope>) => Json): Case[] {
  const path = route.spec.path;
  const other = uniqueScope("outside");
  const cases: Case[] = [
    { name: "a workflow the policy does not know", status: 403, code: "authorization_denied", send: jsonPost(path, build(), () => tokens.stranger) },
    {
      name: "the scoped repository from a workflow its rule does not cover",
      status: 403,
      code: "authorization_denied",
      send: jsonPost(path, build(SCOPED), () => tokens.scopedOtherWorkflow),
    },
    {
      name: "the scoped repository on its product in another context",
      status: 403,
      code: "authorization_denied",
      send: jsonPost(path, build({ product: SCOPED.product, context: other.context }), () => tokens.scoped),
    },
    {
      name: "the scoped repository on another product in its context",
      status: 403,
      code: "authorization_denied",
      send: jsonPost(path, build({ product: other.product, context: SCOPED.context }), () => tokens.scoped),
    },
  ];
  if (!SCOPED_ACTIONS.includes(route.spec.action)) {
    cases.push({
      name: `the scoped repository inside its scope, without ${route.spec.action}`,
      status: 403,
      code: "authorization_denied",
      send: jsonPost(path, build(SCOPED), () => tokens.scoped),
    });
  }
  return cases;
}

/** DECISIONS 1: which refusal wins when a request has several faults. */
function orderCases(route: PostRoute, body: Json): Case[] {
  const path = route.spec.path;
  return [
    { name: "order: no token and malformed JSON → 401", status: 401, code: "authentication_required", send: rawPost(path, "{", () => null) },
    {
      name: "order: no token and an unknown field → 401",
      status: 401,
      code: "authentication_required",
      send: jsonPost(path, { ...body, unexpected_field: 1 }, () => null),
    },
    {
      name: "order: an expired token and an empty body → 401",
      status: 401,
      code: "authentication_required",
      send: () => v1("POST", path, undefined, { token: tokens.expired, raw: "" }),
    },
    {
      name: "order: a valid token and a bad body → 400 before authorization",
      status: 400,
      code: "invalid_request",
      send: jsonPost(path, { ...body, unexpected_field: 1 }, () => tokens.stranger),
    },
    {
      name: "order: an oversized body with an invalid token → 413",
      status: 413,
      code: "payload_too_large",
      send: () => v1("POST", path, undefined, { token: "not-a-jwt", raw: JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES + 1) }) }),
    },
  ];
}

describe.each(postRoutes())("POST $spec.path", (route) => {
  it("has a body builder whose body the contract accepts", () => {
    expect(route.build, `tests/support/v1-fixtures.ts has no builder for ${route.name}`).toBeDefined();
    const parsed = route.spec.request.safeParse(route.build!());
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });
  if (!route.build) return;

  const body = route.build();
  const cases = [
    ...badBodyCases(route, body),
    ...oversizeCases(route, body),
    ...authenticationCases(route, body),
    ...authorizationCases(route, route.build),
    ...orderCases(route, body),
  ];

  it.each(cases)("refuses $name with $status $code and writes nothing", async (testCase) => {
    const response = await expectNothingWritten(db, testCase.send);
    expectRejected(response, testCase.status, testCase.code, [tokens.trusted, tokens.stranger, tokens.scoped, ...(testCase.secrets?.() ?? [])]);
  });
});

describe("a connection that carried an oversized body", () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(() => agent.destroy());

  it("still answers the next request on it (the rest of the body was read and dropped)", async () => {
    const path = "/v1/evidence/deployments";
    const first = await expectNothingWritten(db, () => v1Streamed(path, 4 * MAX_BODY_BYTES, { token: tokens.trusted, agent }));
    expectRejected(first, 413, "payload_too_large", [tokens.trusted]);
    expect(first.headers.get("connection")).not.toBe("close");
    const second = await expectNothingWritten(db, () => v1Streamed(path, 2 * MAX_BODY_BYTES, { agent }));
    expectRejected(second, 413, "payload_too_large");
  });
});
