// Runtime environment record: non-secret runtime settings (env key/value pairs) for a global,
// context or context+instance scope, plus the delete audit event. Mirrors upstream
// control_plane/contracts/runtime_environment_record.py. Values stay payload-only; read models
// expose key names and counts (RuntimeEnvironmentKeySummary).
import { z } from "zod";

import { nonBlank, schemaVersion } from "./primitives";

export const runtimeEnvironmentScope = z.enum(["global", "context", "instance"]);
export type RuntimeEnvironmentScope = z.infer<typeof runtimeEnvironmentScope>;

/** Upstream scalar settings: str | int | float | bool. */
export const runtimeEnvironmentValue = z.union([z.string(), z.number(), z.boolean()]);
export type RuntimeEnvironmentValue = z.infer<typeof runtimeEnvironmentValue>;

export const RuntimeEnvironmentRecord = z.strictObject({
  schema_version: schemaVersion,
  scope: runtimeEnvironmentScope,
  context: z.string().default(""),
  instance: z.string().default(""),
  /** Keys are stripped (a later duplicate wins); at least one entry. */
  env: z
    .record(z.string(), runtimeEnvironmentValue)
    .superRefine((env, ctx) => {
      const keys = Object.keys(env);
      if (keys.some((key) => !key.trim())) {
        ctx.addIssue({ code: "custom", message: "runtime environment record env keys must be non-empty" });
      } else if (keys.length === 0) {
        ctx.addIssue({ code: "custom", message: "runtime environment record requires at least one env value" });
      }
    })
    .transform((env) => {
      const normalized: Record<string, RuntimeEnvironmentValue> = {};
      for (const [key, value] of Object.entries(env)) normalized[key.trim()] = value;
      return normalized;
    }),
  updated_at: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "runtime environment record requires updated_at" }),
  source_label: z.string().default(""),
});
export type RuntimeEnvironmentRecord = z.output<typeof RuntimeEnvironmentRecord>;

/** Audit evidence of a deleted runtime environment record: key names and count, never values. */
export const RuntimeEnvironmentDeleteEvent = z
  .strictObject({
    schema_version: schemaVersion,
    event_id: nonBlank("runtime environment delete event event_id"),
    event_type: z.enum(["deleted"]).default("deleted"),
    recorded_at: nonBlank("runtime environment delete event recorded_at"),
    actor: z.string().default(""),
    scope: runtimeEnvironmentScope,
    context: z.string().default(""),
    instance: z.string().default(""),
    source_label: z.string().default(""),
    env_keys: z.array(z.string()),
    env_value_count: z.number().int().min(0),
    detail: z.string().default(""),
  })
  .superRefine((event, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    const context = event.context.trim();
    const instance = event.instance.trim();
    if (event.scope === "global" && (context || instance)) {
      fail("global runtime environment delete event cannot set context/instance");
    }
    if (event.scope === "context" && (!context || instance)) {
      fail("context runtime environment delete event requires context only");
    }
    if (event.scope === "instance" && (!context || !instance)) {
      fail("instance runtime environment delete event requires context and instance");
    }
    if (event.env_value_count !== event.env_keys.length) {
      fail("runtime environment delete event key count must match env_keys");
    }
  });
export type RuntimeEnvironmentDeleteEvent = z.output<typeof RuntimeEnvironmentDeleteEvent>;

/** Redacted view of a record for read models (upstream ProductRuntimeSettingSummary). */
export const RuntimeEnvironmentKeySummary = z.strictObject({
  scope: runtimeEnvironmentScope,
  context: z.string(),
  instance: z.string(),
  env_keys: z.array(z.string()),
  env_value_count: z.number().int().min(0),
  updated_at: z.string(),
  source_label: z.string(),
});
export type RuntimeEnvironmentKeySummary = z.output<typeof RuntimeEnvironmentKeySummary>;

export function summarizeRuntimeEnvironment(record: RuntimeEnvironmentRecord): RuntimeEnvironmentKeySummary {
  const keys = Object.keys(record.env).sort();
  return {
    scope: record.scope,
    context: record.context,
    instance: record.instance,
    env_keys: keys,
    env_value_count: keys.length,
    updated_at: record.updated_at,
    source_label: record.source_label,
  };
}
