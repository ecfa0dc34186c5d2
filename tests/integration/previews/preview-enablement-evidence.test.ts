import { describe, expect, it } from "vitest";
import { PreviewEnablementRecord, previewEnablementRecordId } from "@/server/contracts/preview-enablement";
import { ingestPreviewEnablementEvidence } from "@/server/services/preview-enablement-evidence";
import { useTestDb } from "../../support/database";
import { previewScope } from "./preview-fixtures";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();

function enablement(context: string, overrides: Record<string, unknown> = {}) {
  return PreviewEnablementRecord.parse({
    record_id: previewEnablementRecordId(context, "tenant-opw", 123),
    context,
    anchor_repo: "tenant-opw",
    anchor_pr_number: 123,
    anchor_pr_url: "https://github.com/every/tenant-opw/pull/123",
    anchor_head_sha: "abc1234",
    action: "labeled",
    pr_state: "open",
    updated_at: "2026-04-16T08:00:00Z",
    label_enabled: true,
    action_label: "preview",
    ...overrides,
  });
}

describe("preview enablement evidence (one current snapshot per pull request)", () => {
  it("inserts, replaces with newer events, ignores identical and older ones", async () => {
    const { product, context } = previewScope();
    const id = `${context}-tenant-opw-pr-123`;
    const first = await ingestPreviewEnablementEvidence(db, { product, enablement: enablement(context) });
    expect(first).toEqual({ outcome: "inserted", records: { preview_enablement_id: id } });
    expect((await ingestPreviewEnablementEvidence(db, { product, enablement: enablement(context) })).outcome).toBe("duplicate");

    const closed = enablement(context, { action: "closed", pr_state: "closed", updated_at: "2026-04-17T08:00:00Z", action_label: "" });
    expect((await ingestPreviewEnablementEvidence(db, { product, enablement: closed })).outcome).toBe("updated");

    const late = enablement(context, { action: "synchronize", action_label: "", updated_at: "2026-04-16T09:00:00Z" });
    expect((await ingestPreviewEnablementEvidence(db, { product, enablement: late })).outcome).toBe("stale");

    const rows = await db.previewEnablement.findMany({ where: { product } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recordId: id, prState: "closed" });
    expect((rows[0]!.payload as { action: string }).action).toBe("closed");
  });

  it("refuses a record id that is not <context>-<repo>-pr-<n> and another product's snapshot, writing nothing", async () => {
    const { product, context } = previewScope();
    const wrongId = await refusal(ingestPreviewEnablementEvidence(db, {
      product,
      enablement: enablement(context, { record_id: "enablement-1" }),
    }));
    expect(wrongId.code).toBe("invalid_request");
    expect(await db.previewEnablement.count({ where: { product } })).toBe(0);

    await ingestPreviewEnablementEvidence(db, { product, enablement: enablement(context) });
    const foreign = await refusal(ingestPreviewEnablementEvidence(db, {
      product: `${product}-other`,
      enablement: enablement(context, { updated_at: "2026-05-01T00:00:00Z" }),
    }));
    expect(foreign.code).toBe("record_conflict");
    const stored = await db.previewEnablement.findMany({ where: { context } });
    expect(stored.map((row) => [row.product, row.updatedAt.toISOString()])).toEqual([[product, "2026-04-16T08:00:00.000Z"]]);
  });

  it("settles concurrent first events for one pull request into one row", async () => {
    const { product, context } = previewScope();
    const outcomes = await Promise.all(
      ["2026-04-16T08:00:00Z", "2026-04-16T08:00:01Z", "2026-04-16T08:00:02Z"].map((updatedAt) =>
        ingestPreviewEnablementEvidence(db, { product, enablement: enablement(context, { updated_at: updatedAt }) }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === "inserted")).toHaveLength(1);
    const rows = await db.previewEnablement.findMany({ where: { product } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.updatedAt.toISOString()).toBe("2026-04-16T08:00:02.000Z");
  });
});
