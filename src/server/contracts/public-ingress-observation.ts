// Public ingress observation: append-only result of probing a lane's public/private/provider health check.
// Mirrors PublicIngressObservationRecord in upstream control_plane/contracts/public_ingress_monitoring.py (pre-TLS revision).
import { z } from "zod";

import { RuntimeIdentity, RuntimeIdentityStatus } from "./deploy-evidence";
import { nonBlank, recordId, schemaVersion, timestamp } from "./primitives";

// ---------------------------------------------------------------------------
// Shared public-ingress vocabularies (also used by incidents and notifications).
// ---------------------------------------------------------------------------

export const publicIngressObservationStatus = z.enum(["pass", "fail", "skipped"]);
export type PublicIngressObservationStatus = z.infer<typeof publicIngressObservationStatus>;

export const publicIngressCheckKind = z.enum(["public_http", "private_http", "provider"]);
export type PublicIngressCheckKind = z.infer<typeof publicIngressCheckKind>;

export const publicIngressTargetKind = z.enum(["base_url", "health_url", "private_health_url", "provider"]);
export type PublicIngressTargetKind = z.infer<typeof publicIngressTargetKind>;

export const publicIngressFailureCode = z.enum([
  "connection_timeout",
  "dns_failure",
  "health_status_error",
  "http_error",
  "invalid_url",
  "private_endpoint_disabled",
  "private_endpoint_mismatch",
  "private_endpoint_not_found",
  "private_url",
  "provider_check_unavailable",
  "redirect_loop",
  "self_redirect",
  "tls_failure",
  "wrong_runtime_identity",
  "unknown_error",
]);
export type PublicIngressFailureCode = z.infer<typeof publicIngressFailureCode>;

/** The default public HTTP check name; ids omit it so legacy ids stay stable. */
export const DEFAULT_PUBLIC_INGRESS_CHECK_NAME = "public-ingress";

const trimmed = () => z.string().trim().default("");

type StatusAndCode = { status: PublicIngressObservationStatus; failure_code?: PublicIngressFailureCode | null | undefined };

/** Status/failure-code agreement shared by targets and whole observations. */
function checkStatusAndFailureCode(value: StatusAndCode, ctx: z.RefinementCtx, what: string) {
  const code = value.failure_code ?? null;
  if (value.status === "pass" && code !== null) {
    ctx.addIssue({ code: "custom", path: ["failure_code"], message: `passing public ingress ${what} cannot include failure_code` });
  }
  if (value.status === "fail" && code === null) {
    ctx.addIssue({ code: "custom", path: ["failure_code"], message: `failing public ingress ${what} requires failure_code` });
  }
  if (value.status === "skipped" && code !== null && code !== "private_url") {
    ctx.addIssue({
      code: "custom",
      path: ["failure_code"],
      message: `skipped public ingress ${what} can only use private_url failure_code`,
    });
  }
}

// ---------------------------------------------------------------------------
// One probed URL.
// ---------------------------------------------------------------------------

export const PublicIngressTargetObservationFields = z.strictObject({
  target: publicIngressTargetKind,
  url: nonBlank("public ingress target observation url").trim(),
  status: publicIngressObservationStatus,
  failure_code: publicIngressFailureCode.nullish(),
  http_status: z.number().int().min(100).max(599).nullish(),
  final_url: trimmed(),
  redirect_count: z.number().int().min(0).default(0),
  runtime_identity_status: RuntimeIdentityStatus.default("unchecked"),
  runtime_identity_detail: z.string().default(""),
  observed_runtime_identity: RuntimeIdentity.nullish(),
  summary: nonBlank("public ingress target observation summary").trim(),
});

export const PublicIngressTargetObservation = PublicIngressTargetObservationFields.superRefine((value, ctx) =>
  checkStatusAndFailureCode(value, ctx, "target"),
);
export type PublicIngressTargetObservation = z.output<typeof PublicIngressTargetObservation>;

// ---------------------------------------------------------------------------
// The observation record.
// ---------------------------------------------------------------------------

