// Odoo instance override: typed Odoo intent (config parameters, addon settings, website bootstrap) for one context + instance.
// Mirrors upstream control_plane/contracts/odoo_instance_override_record.py.
import { z } from "zod";

import { schemaVersion, timestamp } from "./primitives";

export const odooOverrideApplyPhase = z.enum(["restore", "deploy", "promotion", "preview", "manual"]);
export type OdooOverrideApplyPhase = z.infer<typeof odooOverrideApplyPhase>;

export const odooOverrideApplyStatus = z.enum(["skipped", "pending", "pass", "fail"]);
export type OdooOverrideApplyStatus = z.infer<typeof odooOverrideApplyStatus>;

export const odooOverrideValueSource = z.enum(["literal", "secret_binding"]);

/** Upstream `ScalarValue` (runtime_environment_record.py): str | int | float | bool. */
export const scalarValue = z.union([z.string(), z.number(), z.boolean()]);
export type ScalarValue = z.infer<typeof scalarValue>;

/** Required after trimming; the stored value is trimmed and lower-cased. */
const requiredLowerKey = (message: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => value !== "", { message });

// ---------------------------------------------------------------------------
// Values and overrides.
// ---------------------------------------------------------------------------

export const OdooOverrideValueFields = z.strictObject({
  source: odooOverrideValueSource,
  value: scalarValue.nullish(),
  secret_binding_id: z.string().default(""),
});

export const OdooOverrideValue = OdooOverrideValueFields.superRefine((value, ctx) => {
  const present = value.value !== undefined && value.value !== null;
  if (value.source === "literal") {
    if (!present) ctx.addIssue({ code: "custom", path: ["value"], message: "literal Odoo override values require value" });
    if (value.secret_binding_id.trim()) {
      ctx.addIssue({
        code: "custom",
        path: ["secret_binding_id"],
        message: "literal Odoo override values must not include secret_binding_id",
      });
    }
  } else {
    if (present) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "secret-backed Odoo override values must not include plaintext value" });
    }
    if (!value.secret_binding_id.trim()) {
      ctx.addIssue({
        code: "custom",
        path: ["secret_binding_id"],
        message: "secret-backed Odoo override values require secret_binding_id",
      });
    }
  }
}).transform((value) =>
  value.source === "secret_binding" ? { ...value, secret_binding_id: value.secret_binding_id.trim() } : value,
);
export type OdooOverrideValue = z.output<typeof OdooOverrideValue>;

export const OdooConfigParameterOverride = z.strictObject({
  key: requiredLowerKey("Odoo config parameter override requires key"),
  value: OdooOverrideValue,
});
export type OdooConfigParameterOverride = z.output<typeof OdooConfigParameterOverride>;

export const OdooAddonSettingOverride = z.strictObject({
  addon: requiredLowerKey("Odoo addon setting override requires addon"),
  setting: requiredLowerKey("Odoo addon setting override requires setting"),
  value: OdooOverrideValue,
});
export type OdooAddonSettingOverride = z.output<typeof OdooAddonSettingOverride>;

// ---------------------------------------------------------------------------
// Website bootstrap.
// ---------------------------------------------------------------------------

export const OdooWebsiteBootstrapRoute = z.strictObject({
  name: z.string().trim().default(""),
  url: z
    .string()
    .trim()
    .refine((value) => value.startsWith("/"), { message: "Odoo website bootstrap route url must start with /" }),
  module: z.string().trim().default(""),
  published: z.boolean().default(true),
  homepage: z.boolean().default(false),
});
export type OdooWebsiteBootstrapRoute = z.output<typeof OdooWebsiteBootstrapRoute>;

export const OdooWebsiteBootstrapOverrideFields = z.strictObject({
  tenant: z.string().trim().default(""),
  name: z.string().trim().default(""),
  default_lang: z.string().trim().default(""),
  homepage_url: z
    .string()
    .trim()
    .refine((value) => value === "" || value.startsWith("/"), {
      message: "Odoo website bootstrap homepage_url must start with /",
    })
    .default(""),
  primary_page_xmlid: z.string().trim().default(""),
  logo_path: z.string().trim().default(""),
  logo_alt: z.string().trim().default(""),
  canonical_url: z.string().trim().default(""),
  pages_source: z.record(z.string(), scalarValue).default(() => ({})),
  routes_source: z.record(z.string(), scalarValue).default(() => ({})),
  routes: z.array(OdooWebsiteBootstrapRoute).default(() => []),
});

