// Runtime key-safety policy record: which managed secret binding keys a runtime class may use,
// plus the evaluation/finding shapes and the apply request. Mirrors upstream
// control_plane/contracts/runtime_key_safety_policy.py and the runtime key-safety apply envelope.
// Metadata only: never plaintext, ciphertext, provider env dumps or token prefixes.

import { z } from "zod";
import { canonicalJsonSha256 } from "./canonical-json";

import { nonBlank, schemaVersion } from "./primitives";

export const runtimeEnvironmentClass = z.enum(["prod", "testing", "preview", "dev", "unknown"]);
export type RuntimeEnvironmentClass = z.infer<typeof runtimeEnvironmentClass>;

export const runtimeSecretClass = z.enum(["prod_only", "testing", "preview", "non_prod", "shared_safe"]);
export type RuntimeSecretClass = z.infer<typeof runtimeSecretClass>;

export const runtimeKeySafetyStatus = z.enum(["pass", "fail"]);
export const runtimeKeySafetyPolicyStatus = z.enum(["active", "superseded"]);
export type RuntimeKeySafetyPolicyStatus = z.infer<typeof runtimeKeySafetyPolicyStatus>;

export const runtimeKeySafetyFindingCode = z.enum([
  "ambiguous_binding",
  "binding_disabled",
  "binding_missing",
  "context_not_allowed",
  "instance_not_allowed",
  "secret_class_not_allowed",
  /** A production integration key declared shared_safe on a non-prod lane without a recorded reason. */
  "sharing_reason_missing",
  "unclassified_binding",
  "unknown_environment_class",
]);
export type RuntimeKeySafetyFindingCode = z.infer<typeof runtimeKeySafetyFindingCode>;

/**
 * A list upstream normalizes by stripping each value, rejecting blanks and dropping duplicates
 * (first occurrence wins).
 */
const uniqueTrimmedList = (emptyMessage: string) =>
  z
    .array(z.string())
    .default(() => [])
    .superRefine((values, ctx) => {
      if (values.some((value) => !value.trim())) ctx.addIssue({ code: "custom", message: emptyMessage });
    })
    .transform((values) => [...new Set(values.map((value) => value.trim()))]);

const PATTERN_META_CHARACTERS = new Set(["*", "?", "[", "]", "!"]);
/** Python string.whitespace. */
const PY_WHITESPACE = /[ \t\n\r\v\f]/;

/** Why an instance glob pattern is refused, or null. Patterns are fnmatch-style globs. */
export function instancePatternError(pattern: string, fieldName: string): string | null {
  if (pattern.includes("/") || pattern.includes("\\")) {
    return `runtime secret safety ${fieldName} cannot contain path separators`;
  }
  if (![...pattern].some((character) => !PATTERN_META_CHARACTERS.has(character))) {
    return `runtime secret safety ${fieldName} must contain a literal character`;
  }
  if (PY_WHITESPACE.test(pattern)) return `runtime secret safety ${fieldName} cannot contain whitespace`;
  return null;
}

const instancePatternList = (emptyMessage: string, fieldName: string) =>
  uniqueTrimmedList(emptyMessage).superRefine((patterns, ctx) => {
    for (const pattern of patterns) {
      const error = instancePatternError(pattern, fieldName);
      if (error) {
        ctx.addIssue({ code: "custom", message: error });
        return;
      }
    }
  });

export const RuntimeKeySafetyTarget = z.strictObject({
  context: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "runtime key safety target requires context" }),
  instance: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "runtime key safety target requires instance" }),
  environment_class: runtimeEnvironmentClass,
});
export type RuntimeKeySafetyTarget = z.output<typeof RuntimeKeySafetyTarget>;

/** Paired scope: one exact context plus the exact instances / instance patterns allowed there. */
export const RuntimeSecretSafetyTargetScope = z.strictObject({
  context: z
    .string()
    .trim()
    .refine((value) => value.length > 0, {
      message: "runtime secret safety target scope requires context",
    }),
  instances: uniqueTrimmedList("runtime secret safety target scope instances values must be non-empty"),
  instance_patterns: instancePatternList(
    "runtime secret safety target scope instance_patterns values must be non-empty",
    "target scope instance_patterns",
  ),
});
export type RuntimeSecretSafetyTargetScope = z.output<typeof RuntimeSecretSafetyTargetScope>;

export const RuntimeSecretSafetyRule = z.strictObject({
  binding_key: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "runtime secret safety rule requires binding_key" }),
  secret_class: runtimeSecretClass,
  allowed_contexts: uniqueTrimmedList("runtime secret safety allowed_contexts values must be non-empty"),
  allowed_instances: uniqueTrimmedList("runtime secret safety allowed_instances values must be non-empty"),
  allowed_instance_patterns: instancePatternList(
    "runtime secret safety allowed_instance_patterns values must be non-empty",
    "allowed_instance_patterns",
  ),
  allowed_targets: z.array(RuntimeSecretSafetyTargetScope).default(() => []),
  description: z.string().trim().default(""),
});
export type RuntimeSecretSafetyRule = z.output<typeof RuntimeSecretSafetyRule>;

/** Python str.isalnum() plus "_" for every character. */
const MARKER_PATTERN = /^[\p{L}\p{N}_]+$/u;

export const RuntimeKeySafetyPolicyRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: z
    .string()
    .trim()
    .refine((value) => value.length > 0, {
      message: "runtime key safety policy record requires record_id",
    }),
  status: runtimeKeySafetyPolicyStatus.default("active"),
  source: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "runtime key safety policy record requires source" }),
  updated_at: z
    .string()
    .trim()
    .refine((value) => value.length > 0, {
      message: "runtime key safety policy record requires updated_at",
    }),
  rules: z.array(RuntimeSecretSafetyRule),
  /** Upper-cased key fragments that mark a binding key as a production integration key. */
  integration_key_markers: z
    .array(z.string())
    .default(() => [])
    .superRefine((markers, ctx) => {
      if (markers.some((marker) => !marker.trim())) {
        ctx.addIssue({
          code: "custom",
          message: "runtime key safety integration_key_markers values must be non-empty",
        });
      }
    })
    .transform((markers) => [...new Set(markers.map((marker) => marker.toUpperCase().trim()))]),
});

export const RuntimeKeySafetyPolicyRecord = RuntimeKeySafetyPolicyRecordFields.superRefine((record, ctx) => {
  if (record.rules.length === 0) {
    ctx.addIssue({ code: "custom", message: "runtime key safety policy record requires at least one rule" });
  }
  const keys = record.rules.map((rule) => rule.binding_key);
  if (new Set(keys).size !== keys.length) {
    ctx.addIssue({ code: "custom", message: "runtime key safety policy rules must be unique by binding_key" });
  }
  if (record.integration_key_markers.some((marker) => !MARKER_PATTERN.test(marker))) {
    ctx.addIssue({
      code: "custom",
      message: "runtime key safety integration_key_markers may contain only letters, digits and underscores",
    });
  }
});
export type RuntimeKeySafetyPolicyRecord = z.output<typeof RuntimeKeySafetyPolicyRecord>;

/**
 * Digest of the policy content: the record without record_id, source and updated_at, and without
 * integration_key_markers when that list is empty (so older records keep their digest).
 */
export function runtimeKeySafetyPolicySha256(record: RuntimeKeySafetyPolicyRecord): string {
  const { record_id: _recordId, source: _source, updated_at: _updatedAt, ...content } = record;
  const payload: Record<string, unknown> = { ...content };
  if (record.integration_key_markers.length === 0) delete payload.integration_key_markers;
  return canonicalJsonSha256(payload);
}

export const RuntimeKeySafetyFinding = z.strictObject({
  code: runtimeKeySafetyFindingCode,
  binding_key: z.string().trim().default(""),
  binding_id: z.string().trim().default(""),
  secret_id: z.string().trim().default(""),
  secret_class: z.string().trim().default(""),
  detail: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "runtime key safety finding requires detail" }),
});
export type RuntimeKeySafetyFinding = z.output<typeof RuntimeKeySafetyFinding>;

export const RuntimeKeySafetyEvaluation = z
  .strictObject({
    schema_version: schemaVersion,
    status: runtimeKeySafetyStatus,
    target: RuntimeKeySafetyTarget,
    checked_binding_keys: z
      .array(z.string())
      .superRefine((keys, ctx) => {
        if (keys.some((key) => !key.trim())) {
          ctx.addIssue({
            code: "custom",
            message: "runtime key safety checked binding keys must be non-empty",
          });
        }
      })
      .transform((keys) => [...new Set(keys.map((key) => key.trim()))]),
    findings: z.array(RuntimeKeySafetyFinding).default(() => []),
  })
  .superRefine((evaluation, ctx) => {
    if (evaluation.status === "pass" && evaluation.findings.length > 0) {
      ctx.addIssue({ code: "custom", message: "passing runtime key safety evaluation cannot include findings" });
    }
    if (evaluation.status === "fail" && evaluation.findings.length === 0) {
      ctx.addIssue({ code: "custom", message: "failing runtime key safety evaluation requires findings" });
    }
  });
export type RuntimeKeySafetyEvaluation = z.output<typeof RuntimeKeySafetyEvaluation>;

export const RUNTIME_KEY_SAFETY_POLICY_DEFAULT_SOURCE = "service:runtime-key-safety-policy";

/**
 * Body of POST /v1/runtime-key-safety/policies/apply (action runtime_key_safety.write, product and
 * context "launchplane"). Requested rules are merged into the active policy by binding_key.
 */
export const RuntimeKeySafetyPolicyApplyRequest = z
  .strictObject({
    schema_version: schemaVersion,
    product: nonBlank("product").refine((value) => value.trim() === "launchplane", {
      message: "Runtime key-safety policy writes require product 'launchplane'.",
    }),
    source_label: z
      .string()
      .transform((value) => value.trim() || RUNTIME_KEY_SAFETY_POLICY_DEFAULT_SOURCE)
      .default(RUNTIME_KEY_SAFETY_POLICY_DEFAULT_SOURCE),
    rules: z.array(RuntimeSecretSafetyRule),
  })
  .superRefine((request, ctx) => {
    if (request.rules.length === 0) {
      ctx.addIssue({ code: "custom", message: "Runtime key-safety policy writes require at least one rule." });
    }
  })
  .transform((request) => ({ ...request, product: "launchplane" as const }));
export type RuntimeKeySafetyPolicyApplyRequest = z.output<typeof RuntimeKeySafetyPolicyApplyRequest>;