export const PublicIngressObservationRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: recordId,
  product: nonBlank("public ingress observation product").trim(),
  repository: trimmed(),
  driver_id: trimmed(),
  context: nonBlank("public ingress observation context").trim(),
  instance: nonBlank("public ingress observation instance").trim(),
  check_name: nonBlank("public ingress observation check_name").trim().default(DEFAULT_PUBLIC_INGRESS_CHECK_NAME),
  check_kind: publicIngressCheckKind.default("public_http"),
  observed_at: timestamp,
  status: publicIngressObservationStatus,
  failure_code: publicIngressFailureCode.nullish(),
  base_url: trimmed(),
  health_url: trimmed(),
  expected_runtime_identity: RuntimeIdentity.nullish(),
  targets: z.array(PublicIngressTargetObservation).default(() => []),
  notification_key: trimmed(),
  notification_sent: z.boolean().default(false),
  summary: nonBlank("public ingress observation summary").trim(),
});

export const PublicIngressObservationRecord = PublicIngressObservationRecordFields.superRefine((value, ctx) => {
  checkStatusAndFailureCode(value, ctx, "observation");
  if (value.targets.length === 0) {
    ctx.addIssue({ code: "custom", path: ["targets"], message: "public ingress observation requires at least one target" });
    return;
  }
  if (value.status === "pass" && value.targets.some((target) => target.status !== "pass")) {
    ctx.addIssue({
      code: "custom",
      path: ["targets"],
      message: "passing public ingress observation requires all targets to pass",
    });
  }
  if (value.status === "fail" && !value.targets.some((target) => target.status === "fail")) {
    ctx.addIssue({ code: "custom", path: ["targets"], message: "failing public ingress observation requires a failing target" });
  }
});
export type PublicIngressObservationRecord = z.output<typeof PublicIngressObservationRecord>;

// ---------------------------------------------------------------------------
// POST /v1/evidence/public-ingress/observations body. Upstream has no such ingress route
// (its monitor writes observations in-process); this envelope follows the evidence pattern.
// ---------------------------------------------------------------------------

export const PublicIngressObservationRequestFields = z.strictObject({
  schema_version: schemaVersion,
  product: nonBlank("public ingress observation evidence product").trim(),
  observation: PublicIngressObservationRecord,
  operation_id: recordId.optional(),
});

export const PublicIngressObservationRequest = PublicIngressObservationRequestFields.superRefine((value, ctx) => {
  if (value.product !== value.observation.product) {
    ctx.addIssue({
      code: "custom",
      path: ["observation", "product"],
      message: "public ingress observation evidence requires matching product",
    });
  }
});
export type PublicIngressObservationRequest = z.output<typeof PublicIngressObservationRequest>;

// ---------------------------------------------------------------------------
// Deterministic ids (upstream build_public_ingress_* helpers).
// ---------------------------------------------------------------------------

/** Upstream `health_check_record_token`: lowercase, every non-alphanumeric becomes "-", edge dashes trimmed. */
export function healthCheckRecordToken(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/** Upstream `canonical_health_check_record_token`: the default check name maps to "". */
export function canonicalHealthCheckRecordToken(checkName: string): string {
  const token = healthCheckRecordToken(checkName);
  return token === "" || token === DEFAULT_PUBLIC_INGRESS_CHECK_NAME ? "" : token;
}

/** Record ids built from parts: each part as a record token, blank ones left out, joined by "-". */
export function joinRecordTokens(values: string[]): string {
  return values
    .map((value) => healthCheckRecordToken(value))
    .filter((token) => token !== "")
    .join("-");
}

/** `public-ingress-<product>-<context>-<instance>[-<check>]-<observed_at>` as tokens. */
export function buildPublicIngressObservationId(input: {
  product: string;
  context: string;
  instance: string;
  observed_at: string;
  check_name?: string;
}): string {
  return joinRecordTokens([
    "public-ingress",
    input.product,
    input.context,
    input.instance,
    canonicalHealthCheckRecordToken(input.check_name ?? ""),
    input.observed_at,
  ]);
}