export const OdooWebsiteBootstrapOverride = OdooWebsiteBootstrapOverrideFields.superRefine((value, ctx) => {
  // `tenant` alone does not count as intent.
  const hasIntent =
    Boolean(
      value.name ||
        value.default_lang ||
        value.homepage_url ||
        value.primary_page_xmlid ||
        value.logo_path ||
        value.logo_alt ||
        value.canonical_url,
    ) ||
    Object.keys(value.pages_source).length > 0 ||
    Object.keys(value.routes_source).length > 0 ||
    value.routes.length > 0;
  if (!hasIntent) {
    ctx.addIssue({ code: "custom", message: "Odoo website bootstrap override requires at least one field" });
  }
});
export type OdooWebsiteBootstrapOverride = z.output<typeof OdooWebsiteBootstrapOverride>;

// ---------------------------------------------------------------------------
// Last apply result.
// ---------------------------------------------------------------------------

export const OdooOverrideApplyResultFields = z.strictObject({
  attempted: z.boolean().default(false),
  status: odooOverrideApplyStatus.default("skipped"),
  applied_at: z.string().trim().default(""),
  detail: z.string().trim().default(""),
});

export const OdooOverrideApplyResult = OdooOverrideApplyResultFields.superRefine((value, ctx) => {
  if (!value.attempted && value.status !== "skipped") {
    ctx.addIssue({ code: "custom", path: ["status"], message: "non-attempted Odoo override apply result must use skipped status" });
  }
  if (value.attempted && value.status === "skipped") {
    ctx.addIssue({
      code: "custom",
      path: ["status"],
      message: "attempted Odoo override apply result must use pending/pass/fail status",
    });
  }
  if ((value.status === "pass" || value.status === "fail") && !value.applied_at) {
    ctx.addIssue({ code: "custom", path: ["applied_at"], message: "completed Odoo override apply result requires applied_at" });
  }
});
export type OdooOverrideApplyResult = z.output<typeof OdooOverrideApplyResult>;

// ---------------------------------------------------------------------------
// The record.
// ---------------------------------------------------------------------------

export const OdooInstanceOverrideRecordFields = z.strictObject({
  schema_version: schemaVersion,
  context: requiredLowerKey("Odoo instance override record requires context"),
  instance: requiredLowerKey("Odoo instance override record requires instance"),
  apply_on: z.array(odooOverrideApplyPhase).default((): OdooOverrideApplyPhase[] => ["deploy", "promotion"]),
  config_parameters: z.array(OdooConfigParameterOverride).default(() => []),
  addon_settings: z.array(OdooAddonSettingOverride).default(() => []),
  website_bootstrap: OdooWebsiteBootstrapOverride.nullish(),
  last_apply: OdooOverrideApplyResult.default(() => OdooOverrideApplyResult.parse({})),
  updated_at: timestamp,
  source_label: z.string().trim().default(""),
});

export const OdooInstanceOverrideRecord = OdooInstanceOverrideRecordFields.superRefine((value, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (value.config_parameters.length === 0 && value.addon_settings.length === 0 && !value.website_bootstrap) {
    issue("config_parameters", "Odoo instance override record requires at least one override");
  }
  if (value.apply_on.length === 0) issue("apply_on", "Odoo instance override record requires at least one apply phase");
  if (new Set(value.apply_on).size !== value.apply_on.length) {
    issue("apply_on", "Odoo instance override record has duplicate apply phases");
  }
  const keys = value.config_parameters.map((override) => override.key);
  if (new Set(keys).size !== keys.length) {
    issue("config_parameters", "Odoo instance override record has duplicate config parameter keys");
  }
  const settings = value.addon_settings.map((override) => `${override.addon}\u0000${override.setting}`);
  if (new Set(settings).size !== settings.length) {
    issue("addon_settings", "Odoo instance override record has duplicate addon settings");
  }
});
export type OdooInstanceOverrideRecord = z.output<typeof OdooInstanceOverrideRecord>;
