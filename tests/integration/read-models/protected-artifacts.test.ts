import { describe, expect, it } from "vitest";

import { readScope } from "@/server/auth/authorize";
import { AuthzPolicy } from "@/server/contracts/authz-policy";
import { PreviewPrFeedbackRequest } from "@/server/contracts/preview-pr-feedback";
import { ProtectedArtifactSet } from "@/server/contracts/protected-artifact-set";
import { ingestPreviewDestroyedEvidence } from "@/server/services/preview-destroyed-evidence";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { recordPreviewPrFeedback } from "@/server/services/preview-pr-feedback";
import { readProtectedArtifactSet } from "@/server/services/protected-artifacts";
import { uniqueProduct, useTestDb } from "../../support/database";
import { destroyRequest, generationEvidence, headSha } from "../previews/preview-fixtures";
import { deploy, growHistory, minute, type ReadModelProduct, seedReadModelProduct, statementsOf, storeManifest } from "./read-model-fixtures";
import { refusal } from "../../support/refusal";

const counter = useTestDb();
const { db } = counter;

const digestOf = (artifactId: string) => `sha256:${artifactId}`;
const IMAGE = "ghcr.io/cbusillo/odoo-private";

/**
 * Upstream's protected-artifact seed, in this product's contexts: manifests
 * and inventory for testing and prod, a promoted prod tuple, one active
 * preview with a ready generation and ready PR feedback, one destroyed preview.
 */
async function seedProtected(scope: ReadModelProduct) {
  const { product, context, previewContext } = scope;
  const testing = `artifact-${product}-testing`;
  const prod = `artifact-${product}-prod`;
  await storeManifest(db, product, testing);
  await storeManifest(db, product, prod);
  await deploy(db, product, { recordId: `dep-${product}-testing`, context, instance: "testing", artifactId: testing, finishedAt: minute(1) });
  await deploy(db, product, { recordId: `dep-${product}-prod`, context, instance: "prod", artifactId: prod, finishedAt: minute(2) });

  const active = { product, context: previewContext, repo: "tenant-app", pr: 196 };
  const ready = await ingestPreviewGenerationEvidence(db, generationEvidence(active, { head: headSha(1), artifact_id: `artifact-${product}-pr-196` }));
  const destroyed = { product, context: previewContext, repo: "tenant-app", pr: 195 };
  await ingestPreviewGenerationEvidence(db, generationEvidence(destroyed, { head: headSha(2), artifact_id: `artifact-${product}-pr-195` }));
  await ingestPreviewDestroyedEvidence(db, { product, destroy: destroyRequest(destroyed) });
  await recordPreviewPrFeedback(
    db,
    PreviewPrFeedbackRequest.parse({
      product,
      context: previewContext,
      repository: "every/tenant-app",
      anchor_repo: "tenant-app",
      anchor_pr_number: 196,
      anchor_pr_url: "https://github.com/every/tenant-app/pull/196",
      status: "ready",
      preview_url: "https://pr-196.preview.example.com",
      immutable_image_reference: "ghcr.io/every/app@sha256:feedback196",
      revision: "6b3c9d7",
    }),
    { now: new Date("2026-04-20T13:00:00Z") },
  );
  return { testing, prod, previewId: ready.records.preview_id, generationId: ready.records.generation_id! };
}

