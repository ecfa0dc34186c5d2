import { describe, expect, it } from "vitest";

import { OdooInstanceOverrideRecord, OdooOverrideApplyResult, OdooWebsiteBootstrapOverride } from "./odoo-instance-override";

const override = {
  context: " OPW ",
  instance: "Prod",
  config_parameters: [
    { key: "Web.Base.Url", value: { source: "literal", value: "https://opw.example.com" } },
    { key: "database.uuid.lock", value: { source: "literal", value: true } },
  ],
  addon_settings: [
    { addon: "authentik_sso", setting: "client_secret", value: { source: "secret_binding", secret_binding_id: " binding-1 " } },
  ],
  website_bootstrap: {
    tenant: "opw",
    name: "Outboard Parts Warehouse",
    canonical_url: "https://opw.example.com",
    routes: [{ url: "/shop", name: "Shop" }],
  },
  updated_at: "2026-05-07T16:00:00Z",
  source_label: "product-config:opw",
};

describe("OdooInstanceOverrideRecord", () => {
  it("accepts typed overrides, normalizes keys and fills defaults", () => {
    const parsed = OdooInstanceOverrideRecord.parse(override);
    expect(parsed.context).toBe("opw");
    expect(parsed.instance).toBe("prod");
    expect(parsed.apply_on).toEqual(["deploy", "promotion"]);
    expect(parsed.config_parameters[0]?.key).toBe("web.base.url");
    expect(parsed.addon_settings[0]?.value.secret_binding_id).toBe("binding-1");
    expect(parsed.last_apply).toEqual({ attempted: false, status: "skipped", applied_at: "", detail: "" });
    expect(parsed.website_bootstrap?.routes[0]?.published).toBe(true);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(OdooInstanceOverrideRecord.safeParse({ ...override, env_overrides: {} }).success).toBe(false);
    expect(OdooInstanceOverrideRecord.safeParse({ ...override, apply_on: ["boot"] }).success).toBe(false);
    expect(
      OdooInstanceOverrideRecord.safeParse({
        ...override,
        config_parameters: [{ key: "x", value: { source: "literal", value: { nested: 1 } } }],
      }).success,
    ).toBe(false);
  });

  it("requires at least one override and distinct phases, keys and settings", () => {
    expect(
      OdooInstanceOverrideRecord.safeParse({ ...override, config_parameters: [], addon_settings: [], website_bootstrap: null })
        .success,
    ).toBe(false);
    expect(OdooInstanceOverrideRecord.safeParse({ ...override, apply_on: [] }).success).toBe(false);
    expect(OdooInstanceOverrideRecord.safeParse({ ...override, apply_on: ["deploy", "deploy"] }).success).toBe(false);
    const dupKeys = [
      { key: "web.base.url", value: { source: "literal", value: "a" } },
      { key: " WEB.BASE.URL ", value: { source: "literal", value: "b" } },
    ];
    expect(OdooInstanceOverrideRecord.safeParse({ ...override, config_parameters: dupKeys }).success).toBe(false);
    const dupSettings = [override.addon_settings[0], { ...override.addon_settings[0], addon: "Authentik_SSO" }];
    expect(OdooInstanceOverrideRecord.safeParse({ ...override, addon_settings: dupSettings }).success).toBe(false);
  });

  it("keeps literal and secret-backed values apart", () => {
    const withValue = (value: unknown) => ({ ...override, config_parameters: [{ key: "k", value }] });
    expect(OdooInstanceOverrideRecord.safeParse(withValue({ source: "literal" })).success).toBe(false);
    expect(
      OdooInstanceOverrideRecord.safeParse(withValue({ source: "literal", value: 1, secret_binding_id: "b" })).success,
    ).toBe(false);
    expect(
      OdooInstanceOverrideRecord.safeParse(withValue({ source: "secret_binding", value: "plain", secret_binding_id: "b" }))
        .success,
    ).toBe(false);
    expect(OdooInstanceOverrideRecord.safeParse(withValue({ source: "secret_binding" })).success).toBe(false);
  });

  it("validates website bootstrap and apply results", () => {
    expect(OdooWebsiteBootstrapOverride.safeParse({ tenant: "opw" }).success).toBe(false);
    expect(OdooWebsiteBootstrapOverride.safeParse({ homepage_url: "home" }).success).toBe(false);
    expect(OdooWebsiteBootstrapOverride.safeParse({ routes: [{ url: "shop" }] }).success).toBe(false);
    expect(OdooOverrideApplyResult.safeParse({ status: "pass" }).success).toBe(false);
    expect(OdooOverrideApplyResult.safeParse({ attempted: true }).success).toBe(false);
    expect(OdooOverrideApplyResult.safeParse({ attempted: true, status: "pass" }).success).toBe(false);
    expect(
      OdooOverrideApplyResult.safeParse({ attempted: true, status: "pass", applied_at: "2026-05-07T16:00:00Z" }).success,
    ).toBe(true);
  });
});
