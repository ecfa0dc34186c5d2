import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { ProviderTargetRecord } from "@/server/contracts/provider-target";
import type { OdooInstanceOverrideRecord } from "@/server/contracts/odoo-instance-override";
import {
  readLaneTarget,
  upsertDokployTarget,
  upsertDokployTargetId,
  upsertOdooInstanceOverride,
  upsertProviderTarget,
} from "@/server/services/provider-targets";
import { uniqueProduct, useTestDb } from "../../support/database";
import { refusal } from "../../support/refusal";

const { db } = useTestDb();


function providerTarget(context: string, overrides: Partial<z.input<typeof ProviderTargetRecord>> = {}): z.input<typeof ProviderTargetRecord> {
  return {
    context,
    instance: "prod",
    provider_id: "Dokploy",
    target_category: "compose",
    target_id: "cmp-123",
    display_name: `${context}-prod`,
    provider_target_type: "Compose",
    provider_evidence: { project_name: " shop " },
    updated_at: "2026-05-07T16:00:00Z",
    ...overrides,
  };
}

describe("lane provider target", () => {
  it("reads the explicit provider-target row and never synthesises one from a Dokploy pair", async () => {
    const context = uniqueProduct("ctx");
    const lane = { context, instance: "prod" };
    expect(await upsertDokployTarget(db, { ...lane, target_name: `${context}-app`, updated_at: "2026-05-07T16:00:00Z" })).toBe("created");
    expect(await upsertDokployTargetId(db, { ...lane, target_id: "cmp-123", updated_at: "2026-05-07T16:00:00Z" })).toBe("created");
    expect(await readLaneTarget(db, lane)).toBeNull();

    expect(await upsertProviderTarget(db, providerTarget(context))).toBe("created");
    const target = await readLaneTarget(db, lane);
    expect(target?.record).toMatchObject({ provider_id: "dokploy", provider_target_type: "compose", target_id: "cmp-123" });
    expect(target?.deployed_target).toMatchObject({
      provider_id: "dokploy",
      target_category: "compose",
      target_id: "cmp-123",
      display_name: `${context}-prod`,
      provider_evidence: { project_name: "shop" },
    });
    const row = await db.providerTarget.findUnique({ where: { context_instance: lane } });
    expect(row).toMatchObject({ providerId: "dokploy", targetCategory: "compose", targetId: "cmp-123", providerTargetType: "compose" });
  });

  it("writes nothing for an identical record and replaces on a newer one", async () => {
    const context = uniqueProduct("ctx");
    expect(await upsertProviderTarget(db, providerTarget(context))).toBe("created");
    expect(await upsertProviderTarget(db, providerTarget(context))).toBe("unchanged");
    expect(await upsertProviderTarget(db, providerTarget(context, { target_id: "cmp-456", updated_at: "2026-05-08T16:00:00Z" }))).toBe(
      "updated",
    );
    expect((await readLaneTarget(db, { context, instance: "prod" }))?.record.target_id).toBe("cmp-456");
  });

  it("refuses a record older than the stored one (409) and writes nothing", async () => {
    const context = uniqueProduct("ctx");
    await upsertProviderTarget(db, providerTarget(context, { updated_at: "2026-05-08T16:00:00Z" }));
    const before = await db.providerTarget.findUnique({ where: { context_instance: { context, instance: "prod" } } });

    const error = await refusal(upsertProviderTarget(db, providerTarget(context, { target_id: "cmp-old", updated_at: "2026-05-07T16:00:00Z" })));
    expect(error.code).toBe("record_conflict");
    expect(error.message).toMatch(/newer updated_at \(2026-05-08T16:00:00Z\)/);
    expect(await db.providerTarget.findUnique({ where: { context_instance: { context, instance: "prod" } } })).toEqual(before);
  });

  it("refuses records that break their contract (400) and writes nothing", async () => {
    const context = uniqueProduct("ctx");
    const lane = { context, instance: "prod" };
    const blankTarget = await refusal(upsertProviderTarget(db, providerTarget(context, { target_id: "  " })));
    expect(blankTarget.code).toBe("invalid_request");
    expect(blankTarget.message).toMatch(/target_id: provider target record target_id is required/);
    const unknownField = await refusal(upsertDokployTarget(db, { ...lane, updated_at: "2026-05-07T16:00:00Z", webhook_url: "x" } as never));
    expect(unknownField.code).toBe("invalid_request");
    const emptyOverride = await refusal(upsertOdooInstanceOverride(db, { ...lane, updated_at: "2026-05-07T16:00:00Z" }));
    expect(emptyOverride.message).toMatch(/requires at least one override/);

    expect(await db.providerTarget.count({ where: { context } })).toBe(0);
    expect(await db.dokployTarget.count({ where: { context } })).toBe(0);
    expect(await db.odooInstanceOverride.count({ where: { context } })).toBe(0);
  });
});

describe("Dokploy and Odoo lane records", () => {
  it("stores Dokploy targets, target ids and Odoo overrides independently per lane", async () => {
    const context = uniqueProduct("ctx");
    const lane = { context, instance: "testing" };
    await upsertDokployTarget(db, { ...lane, target_type: "application", domains: ["a.example.com"], updated_at: "2026-05-07T16:00:00Z" });
    await upsertDokployTargetId(db, { ...lane, target_id: "app-1", updated_at: "2026-05-07T16:00:00Z" });
    expect(await upsertDokployTargetId(db, { ...lane, target_id: "app-2", updated_at: "2026-05-07T17:00:00Z" })).toBe("updated");
    const override: z.input<typeof OdooInstanceOverrideRecord> = {
      ...lane,
      config_parameters: [{ key: "web.base.url", value: { source: "literal", value: "https://a.example.com" } }],
      updated_at: "2026-05-07T16:00:00Z",
    };
    expect(await upsertOdooInstanceOverride(db, override)).toBe("created");
    expect(await upsertOdooInstanceOverride(db, override)).toBe("unchanged");

    const target = await db.dokployTarget.findUnique({ where: { context_instance: lane } });
    expect((target?.payload as { domains: string[]; target_type: string }).domains).toEqual(["a.example.com"]);
    const targetId = await db.dokployTargetId.findUnique({ where: { context_instance: lane } });
    expect(targetId?.targetId).toBe("app-2");
    const stored = await db.odooInstanceOverride.findUnique({ where: { context_instance: lane } });
    expect((stored?.payload as { apply_on: string[] }).apply_on).toEqual(["deploy", "promotion"]);
  });
});
