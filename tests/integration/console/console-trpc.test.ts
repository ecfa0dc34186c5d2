import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Session } from "next-auth";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import type { OperatorIdentity } from "@/server/auth/identity";
import { GithubHumanGrantRequest } from "@/server/contracts/authz-policy";
import { ProductProfileRecord } from "@/server/contracts/product-profile";
import { LaunchplaneError } from "@/server/errors";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { addGithubHumanGrant, seedAuthzPolicyFromFile } from "@/server/services/authz-policy";
import { createContext, publicProcedure, router, type TRPCContext } from "@/server/trpc/init";
import { CSRF_HEADER } from "@/server/trpc/mutation-origin";
import { createCaller } from "@/server/trpc/root";
import { productsRouter } from "@/server/trpc/routers/products";
import { uniqueProduct } from "../../support/database";
import { useIsolatedTestDb } from "../../support/isolated-database";

// The active policy is global state, so this file has a database of its own.
const { db } = useIsolatedTestDb("console");

const alpha = uniqueProduct("alpha");
const beta = uniqueProduct("beta");
const gamma = uniqueProduct("gamma");

const POLICY = {
  schema_version: 1,
  github_humans: [
    { logins: ["root"], roles: ["admin"] },
    // Members of acme read alpha only.
    { organizations: ["acme"], roles: ["read_only"], products: [alpha], actions: ["product.read"] },
    // The ops team reads whatever lives in beta's context.
    { teams: ["acme/ops"], roles: ["read_only"], contexts: [beta] },
  ],
};

function profile(product: string, lanes: Array<{ context: string; instance: string }>) {
  return ProductProfileRecord.parse({
    product,
    display_name: `Product ${product}`,
    repository: `every/${product}`,
    driver_id: "generic-web",
    image: { repository: "" },
    lanes,
    updated_at: "2026-05-02T22:30:00Z",
    source: "test",
  });
}

function session(login: string, memberships: { organizations?: string[]; teams?: string[] } = {}): Session {
  return {
    expires: new Date(Date.now() + 3600_000).toISOString(),
    operator: { login, organizations: memberships.organizations ?? [], teams: memberships.teams ?? [], provider: "github" },
  };
}

function caller(who: Session | null) {
  return createCaller(createContext({ headers: new Headers(), session: who, source: "server", database: db }));
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error("expected a rejection");
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "launchplane-console-test-"));
  const file = join(dir, "policy.json");
  writeFileSync(file, JSON.stringify(POLICY));
  const seeded = await seedAuthzPolicyFromFile(db(), file);
  expect(seeded.outcome).toBe("seeded");
  const repository = productProfileRepository(db());
  await repository.upsert(profile(alpha, [{ context: alpha, instance: "testing" }]));
  await repository.upsert(profile(beta, [{ context: beta, instance: "prod" }]));
  await repository.upsert(profile(gamma, []));
});

describe("console procedures", () => {
  it("refuse a signed-out caller with UNAUTHORIZED", async () => {
    expect(await rejection(caller(null).products.list())).toEqual({ code: "UNAUTHORIZED", message: "Sign in to use the console." });
    expect((await rejection(caller(null).session.me())).code).toBe("UNAUTHORIZED");
  });

  it("tell a refused operator who they are, and refuse them data", async () => {
    const refused = caller(session("mallory", { organizations: ["elsewhere"] }));
    expect(await refused.session.me()).toMatchObject({ login: "mallory", role: "refused", organizations: ["elsewhere"] });
    expect(await rejection(refused.products.list())).toEqual({
      code: "FORBIDDEN",
      message: "No policy rule grants mallory access to this console.",
    });
  });

  it("list every product for an admin", async () => {
    const admin = caller(session("root"));
    expect(await admin.session.me()).toMatchObject({ login: "root", role: "admin", provider: "github" });
    const products = (await admin.products.list()).map((item) => item.product);
    expect(products).toEqual([alpha, beta, gamma].sort());
  });

  it("list only what product.read allows for a scoped read_only operator", async () => {
    const member = caller(session("ada", { organizations: ["acme"] }));
    expect(await member.session.me()).toMatchObject({ role: "read_only" });
    const items = await member.products.list();
    expect(items).toEqual([
      {
        product: alpha,
        display_name: `Product ${alpha}`,
        repository: `every/${alpha}`,
        driver_id: "generic-web",
        lifecycle_state: "active",
        lanes: [{ context: alpha, instance: "testing", base_url: "" }],
        preview: { enabled: false, context: "" },
        updated_at: "2026-05-02T22:30:00Z",
      },
    ]);

    const ops = caller(session("lin", { teams: ["acme/ops"] }));
    expect((await ops.products.list()).map((item) => item.product)).toEqual([beta]);
  });

  it("apply a policy change to an existing session at once", async () => {
    const who = session("newcomer");
    expect(await caller(who).session.me()).toMatchObject({ role: "refused" });
    const actor: OperatorIdentity = { kind: "operator", login: "root", organizations: [], teams: [] };
    await addGithubHumanGrant(
      db(),
      GithubHumanGrantRequest.parse({
        product: "launchplane",
        reason: "console test",
        grant: { logins: ["newcomer"], roles: ["read_only"], actions: ["product.read"] },
      }),
      actor,
    );
    expect(await caller(who).session.me()).toMatchObject({ role: "read_only" });
    expect((await caller(who).products.list()).map((item) => item.product)).toEqual([alpha, beta, gamma].sort());
  });
});

