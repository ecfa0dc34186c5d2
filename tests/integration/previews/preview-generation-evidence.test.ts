import { describe, expect, it } from "vitest";
import { buildPreviewLabel, generatePreviewId } from "@/server/contracts/preview";
import { generatePreviewGenerationId } from "@/server/contracts/preview-generation";
import { readPreviewHistory } from "@/server/services/preview-history";
import { ingestPreviewGenerationEvidence } from "@/server/services/preview-generation-evidence";
import { useTestDb } from "../../support/database";
import { generationEvidence, headSha, previewRowCounts, previewScope } from "./preview-fixtures";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();


describe("preview and generation ids (upstream examples)", () => {
  it("derives ids, labels and zero-padded generation ids as upstream does", () => {
    expect(generatePreviewId("opw", "tenant-opw", 123)).toBe("preview-opw-tenant-opw-pr-123");
    expect(generatePreviewGenerationId("preview-opw-tenant-opw-pr-123", 2)).toBe(
      "preview-opw-tenant-opw-pr-123-generation-0002",
    );
    expect(generatePreviewGenerationId("preview-x", 12345)).toBe("preview-x-generation-12345");
    expect(buildPreviewLabel("opw", "tenant-opw", 123)).toBe("opw/tenant-opw/pr-123");
    expect(generatePreviewId("Ctx", "My_Repo.v2", 7)).toBe("preview-ctx-my-repo-v2-pr-7");
  });

  it("stores upstream's verireel example under the derived ids", async () => {
    const scope = { ...previewScope("verireel"), repo: "verireel" };
    const evidence = generationEvidence(scope, { canonical_url: "https://pr-123.ver-preview.shinycomputers.com" });
    const result = await ingestPreviewGenerationEvidence(db, evidence);

    const previewId = `preview-${scope.context}-verireel-pr-123`;
    expect(result.records).toEqual({
      preview_id: previewId,
      generation_id: `${previewId}-generation-0001`,
      transition: "ready",
    });
    const history = await readPreviewHistory(db, previewId);
    expect(history?.preview.product).toBe(scope.product);
    expect(history?.preview.record).toMatchObject({
      preview_id: previewId,
      preview_label: `${scope.context}/verireel/pr-123`,
      state: "active",
      canonical_url: "https://pr-123.ver-preview.shinycomputers.com",
      created_at: "2026-04-16T08:10:00Z",
    });
    expect(history?.generations).toHaveLength(1);
    expect(history?.generations[0]).toMatchObject({
      generation_id: `${previewId}-generation-0001`,
      sequence: 1,
      state: "ready",
      artifact_id: "ghcr.io/every/app:pr-123-6b3c9d7",
      anchor_summary: {
        repo: "verireel",
        pr_number: 123,
        head_sha: "6b3c9d7e8f901234567890abcdef1234567890ab",
        pr_url: "https://github.com/every/verireel/pull/123",
      },
    });
  });
});

describe("sequence assignment", () => {
  it("assigns max + 1 across several generations and lists history newest first", async () => {
    const scope = previewScope();
    const ids: string[] = [];
    for (let build = 1; build <= 4; build += 1) {
      const result = await ingestPreviewGenerationEvidence(
        db,
        generationEvidence(scope, { head: headSha(build), requested_at: `2026-04-16T0${build}:00:00Z` }),
      );
      ids.push(result.records.generation_id);
    }
    const previewId = generatePreviewId(scope.context, scope.repo, scope.pr);
    expect(ids).toEqual([1, 2, 3, 4].map((sequence) => generatePreviewGenerationId(previewId, sequence)));

    const history = await readPreviewHistory(db, previewId, { limit: 3 });
    expect(history?.generations.map((generation) => generation.sequence)).toEqual([4, 3, 2]);
    expect(history?.preview.record.latest_generation_id).toBe(ids[3]);
  });

  it("continues after a pinned sequence from the highest stored one", async () => {
    const scope = previewScope();
    await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { head: headSha(1), sequence: 7 }));
    const next = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { head: headSha(2), requested_at: "2026-04-17T00:00:00Z" }),
    );
    expect(next.generation.sequence).toBe(8);
    expect(next.records.generation_id).toMatch(/-generation-0008$/);
  });

  it("gives concurrent new generations distinct consecutive sequences", async () => {
    const scope = previewScope();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((build) =>
        ingestPreviewGenerationEvidence(
          db,
          generationEvidence(scope, { state: "building", head: headSha(build), requested_at: `2026-04-16T1${build}:00:00Z` }),
        ),
      ),
    );
    expect(results.map((result) => result.generation.sequence).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 1, generations: 5 });
  });
});

