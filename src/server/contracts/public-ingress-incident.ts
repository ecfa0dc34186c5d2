// Public ingress incident: lifecycle record of whether a lane/check is currently in an ingress incident.
// Mirrors PublicIngressIncidentRecord in upstream control_plane/contracts/public_ingress_monitoring.py.
import { z } from "zod";

import { emptyOrTimestamp, nonBlank, recordId, schemaVersion, timestamp } from "./primitives";
import {
  DEFAULT_PUBLIC_INGRESS_CHECK_NAME,
  canonicalHealthCheckRecordToken,
  joinRecordTokens,
  publicIngressCheckKind,
  publicIngressFailureCode,
} from "./public-ingress-observation";

export const publicIngressIncidentStatus = z.enum(["open", "resolved"]);
export type PublicIngressIncidentStatus = z.infer<typeof publicIngressIncidentStatus>;

/** Incident events that drive notifications. */
export const publicIngressIncidentEvent = z.enum(["opened", "updated", "resolved"]);
export type PublicIngressIncidentEvent = z.infer<typeof publicIngressIncidentEvent>;

export const PublicIngressIncidentRecordFields = z.strictObject({
  schema_version: schemaVersion,
  incident_id: recordId,
  product: nonBlank("public ingress incident product").trim(),
  repository: z.string().trim().default(""),
  driver_id: z.string().trim().default(""),
  context: nonBlank("public ingress incident context").trim(),
  instance: nonBlank("public ingress incident instance").trim(),
  check_name: nonBlank("public ingress incident check_name").trim().default(DEFAULT_PUBLIC_INGRESS_CHECK_NAME),
  check_kind: publicIngressCheckKind.default("public_http"),
  status: publicIngressIncidentStatus,
  opened_at: timestamp,
  opened_observation_id: nonBlank("public ingress incident opened_observation_id").trim(),
  latest_observation_id: nonBlank("public ingress incident latest_observation_id").trim(),
  latest_observed_at: timestamp,
  failure_code: publicIngressFailureCode,
  /** Empty while open: upstream defaults the field to "" and only checks it against the status. */
  resolved_at: z.string().trim().pipe(emptyOrTimestamp).default(""),
  resolved_observation_id: z.string().trim().default(""),
  summary: nonBlank("public ingress incident summary").trim(),
});

export const PublicIngressIncidentRecord = PublicIngressIncidentRecordFields.superRefine((value, ctx) => {
  if (value.status === "resolved") {
    if (!value.resolved_at) {
      ctx.addIssue({ code: "custom", path: ["resolved_at"], message: "resolved public ingress incident requires resolved_at" });
    }
    if (!value.resolved_observation_id) {
      ctx.addIssue({
        code: "custom",
        path: ["resolved_observation_id"],
        message: "resolved public ingress incident requires resolved_observation_id",
      });
    }
  }
  if (value.status === "open" && (value.resolved_at || value.resolved_observation_id)) {
    ctx.addIssue({ code: "custom", path: ["status"], message: "open public ingress incident cannot include resolution fields" });
  }
});
export type PublicIngressIncidentRecord = z.output<typeof PublicIngressIncidentRecord>;

/**
 * Lane-scoped incident id used by the upstream monitor (`build_public_ingress_lane_incident_id`):
 * `public-ingress-incident-<product>-<context>-<instance>[-<check>]`. One id per lane and check,
 * so a recovery resolves it and a later failure reopens the same id.
 */
export function buildPublicIngressLaneIncidentId(input: {
  product: string;
  context: string;
  instance: string;
  check_name?: string;
}): string {
  return joinRecordTokens([
    "public-ingress-incident",
    input.product,
    input.context,
    input.instance,
    canonicalHealthCheckRecordToken(input.check_name ?? ""),
  ]);
}

/**
 * Incident id keyed by open time (`build_public_ingress_incident_id`):
 * `public-ingress-incident-<product>-<context>-<instance>[-<check>]-<opened_at>`. Every open period
 * gets its own id. The check token (newer upstream signature) keeps two checks that fail in the
 * same monitor run apart; the default check omits it, so older ids stay stable.
 */
export function buildPublicIngressIncidentId(input: {
  product: string;
  context: string;
  instance: string;
  opened_at: string;
  check_name?: string;
}): string {
  return joinRecordTokens([
    "public-ingress-incident",
    input.product,
    input.context,
    input.instance,
    canonicalHealthCheckRecordToken(input.check_name ?? ""),
    input.opened_at,
  ]);
}