describe("the /api/trpc door", () => {
  // A mutation and a failing query built from the real procedures, served by the real fetch adapter.
  const doorRouter = router({
    ping: publicProcedure.mutation(() => "pong"),
    unavailable: publicProcedure.query((): string => {
      throw new LaunchplaneError("database_required", "DATABASE_URL is not configured");
    }),
    broken: publicProcedure.query((): string => {
      throw new Error("connect ECONNREFUSED 10.1.2.3:5432 password=hunter2");
    }),
    products: productsRouter,
  });

  function client(headers: Record<string, string>, context: Partial<TRPCContext> = {}) {
    return createTRPCClient<typeof doorRouter>({
      links: [
        httpLink({
          url: "http://console.test/api/trpc",
          transformer: superjson,
          headers,
          fetch: (url, init) =>
            fetchRequestHandler({
              endpoint: "/api/trpc",
              req: new Request(url, init as RequestInit),
              router: doorRouter,
              createContext: ({ req }) =>
                createContext({ headers: req.headers, session: null, source: "http", database: db, ...context }),
            }),
        }),
      ],
    });
  }

  const sameOrigin = { host: "console.test", origin: "http://console.test", [CSRF_HEADER]: "1" };

  it("runs a same-origin mutation that carries the custom header", async () => {
    expect(await client(sameOrigin).ping.mutate()).toBe("pong");
  });

  it("refuses a mutation from another origin, and one without the custom header", async () => {
    const crossSite = await client({ ...sameOrigin, origin: "https://evil.example" }).ping.mutate().catch((error: unknown) => error);
    expect(crossSite).toBeInstanceOf(TRPCClientError);
    expect((crossSite as TRPCClientError<typeof doorRouter>).data).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect((crossSite as Error).message).toBe("Cross-site request refused: origin https://evil.example is not this console.");

    const headerless = await client({ host: "console.test", origin: "http://console.test" }).ping.mutate().catch((error: unknown) => error);
    expect((headerless as Error).message).toBe(`Cross-site request refused: the ${CSRF_HEADER} header is missing.`);
  });

  it("maps a LaunchplaneError to its tRPC code and keeps the wire code and trace id", async () => {
    const error = (await client(sameOrigin).unavailable.query().catch((caught: unknown) => caught)) as TRPCClientError<typeof doorRouter>;
    expect(error.message).toBe("DATABASE_URL is not configured");
    expect(error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503, launchplaneCode: "database_required" });
    expect(error.data?.traceId).toMatch(/^launchplane_req_[0-9a-f]{32}$/);
    expect(error.data).not.toHaveProperty("stack");
  });

  it("hides an unexpected error's message and stack", async () => {
    const error = (await client(sameOrigin).broken.query().catch((caught: unknown) => caught)) as TRPCClientError<typeof doorRouter>;
    expect(error.message).toBe("Something went wrong on the server.");
    expect(error.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500, launchplaneCode: null });
    expect(JSON.stringify(error.shape)).not.toContain("hunter2");
    expect(error.data).not.toHaveProperty("stack");
  });

  it("answers 503 when the database cannot be reached, before any data is read", async () => {
    const error = (await client(sameOrigin, {
      session: session("root"),
      database: () => {
        throw new LaunchplaneError("database_required", "DATABASE_URL is not configured");
      },
    })
      .products.list.query()
      .catch((caught: unknown) => caught)) as TRPCClientError<typeof doorRouter>;
    expect(error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", launchplaneCode: "database_required" });
  });

  it("flattens input validation errors per field", async () => {
    const { z } = await import("zod");
    const validating = router({ echo: publicProcedure.input(z.object({ login: z.string().min(3) })).query(({ input }) => input.login) });
    const handler = (request: Request) =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req: request,
        router: validating,
        createContext: ({ req }) => createContext({ headers: req.headers, session: null, source: "http", database: db }),
      });
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ login: "x" })));
    const response = await handler(new Request(`http://console.test/api/trpc/echo?input=${input}`));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { zodError: { fieldErrors: Record<string, string[]> } } } } };
    expect(body.error.json.data.zodError.fieldErrors.login?.[0]).toMatch(/3/);
  });
});
