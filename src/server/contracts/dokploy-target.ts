// Dokploy target: Launchplane-owned definition of a tracked stable Dokploy route (context + instance).
// Mirrors upstream control_plane/contracts/dokploy_target_record.py (revision with policies.shopify).
import { z } from "zod";

import { nonBlank, schemaVersion, timestamp } from "./primitives";

export const dokployTargetType = z.enum(["compose", "application"]);
export type DokployTargetType = z.infer<typeof dokployTargetType>;

export const DEFAULT_DOKPLOY_HEALTHCHECK_PATH = "/web/health";

export const DokployTargetShopifyPolicy = z.strictObject({
  /** Trimmed, non-blank and de-duplicated (first occurrence kept). */
  protected_store_keys: z
    .array(z.string())
    .default(() => [])
    .transform((keys, ctx) => {
      const normalized: string[] = [];
      for (const raw of keys) {
        const key = raw.trim();
        if (!key) {
          ctx.addIssue({ code: "custom", message: "Dokploy Shopify protected store keys must be non-empty" });
          return z.NEVER;
        }
        if (!normalized.includes(key)) normalized.push(key);
      }
      return normalized;
    }),
});
export type DokployTargetShopifyPolicy = z.output<typeof DokployTargetShopifyPolicy>;

export const DokployTargetPolicies = z.strictObject({
  shopify: DokployTargetShopifyPolicy.default(() => DokployTargetShopifyPolicy.parse({})),
});
export type DokployTargetPolicies = z.output<typeof DokployTargetPolicies>;

export const DokployTargetRecord = z.strictObject({
  schema_version: schemaVersion,
  context: nonBlank("Dokploy target context").trim(),
  instance: nonBlank("Dokploy target instance").trim(),
  project_name: z.string().default(""),
  target_type: dokployTargetType.default("compose"),
  target_name: z.string().default(""),
  git_branch: z.string().default(""),
  source_git_ref: z.string().default("origin/main"),
  source_type: z.string().default(""),
  custom_git_url: z.string().default(""),
  custom_git_branch: z.string().default(""),
  compose_path: z.string().default(""),
  watch_paths: z.array(z.string()).default(() => []),
  enable_submodules: z.boolean().nullish(),
  require_test_gate: z.boolean().default(false),
  require_prod_gate: z.boolean().default(false),
  deploy_timeout_seconds: z.number().int().min(1).nullish(),
  healthcheck_enabled: z.boolean().default(true),
  healthcheck_path: z.string().default(DEFAULT_DOKPLOY_HEALTHCHECK_PATH),
  healthcheck_timeout_seconds: z.number().int().min(1).nullish(),
  /** Env key/value pairs the route expects; secret values belong in managed secrets, not here. */
  env: z.record(z.string(), z.string()).default(() => ({})),
  domains: z.array(z.string()).default(() => []),
  policies: DokployTargetPolicies.default(() => DokployTargetPolicies.parse({})),
  updated_at: timestamp,
  source_label: z.string().default(""),
});
export type DokployTargetRecord = z.output<typeof DokployTargetRecord>;
