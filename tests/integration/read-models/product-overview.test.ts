import { describe, expect, it } from "vitest";

import { readScope } from "@/server/auth/authorize";
import { AuthzPolicy } from "@/server/contracts/authz-policy";
import { ProductOverview } from "@/server/contracts/product-overview";
import { ingestPreviewDestroyedEvidence } from "@/server/services/preview-destroyed-evidence";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { listProductOverviews, readProductOverview } from "@/server/services/product-overview";
import { uniqueProduct, useTestDb } from "../../support/database";
import { destroyRequest, generationEvidence, headSha } from "../previews/preview-fixtures";
import { deploy, growHistory, minute, observe, seedReadModelProduct, statementsOf, storeManifest } from "./read-model-fixtures";
import { refusal } from "../../support/refusal";

const counter = useTestDb();
const { db } = counter;

const operator = { kind: "operator" as const, login: "overseer", organizations: [], teams: [] };
function productScope(products: string[], contexts: string[] = []) {
  return readScope(
    AuthzPolicy.parse({ github_humans: [{ logins: ["overseer"], products, contexts, actions: ["product.read"] }] }),
    operator,
    "product",
  );
}

/** A product with a deployed testing lane, a failing prod lane and two live previews (one destroyed). */
async function seedBusyProduct(product: string) {
  const scope = await seedReadModelProduct(db, product);
  const artifact = `artifact-${product}`;
  await storeManifest(db, product, artifact);
  await deploy(db, product, { recordId: `dep-${product}-testing`, context: scope.context, instance: "testing", artifactId: artifact, finishedAt: minute(1) });
  await observe(db, { product, context: scope.context, instance: "testing" }, "pass", minute(2));
  await observe(db, { product, context: scope.context, instance: "prod" }, "fail", minute(3));
  const preview = (pr: number) => ({ product, context: scope.previewContext, repo: "tenant-app", pr });
  await ingestPreviewGenerationEvidence(db, generationEvidence(preview(1), { head: headSha(1) }));
  const newest = await ingestPreviewGenerationEvidence(
    db,
    generationEvidence(preview(2), { head: headSha(2), preview: { updated_at: "2026-04-17T08:10:00Z", eligible_at: "2026-04-17T08:10:00Z" } }),
  );
  await ingestPreviewGenerationEvidence(db, generationEvidence(preview(3), { head: headSha(3) }));
  await ingestPreviewDestroyedEvidence(db, { product, destroy: destroyRequest(preview(3)) });
  return { scope, newestPreviewId: newest.records.preview_id };
}