describe("readProtectedArtifactSet", () => {
  it("protects stable inventory, release tuples, live preview generations and ready feedback; missing manifests are warnings", async () => {
    const product = uniqueProduct("protected");
    const scope = await seedReadModelProduct(db, product);
    const { testing, prod, previewId, generationId } = await seedProtected(scope);

    const set = await readProtectedArtifactSet(db, { product });
    expect(() => ProtectedArtifactSet.parse(set)).not.toThrow();
    expect(set).toMatchObject({ schema_version: 1, product, context: "" });
    expect(set.entries.map((entry) => [entry.reason, entry.source_record_type, entry.source_record_id])).toEqual([
      ["stable-inventory", "environment_inventory", `${product}-prod`],
      ["stable-inventory", "environment_inventory", `${product}-testing`],
      ["release-tuple", "release_tuple", `${product}-prod-${prod}`],
      ["release-tuple", "release_tuple", `${product}-testing-${testing}`],
      ["active-preview-generation", "preview_generation", generationId],
      ["active-preview-feedback", "preview_pr_feedback", `preview-pr-feedback-${scope.previewContext}-pr-196-20260420T130000000Z`],
    ]);
    expect(set.entries[0]).toEqual({
      schema_version: 1,
      product,
      context: product,
      instance: "prod",
      environment_kind: "stable",
      artifact_id: prod,
      image_references: [`${IMAGE}:sha-6b3c9d7`, `${IMAGE}@${digestOf(prod)}`],
      source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
      reason: "stable-inventory",
      source_record_type: "environment_inventory",
      source_record_id: `${product}-prod`,
      image_repository: IMAGE,
      image_digest: digestOf(prod),
      preview_id: "",
      preview_generation_id: "",
      anchor_repo: "",
      anchor_pr_number: 0,
    });
    expect(set.entries[2]).toMatchObject({ instance: "prod", artifact_id: prod, source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab" });
    expect(set.entries[4]).toMatchObject({
      environment_kind: "preview",
      context: scope.previewContext,
      instance: "",
      artifact_id: `artifact-${product}-pr-196`,
      image_references: [],
      source_git_ref: headSha(1),
      preview_id: previewId,
      preview_generation_id: generationId,
      anchor_repo: "tenant-app",
      anchor_pr_number: 196,
    });
    expect(set.entries[5]).toMatchObject({ artifact_id: "", image_references: ["ghcr.io/every/app@sha256:feedback196"], source_git_ref: "6b3c9d7", preview_id: previewId });

    expect(set.artifact_ids).toEqual([`artifact-${product}-pr-196`, prod, testing].sort());
    expect(set.artifact_ids).not.toContain(`artifact-${product}-pr-195`);
    expect(set.image_digests).toEqual([digestOf(prod), digestOf(testing)].sort());
    expect(set.image_references).toEqual(
      ["ghcr.io/every/app@sha256:feedback196", `${IMAGE}:sha-6b3c9d7`, `${IMAGE}@${digestOf(prod)}`, `${IMAGE}@${digestOf(testing)}`].sort(),
    );
    expect(set.warnings).toEqual([
      `Protected artifact artifact-${product}-pr-196 from preview_generation has no stored artifact manifest; cleanup consumers must still treat the artifact id as protected.`,
    ]);
  });

  it("keeps a live artifact without a manifest protected and warns; a live record with no artifact at all is a fail-closed warning", async () => {
    const product = uniqueProduct("protected-warn");
    const scope = await seedReadModelProduct(db, product, {
      lanes: [
        { instance: "testing", context: product },
        { instance: "prod", context: product },
        { instance: "staging", context: product },
      ],
    });
    const unknown = `artifact-${product}-unmanifested`;
    await deploy(db, product, { recordId: `dep-${product}-prod`, context: scope.context, instance: "prod", artifactId: unknown });
    await deploy(db, product, { recordId: `dep-${product}-staging`, context: scope.context, instance: "staging", artifactId: null });

    const set = await readProtectedArtifactSet(db, { product });
    expect(set.artifact_ids).toEqual([unknown]);
    expect(set.entries).toEqual([
      expect.objectContaining({ reason: "stable-inventory", artifact_id: unknown, image_references: [], image_repository: "", image_digest: "" }),
    ]);
    expect(set.warnings).toEqual([
      `Live environment_inventory record ${product}-staging has no artifact id or image reference; cleanup consumers must fail closed for this scope.`,
      `Protected artifact ${unknown} from environment_inventory has no stored artifact manifest; cleanup consumers must still treat the artifact id as protected.`,
    ]);
  });

  it("narrows to one context; withholds contexts outside the caller's scope with a warning; refuses what it cannot answer", async () => {
    const product = uniqueProduct("protected-scope");
    const scope = await seedReadModelProduct(db, product);
    await seedProtected(scope);

    const previewsOnly = await readProtectedArtifactSet(db, { product, context: scope.previewContext });
    expect(previewsOnly.context).toBe(scope.previewContext);
    expect(new Set(previewsOnly.entries.map((entry) => entry.environment_kind))).toEqual(new Set(["preview"]));

    const caller = { kind: "operator" as const, login: "cleaner", organizations: [], teams: [] };
    const stableReader = readScope(
      AuthzPolicy.parse({ github_humans: [{ logins: ["cleaner"], products: [product], contexts: [scope.context], actions: ["artifact.read"] }] }),
      caller,
      "artifact",
    );
    const partial = await readProtectedArtifactSet(db, { product, scope: stableReader });
    expect(new Set(partial.entries.map((entry) => entry.context))).toEqual(new Set([scope.context]));
    expect(partial.warnings).toContain(
      `1 live record(s) of product ${product} are outside the caller's artifact.read scope and were withheld; cleanup consumers must fail closed.`,
    );
    expect(JSON.stringify(partial)).not.toContain("pr-196");

    const forbiddenContext = await refusal(() => readProtectedArtifactSet(db, { product, context: scope.previewContext, scope: stableReader }));
    expect(forbiddenContext.code).toBe("authorization_denied");
    const nobody = readScope(AuthzPolicy.parse({}), caller, "artifact");
    expect((await refusal(() => readProtectedArtifactSet(db, { product, scope: nobody }))).code).toBe("authorization_denied");

    const unknown = await refusal(() => readProtectedArtifactSet(db, { product: `${product}-missing` }));
    expect([unknown.code, unknown.message]).toEqual(["not_found", `Product '${product}-missing' was not found.`]);
    const blank = await refusal(() => readProtectedArtifactSet(db, { product: "  " }));
    expect([blank.code, blank.message]).toEqual(["invalid_request", "Protected artifact inventory requires a product query parameter."]);
  });

  it("sends the same number of statements with 5 and with 500 records of preview and release history", async () => {
    const product = uniqueProduct("protected-budget");
    const scope = await seedReadModelProduct(db, product);
    const { previewId } = await seedProtected(scope);
    const history = { ...scope, instance: "prod", previewId, anchorRepo: "tenant-app", anchorPrNumber: 196 };

    await growHistory(db, history, 0, 5);
    const small = await statementsOf(counter, () => readProtectedArtifactSet(db, { product }));
    const before = await readProtectedArtifactSet(db, { product });
    await growHistory(db, history, 5, 500);
    const large = await statementsOf(counter, () => readProtectedArtifactSet(db, { product }));
    const after = await readProtectedArtifactSet(db, { product });
    console.log(`protected artifact set statements: ${small} with 5 records of history per family, ${large} with 500`);

    expect(await db.previewGeneration.count({ where: { previewId } })).toBe(501);
    expect(await db.preview.count({ where: { product, state: "destroyed" } })).toBe(501);
    // Superseded generations, destroyed previews and old feedback protect nothing; the set is unchanged.
    expect(after.artifact_ids).toEqual(before.artifact_ids);
    expect(after.entries.map((entry) => entry.source_record_id)).toEqual(before.entries.map((entry) => entry.source_record_id));
    expect(large).toBe(small);
    expect(small).toBe(5);
  });
});