describe("transitions", () => {
  it("ready makes the preview active with the generation serving and latest", async () => {
    const scope = previewScope();
    const building = await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { state: "building" }));
    expect(building.preview).toMatchObject({ state: "pending", serving_generation_id: "", latest_generation_id: building.records.generation_id });

    const ready = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { state: "ready", requested_at: "2026-04-16T08:05:00Z" }),
    );
    expect(ready.records.transition).toBe("ready");
    expect(ready.generation.sequence).toBe(2);
    expect(ready.preview).toMatchObject({
      state: "active",
      updated_at: "2026-04-16T08:10:00Z",
      active_generation_id: ready.records.generation_id,
      serving_generation_id: ready.records.generation_id,
      latest_generation_id: ready.records.generation_id,
      latest_manifest_fingerprint: ready.generation.resolved_manifest_fingerprint,
    });
    const stored = await db.preview.findUniqueOrThrow({ where: { previewId: ready.records.preview_id } });
    expect(stored.state).toBe("active");
  });

  it("failed marks the new generation failed while the older ready one keeps serving", async () => {
    const scope = previewScope();
    const ready = await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { head: headSha(1) }));
    const failed = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { state: "failed", head: headSha(2), requested_at: "2026-04-17T09:00:00Z", failed_at: "2026-04-17T09:30:00Z" }),
    );
    expect(failed.generation).toMatchObject({ state: "failed", sequence: 2, failure_summary: "verify failed" });
    expect(failed.preview).toMatchObject({
      state: "failed",
      updated_at: "2026-04-17T09:30:00Z",
      serving_generation_id: ready.records.generation_id,
      active_generation_id: failed.records.generation_id,
      latest_generation_id: failed.records.generation_id,
    });
    const history = await readPreviewHistory(db, ready.records.preview_id);
    expect(history?.generations.map((generation) => [generation.sequence, generation.state])).toEqual([
      [2, "failed"],
      [1, "ready"],
    ]);

    const building = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { state: "building", head: headSha(3), requested_at: "2026-04-18T09:00:00Z" }),
    );
    expect(building.preview).toMatchObject({ state: "active", serving_generation_id: ready.records.generation_id });
  });

  it("updates a generation pinned by id in place instead of minting a new sequence", async () => {
    const scope = previewScope();
    const resolving = await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { state: "resolving" }));
    const ready = await ingestPreviewGenerationEvidence(
      db,
      generationEvidence(scope, { state: "ready", generation_id: resolving.records.generation_id }),
    );
    expect(ready.records.generation_id).toBe(resolving.records.generation_id);
    expect(ready.generation.sequence).toBe(1);
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 1, generations: 1 });
    expect(ready.preview.serving_generation_id).toBe(resolving.records.generation_id);
  });

  it("treats an exact re-send as a duplicate and writes nothing", async () => {
    const scope = previewScope();
    const first = await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
    const before = await db.preview.findUniqueOrThrow({ where: { previewId: first.records.preview_id } });
    const again = await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
    expect(again.duplicate).toBe(true);
    expect(again.records).toEqual(first.records);
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 1, generations: 1 });
    const after = await db.preview.findUniqueOrThrow({ where: { previewId: first.records.preview_id } });
    expect(after.payload).toEqual(before.payload);
  });
});