describe("product overviews", () => {
  it("shows a product's lanes with trust and health, open incidents and live previews", async () => {
    const product = uniqueProduct("overview");
    const { scope } = await seedBusyProduct(product);

    const overview = await readProductOverview(db, product);
    expect(() => ProductOverview.parse(overview)).not.toThrow();
    expect(overview).toMatchObject({
      schema_version: 1,
      product,
      display_name: `Product ${product}`,
      repository: `acme/${product}`,
      driver_id: "generic-web",
      lifecycle_state: "active",
      open_incident_count: 1,
      provenance: { source_kind: "record", source_record_id: product, freshness_status: "recorded", detail: "Launchplane product profile record." },
    });
    expect(overview.environments.map((environment) => [environment.environment, environment.context])).toEqual([
      ["testing", scope.context],
      ["prod", scope.context],
    ]);
    const [testing, prod] = overview.environments;
    expect(testing).toMatchObject({
      artifact_id: `artifact-${product}`,
      runtime_identity_status: "unchecked",
      health: { status: "healthy", open_incident_count: 0, latest_observed_at: new Date(minute(2)).toISOString() },
      provenance: { source_record_id: `dep-${product}-testing`, detail: "Launchplane environment inventory record." },
    });
    expect(["verified", "stale"]).toContain(testing!.trust_state);
    expect(prod).toMatchObject({
      artifact_id: "",
      trust_state: "missing",
      health: { status: "failing", open_incident_count: 1 },
      provenance: { freshness_status: "missing", detail: `Launchplane has not recorded lane evidence for ${scope.context}/prod.` },
    });
    expect(overview.trust_state).toBe("missing");
    expect(overview.preview).toMatchObject({ enabled: true, context: scope.previewContext, active_count: 2 });
    expect(overview.preview.provenance.detail).toBe("Latest Launchplane preview generation record.");
  });

  it("lists only readable products, pages by product key, and shows only readable lanes", async () => {
    const first = uniqueProduct("overview-list-a");
    const second = uniqueProduct("overview-list-b");
    const hidden = uniqueProduct("overview-list-c");
    await seedBusyProduct(first);
    await seedReadModelProduct(db, second, { preview: { enabled: false } });
    await seedReadModelProduct(db, hidden);

    const both = productScope([first, second]);
    const page = await listProductOverviews(db, { scope: both });
    expect(page.items.map((item) => item.product)).toEqual([first, second]);
    expect(page.next_cursor).toBeNull();
    expect(page.items[1]!.preview).toMatchObject({ enabled: false, active_count: 0, trust_state: "unsupported" });
    expect(page.items[1]!.environments.map((environment) => environment.trust_state)).toEqual(["missing", "missing"]);

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const onePage: Awaited<ReturnType<typeof listProductOverviews>> = await listProductOverviews(db, { scope: both, limit: 1, cursor });
      walked.push(...onePage.items.map((item) => item.product));
      cursor = onePage.next_cursor;
    } while (cursor);
    expect(walked).toEqual([first, second]);

    // A grant for the preview context only: the product is listed, its stable lanes are not.
    const previewOnly = await listProductOverviews(db, { scope: productScope([first], [`${first}-preview`]) });
    expect(previewOnly.items).toHaveLength(1);
    expect(previewOnly.items[0]!.environments).toEqual([]);
    expect(previewOnly.items[0]!.preview.active_count).toBe(2);
    expect(previewOnly.items[0]!.open_incident_count).toBe(0);

    expect((await listProductOverviews(db, { scope: productScope([hidden], ["elsewhere"]) })).items).toEqual([]);
    expect((await refusal(() => readProductOverview(db, hidden, { scope: both }))).code).toBe("authorization_denied");
    expect((await refusal(() => readProductOverview(db, `${hidden}-missing`, { scope: both }))).code).toBe("not_found");
    expect((await refusal(() => listProductOverviews(db, { cursor: "%%%" }))).message).toBe("cursor is not a cursor this service issued");
  });

  it("sends the same number of statements with 5 and with 500 records of history", async () => {
    const product = uniqueProduct("overview-budget");
    const other = uniqueProduct("overview-budget-b");
    const { scope } = await seedBusyProduct(product);
    await seedBusyProduct(other);
    const readable = productScope([product, other]);

    await growHistory(db, scope, 0, 5);
    const smallOne = await statementsOf(counter, () => readProductOverview(db, product));
    const smallList = await statementsOf(counter, () => listProductOverviews(db, { scope: readable }));
    await growHistory(db, scope, 5, 500);
    const largeOne = await statementsOf(counter, () => readProductOverview(db, product));
    const largeList = await statementsOf(counter, () => listProductOverviews(db, { scope: readable }));
    console.log(`product overview statements: one product ${smallOne} / ${largeOne}, list ${smallList} / ${largeList} (5 / 500 records of history)`);

    const overview = await readProductOverview(db, product);
    expect(overview.preview.active_count).toBe(2);
    expect(overview.environments.find((environment) => environment.environment === "prod")?.health.open_incident_count).toBe(1);
    expect(largeOne).toBe(smallOne);
    expect(largeList).toBe(smallList);
    expect(smallOne).toBe(3);
    expect(smallList).toBe(3);
  });
});
