import { describe, expect, it } from "vitest";

import {
  findProductProfile,
  listProductProfiles,
  listProductProfilesForContext,
  readProductProfile,
  upsertProductProfile,
} from "@/server/services/product-profiles";
import { uniqueProduct, useTestDb } from "../../support/database";
import { profilePayload } from "./config-fixtures";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();

async function storedAt(product: string): Promise<Date | null> {
  const row = await db.productProfile.findUnique({ where: { product }, select: { storedAt: true } });
  return row?.storedAt ?? null;
}

describe("upsertProductProfile", () => {
  it("creates, answers unchanged for the same record, and replaces on change", async () => {
    const product = uniqueProduct("profile");
    const created = await upsertProductProfile(db, profilePayload(product));
    expect(created).toMatchObject({ product, action: "created", normalization: [] });
    expect(created.record.default_branch).toBe("main");

    const firstStoredAt = await storedAt(product);
    const again = await upsertProductProfile(db, profilePayload(product));
    expect(again.action).toBe("unchanged");
    expect(await storedAt(product)).toEqual(firstStoredAt);

    const updated = await upsertProductProfile(
      db,
      profilePayload(product, { display_name: "Renamed", updated_at: "2026-04-21T09:00:00Z" }),
    );
    expect(updated.action).toBe("updated");
    const read = await readProductProfile(db, product);
    expect(read.display_name).toBe("Renamed");
    expect(read.updated_at).toBe("2026-04-21T09:00:00Z");
    const row = await db.productProfile.findUnique({ where: { product } });
    expect(row?.displayName).toBe("Renamed");
    expect(row?.updatedAt.toISOString()).toBe("2026-04-21T09:00:00.000Z");
  });

  it("strips the legacy alert_issue_url from health checks and reports it", async () => {
    const product = uniqueProduct("legacy");
    const legacy = profilePayload(product, {
      lanes: [
        {
          instance: "prod",
          context: product,
          base_url: `https://${product}.example.com`,
          health_monitoring: {
            monitoring_intent: "public",
            checks: [{ name: "public-ingress", kind: "public_http", alert_issue_url: "https://github.com/acme/ops/issues/7" }],
          },
        },
      ],
    });
    const result = await upsertProductProfile(db, legacy);
    expect(result.action).toBe("created");
    expect(result.normalization).toEqual(["lanes[0].health_monitoring.checks[0]: stripped alert_issue_url"]);
    const row = await db.productProfile.findUnique({ where: { product }, select: { payload: true } });
    expect(JSON.stringify(row?.payload)).not.toContain("alert_issue_url");
    expect((await readProductProfile(db, product)).lanes[0]!.health_monitoring.checks[0]!.name).toBe("public-ingress");
  });

  it("refuses a payload that fails the record contract and writes nothing", async () => {
    const product = uniqueProduct("invalid");
    const error = await refusal(() => upsertProductProfile(db, profilePayload(product, { runtime_port: 3000, health_path: "" })));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("product profile with runtime_port requires health_path");
    const unknownField = await refusal(() => upsertProductProfile(db, profilePayload(product, { owner: "someone" })));
    expect(unknownField.code).toBe("invalid_request");
    expect(await findProductProfile(db, product)).toBeNull();
  });

  it("refuses an enabled public check that cannot resolve a URL (write-only rule)", async () => {
    const product = uniqueProduct("nourl");
    const error = await refusal(() =>
      upsertProductProfile(
        db,
        profilePayload(product, {
          lanes: [
            {
              instance: "prod",
              context: product,
              health_monitoring: { monitoring_intent: "public", checks: [{ name: "site", kind: "public_http" }] },
            },
          ],
        }),
      ),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe("public HTTP health check requires base_url or explicit health_url");
    expect(await findProductProfile(db, product)).toBeNull();
  });

  it("refuses a timestamp that is not ISO 8601 and writes nothing", async () => {
    const product = uniqueProduct("badtime");
    const error = await refusal(() => upsertProductProfile(db, profilePayload(product, { updated_at: "yesterday" })));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("updated_at");
    expect(await findProductProfile(db, product)).toBeNull();
  });

  it("keeps historical_contexts append-only and refuses reusing one as a current context", async () => {
    const product = uniqueProduct("history");
    const legacyContext = `${product}-testing`;
    await upsertProductProfile(db, profilePayload(product, { historical_contexts: [legacyContext] }));

    const dropped = await refusal(() =>
      upsertProductProfile(db, profilePayload(product, { historical_contexts: [], updated_at: "2026-04-22T00:00:00Z" })),
    );
    expect(dropped.code).toBe("invalid_request");
    expect(dropped.message).toBe(`product profile historical contexts are append-only: ${legacyContext}`);

    const reused = await refusal(() =>
      upsertProductProfile(
        db,
        profilePayload(product, {
          historical_contexts: [legacyContext],
          lanes: [{ instance: "testing", context: legacyContext }],
          updated_at: "2026-04-22T00:00:00Z",
        }),
      ),
    );
    expect(reused.code).toBe("invalid_request");
    expect(reused.message).toBe(
      `product profile current contexts cannot reuse historical contexts: lane:testing=${legacyContext}`,
    );
    const stored = await readProductProfile(db, product);
    expect(stored.historical_contexts).toEqual([legacyContext]);
    expect(stored.updated_at).toBe("2026-04-20T16:00:00Z");

    const grown = await upsertProductProfile(
      db,
      profilePayload(product, { historical_contexts: [legacyContext, `${product}-old`], updated_at: "2026-04-23T00:00:00Z" }),
    );
    expect(grown.action).toBe("updated");
    expect((await readProductProfile(db, product)).historical_contexts).toEqual([legacyContext, `${product}-old`]);
  });
});

describe("profile reads", () => {
  it("answers not_found for a product without a profile", async () => {
    const error = await refusal(() => readProductProfile(db, uniqueProduct("missing")));
    expect(error.code).toBe("not_found");
    expect(error.status).toBe(404);
  });

  it("lists by exact driver_id, sorted by product", async () => {
    const driver = uniqueProduct("driver");
    const second = uniqueProduct("zz-list");
    const first = uniqueProduct("aa-list");
    await upsertProductProfile(db, profilePayload(second, { driver_id: driver }));
    await upsertProductProfile(db, profilePayload(first, { driver_id: driver }));
    await upsertProductProfile(db, profilePayload(uniqueProduct("other"), { driver_id: `${driver}-x` }));
    const listed = await listProductProfiles(db, { driverId: driver });
    expect(listed.map((profile) => profile.product)).toEqual([first, second]);
    const all = await listProductProfiles(db);
    expect(all.some((profile) => profile.product === first)).toBe(true);
  });

  it("finds the products that own a context as lane, historical or preview context", async () => {
    const product = uniqueProduct("owner");
    const historical = `${product}-legacy`;
    const preview = `${product}-previews`;
    await upsertProductProfile(
      db,
      profilePayload(product, {
        historical_contexts: [historical],
        preview: { enabled: true, context: preview },
      }),
    );
    for (const context of [product, historical, preview]) {
      const owners = await listProductProfilesForContext(db, context);
      expect(owners.map((profile) => profile.product)).toEqual([product]);
    }
    expect(await listProductProfilesForContext(db, `${product}-nowhere`)).toEqual([]);
    // A disabled preview context is not ownership.
    const quiet = uniqueProduct("quiet");
    await upsertProductProfile(db, profilePayload(quiet, { preview: { enabled: false, context: `${quiet}-pv` } }));
    expect(await listProductProfilesForContext(db, `${quiet}-pv`)).toEqual([]);
  });
});