describe("fail-closed identity", () => {
  it("refuses preview and generation halves that name different pull requests, writing nothing", async () => {
    const scope = previewScope();
    const cases = [
      { generation: { anchor_pr_number: 124, anchor_pr_url: `https://github.com/every/${scope.repo}/pull/123` } },
      { generation: { context: `${scope.context}-other` } },
      { generation: { anchor_repo: "other-repo" } },
      { generation: { anchor_pr_url: "https://github.com/every/tenant-app/pull/999" } },
    ];
    for (const override of cases) {
      const error = await refusal(ingestPreviewGenerationEvidence(db, generationEvidence(scope, override)));
      expect(error.code).toBe("invalid_request");
      expect(error.message).toContain("must name the same pull request");
    }
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 0, generations: 0 });
  });

  it("refuses a second pull request whose identity slugs to an existing preview id", async () => {
    const scope = { ...previewScope(), repo: "my-repo" };
    const first = await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
    const colliding = { ...scope, repo: "my_repo" };
    const error = await refusal(ingestPreviewGenerationEvidence(db, generationEvidence(colliding)));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(first.records.preview_id);
    expect(error.message).toContain(`${scope.context}/my_repo/pr-123`);
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 1, generations: 1 });
    const stored = await db.preview.findUniqueOrThrow({ where: { previewId: first.records.preview_id } });
    expect(stored.anchorRepo).toBe("my-repo");
  });

  it("refuses evidence for another product's preview", async () => {
    const scope = previewScope();
    await ingestPreviewGenerationEvidence(db, generationEvidence(scope));
    const intruder = { ...scope, product: `${scope.product}-other` };
    const error = await refusal(
      ingestPreviewGenerationEvidence(db, generationEvidence(intruder, { head: headSha(9), requested_at: "2026-05-01T00:00:00Z" })),
    );
    expect(error.code).toBe("record_conflict");
    expect(await previewRowCounts(db, intruder.product)).toEqual({ previews: 0, generations: 0 });
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 1, generations: 1 });
  });

  it("refuses a new preview without any timestamp or without a canonical URL source", async () => {
    const scope = previewScope();
    const undated = await refusal(
      ingestPreviewGenerationEvidence(db, generationEvidence(scope, { preview: { updated_at: "", eligible_at: "" } })),
    );
    expect(undated.code).toBe("invalid_request");
    expect(undated.message).toBe("Preview mutation requires created_at when no existing Launchplane preview is stored.");

    const noUrl = await refusal(ingestPreviewGenerationEvidence(db, generationEvidence(scope, { canonical_url: "" })));
    expect(noUrl.code).toBe("invalid_request");
    expect(noUrl.message).toContain("LAUNCHPLANE_PREVIEW_BASE_URL");
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 0, generations: 0 });

    const derived = await ingestPreviewGenerationEvidence(db, generationEvidence(scope, { canonical_url: "" }), {
      resolvePreviewBaseUrl: async () => "https://harbor.example/",
    });
    expect(derived.preview.canonical_url).toBe(`https://harbor.example/previews/${scope.context}/${scope.repo}/pr-123`);
  });

  it("refuses a pinned generation id that belongs to another preview", async () => {
    const scope = previewScope();
    const other = { ...scope, pr: 456 };
    const foreign = await ingestPreviewGenerationEvidence(db, generationEvidence(other));
    const error = await refusal(
      ingestPreviewGenerationEvidence(db, generationEvidence(scope, { generation_id: foreign.records.generation_id })),
    );
    expect(error.code).toBe("record_conflict");
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 1, generations: 1 });
  });

  it("refuses unparseable timestamps with a 400", async () => {
    const scope = previewScope();
    const error = await refusal(ingestPreviewGenerationEvidence(db, generationEvidence(scope, { requested_at: "yesterday" })));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("generation.requested_at");
    expect(await previewRowCounts(db, scope.product)).toEqual({ previews: 0, generations: 0 });
  });
});
