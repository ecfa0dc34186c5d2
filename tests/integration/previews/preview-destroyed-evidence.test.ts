import { describe, expect, it } from "vitest";
import { generatePreviewId } from "@/server/contracts/preview";
import { ingestPreviewDestroyedEvidence } from "@/server/services/preview-destroyed-evidence";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { findPreview, linkedGenerations, listPreviewsForContext, readPreviewHistory } from "@/server/services/preview-history";
import { useTestDb } from "../../support/database";
import { destroyRequest, generationEvidence, headSha, previewRowCounts, previewScope } from "./preview-fixtures";
import { refusal } from "../../support/refusal";

const { db, queryCount, resetQueryCount } = useTestDb();

describe("preview destroyed evidence", () => {
  it("destroys an existing preview, keeps it readable with its whole history, and leaves generations untouched", async () => {
    const scope = previewScope();
    const first = await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { head: headSha(1) }));
    const second = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { head: headSha(2), requested_at: "2026-04-17T00:00:00Z" }),
    );
    const generationsBefore = await db.previewGeneration.findMany({
      where: { previewId: first.records.preview_id },
      orderBy: { sequence: "asc" },
    });

    const result = await ingestPreviewDestroyedEvidence(db, { product: scope.product, destroy: destroyRequest(scope) });
    expect(result).toMatchObject({ duplicate: false, records: { preview_id: first.records.preview_id, transition: "destroyed" } });

    const history = await readPreviewHistory(db, first.records.preview_id);
    expect(history?.preview.record).toMatchObject({
      state: "destroyed",
      updated_at: "2026-04-20T12:00:00Z",
      destroyed_at: "2026-04-20T12:00:00Z",
      destroy_reason: "pull_request_closed",
      active_generation_id: "",
      serving_generation_id: "",
      latest_generation_id: second.records.generation_id,
      latest_manifest_fingerprint: second.generation.resolved_manifest_fingerprint,
      canonical_url: first.preview.canonical_url,
    });
    expect(history?.generations.map((generation) => generation.generation_id)).toEqual([
      second.records.generation_id,
      first.records.generation_id,
    ]);
    const generationsAfter = await db.previewGeneration.findMany({
      where: { previewId: first.records.preview_id },
      orderBy: { sequence: "asc" },
    });
    expect(generationsAfter).toEqual(generationsBefore);

    const listed = await listPreviewsForContext(db, scope.context);
    expect(listed.map((preview) => [preview.record.preview_id, preview.record.state])).toEqual([
      [first.records.preview_id, "destroyed"],
    ]);
  });

  it("answers an identical re-send as a duplicate and a new ready generation revives the preview", async () => {
    const scope = previewScope();
    await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
    await ingestPreviewDestroyedEvidence(db, { product: scope.product, destroy: destroyRequest(scope) });
    const again = await ingestPreviewDestroyedEvidence(db, { product: scope.product, destroy: destroyRequest(scope) });
    expect(again.duplicate).toBe(true);

    const revived = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { head: headSha(5), requested_at: "2026-04-21T00:00:00Z", ready_at: "2026-04-21T00:05:00Z" }),
    );
    expect(revived.preview).toMatchObject({ state: "active", destroyed_at: "", destroy_reason: "", serving_generation_id: revived.records.generation_id });
  });

  it("refuses to destroy an unknown preview with 404 and writes nothing", async () => {
    const scope = previewScope();
    const error = await refusal(ingestPreviewDestroyedEvidence(db, { product: scope.product, destroy: destroyRequest(scope) }));
    expect(error.code).toBe("not_found");
    expect(error.message).toBe(`No Launchplane preview found for ${scope.context}/${scope.repo}/pr-${scope.pr}.`);
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 0, generations: 0 });
    expect(await findPreview(db, generatePreviewId(scope.context, scope.repo, scope.pr))).toBeNull();
  });

  it("refuses to destroy another product's preview and leaves it as it was", async () => {
    const scope = previewScope();
    const created = await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
    const error = await refusal(ingestPreviewDestroyedEvidence(db, {
      product: `${scope.product}-other`,
      destroy: destroyRequest(scope),
    }));
    expect(error.code).toBe("record_conflict");
    const stored = await findPreview(db, created.records.preview_id);
    expect(stored?.record.state).toBe("active");
  });
});

describe("preview read helpers", () => {
  it("reads history and linked generations in a bounded number of queries whatever the history size", async () => {
    const scope = previewScope();
    for (let build = 1; build <= 6; build += 1) {
      await ingestPreviewGenerationEvidence(
        db,
        generationEvidence(scope, { head: headSha(build), requested_at: `2026-04-1${build}T00:00:00Z`, state: build === 6 ? "failed" : "ready" }),
      );
    }
    const previewId = generatePreviewId(scope.context, scope.repo, scope.pr);
    resetQueryCount();
    const history = await readPreviewHistory(db, previewId, { limit: 2 });
    const listed = await listPreviewsForContext(db, scope.context, { product: scope.product });
    const linked = await linkedGenerations(db, listed.map((preview) => preview.record));
    expect(queryCount()).toBe(4);

    expect(history?.generations.map((generation) => generation.sequence)).toEqual([6, 5]);
    const preview = listed[0]!.record;
    expect(linked.get(preview.serving_generation_id)?.sequence).toBe(5);
    expect(linked.get(preview.latest_generation_id)?.state).toBe("failed");
    expect(await readPreviewHistory(db, `${previewId}-missing`)).toBeNull();
  });
});
