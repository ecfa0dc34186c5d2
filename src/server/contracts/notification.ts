// Public ingress notifications: routing policy (destinations referencing managed secret ids) and delivery attempt evidence.
// Mirrors the PublicIngressNotification* models in upstream control_plane/contracts/public_ingress_monitoring.py.
import { z } from "zod";

import { canonicalJson, sha256Hex } from "./canonical-json";
import { RECORD_ID_PATTERN, nonBlank, recordId, schemaVersion, timestamp } from "./primitives";
import { publicIngressIncidentEvent, type PublicIngressIncidentRecord } from "./public-ingress-incident";
import { canonicalHealthCheckRecordToken, joinRecordTokens, publicIngressCheckKind } from "./public-ingress-observation";

export const notificationDestinationKind = z.enum(["github_issue", "email", "discord"]);
export type NotificationDestinationKind = z.infer<typeof notificationDestinationKind>;

export const notificationStatus = z.enum(["enabled", "disabled"]);
export type NotificationStatus = z.infer<typeof notificationStatus>;

export const notificationDeliveryStatus = z.enum(["delivered", "skipped", "failed"]);
export type NotificationDeliveryStatus = z.infer<typeof notificationDeliveryStatus>;

/**
 * A reference to a managed secret (its id), never the secret value. Upstream types these as plain
 * strings; we additionally require the record-id alphabet, which refuses pasted webhook URLs or
 * passwords containing "/", spaces and similar. Empty means "not set".
 */
export const managedSecretReference = z
  .string()
  .trim()
  .refine((value) => value === "" || RECORD_ID_PATTERN.test(value), {
    message: "must reference a managed secret id ([A-Za-z0-9._:-], up to 200 characters), not a secret value or URL",
  })
  .default("");

// ---------------------------------------------------------------------------
// Destination.
// ---------------------------------------------------------------------------

export const NotificationDestinationFields = z.strictObject({
  destination_id: nonBlank("public ingress notification destination destination_id").trim(),
  kind: notificationDestinationKind,
  status: notificationStatus.default("enabled"),
  github_repository: z.string().trim().default(""),
  github_issue_number: z.number().int().min(1).nullish(),
  github_label: z.string().trim().default(""),
  email_to: z
    .array(z.string().trim())
    .default(() => []),
  email_from: z.string().trim().default(""),
  smtp_host: z.string().trim().default(""),
  smtp_port: z.number().int().min(1).max(65535).default(587),
  smtp_username_secret: managedSecretReference,
  smtp_password_secret: managedSecretReference,
  discord_webhook_secret: managedSecretReference,
});

export const NotificationDestination = NotificationDestinationFields.superRefine((value, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (value.email_to.some((recipient) => recipient === "")) {
    issue("email_to", "public ingress email notification recipients must be non-empty");
  }
  if (value.kind === "github_issue") {
    if (!value.github_repository || !value.github_repository.includes("/")) {
      issue("github_repository", "public ingress GitHub notification destination requires owner/name repository");
    }
    if ((value.github_issue_number ?? null) === null && !value.github_label) {
      issue("github_issue_number", "public ingress GitHub notification destination requires issue number or label");
    }
  } else if (value.kind === "email") {
    if (value.email_to.length === 0) issue("email_to", "public ingress email notification destination requires email_to");
    if (!value.email_from) issue("email_from", "public ingress email notification destination requires email_from");
    if (!value.smtp_host) issue("smtp_host", "public ingress email notification destination requires smtp_host");
    if (!value.smtp_username_secret) {
      issue("smtp_username_secret", "public ingress email notification destination requires smtp_username_secret");
    }
    if (!value.smtp_password_secret) {
      issue("smtp_password_secret", "public ingress email notification destination requires smtp_password_secret");
    }
  } else if (value.kind === "discord") {
    if (!value.discord_webhook_secret) {
      issue("discord_webhook_secret", "public ingress Discord notification destination requires discord_webhook_secret");
    }
  }
});
export type NotificationDestination = z.output<typeof NotificationDestination>;

// ---------------------------------------------------------------------------
// Policy (current state, one row per policy_id).
// ---------------------------------------------------------------------------

export const NotificationPolicyRecordFields = z.strictObject({
  schema_version: schemaVersion,
  policy_id: recordId,
  product: z.string().trim().default(""),
  context: z.string().trim().default(""),
  instance: z.string().trim().default(""),
  check_name: z.string().trim().default(""),
  check_kind: z.union([publicIngressCheckKind, z.literal("")]).default(""),
  status: notificationStatus.default("enabled"),
  destinations: z.array(NotificationDestination).default(() => []),
  created_at: timestamp,
  updated_at: timestamp,
  source: z.string().trim().default(""),
});

export const NotificationPolicyRecord = NotificationPolicyRecordFields.superRefine((value, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (value.destinations.length === 0) {
    issue("destinations", "public ingress notification policy requires destinations");
  }
  const ids = value.destinations.map((destination) => destination.destination_id);
  if (new Set(ids).size !== ids.length) {
    issue("destinations", "public ingress notification destination ids must be unique");
  }
  if (value.instance && !value.context) {
    issue("context", "public ingress notification policy with instance scope requires context");
  }
  if (value.check_name && !value.instance) {
    issue("instance", "public ingress notification policy with check_name scope requires instance");
  }
  if (value.check_kind && !(value.context && value.instance)) {
    issue("check_kind", "public ingress notification policy with check_kind scope requires lane scope");
  }
});
export type NotificationPolicyRecord = z.output<typeof NotificationPolicyRecord>;

/** Upstream `PublicIngressNotificationPolicyRecord.matches`: empty scope fields match anything. */
export function notificationPolicyMatches(
  policy: Pick<NotificationPolicyRecord, "product" | "context" | "instance" | "check_name" | "check_kind">,
  incident: Pick<PublicIngressIncidentRecord, "product" | "context" | "instance" | "check_name" | "check_kind">,
): boolean {
  return (
    (!policy.product || policy.product === incident.product) &&
    (!policy.context || policy.context === incident.context) &&
    (!policy.instance || policy.instance === incident.instance) &&
    (!policy.check_name ||
      canonicalHealthCheckRecordToken(policy.check_name) === canonicalHealthCheckRecordToken(incident.check_name)) &&
    (!policy.check_kind || policy.check_kind === incident.check_kind)
  );
}

// ---------------------------------------------------------------------------
// Attempt (append-only delivery evidence; the notification idempotency boundary).
// ---------------------------------------------------------------------------

export const NotificationAttemptRecordFields = z.strictObject({
  schema_version: schemaVersion,
  attempt_id: recordId,
  incident_id: nonBlank("public ingress notification attempt incident_id").trim(),
  event: publicIngressIncidentEvent,
  policy_id: nonBlank("public ingress notification attempt policy_id").trim(),
  destination_id: nonBlank("public ingress notification attempt destination_id").trim(),
  destination_kind: notificationDestinationKind,
  delivery_status: notificationDeliveryStatus,
  attempted_at: timestamp,
  observation_id: nonBlank("public ingress notification attempt observation_id").trim(),
  external_url: z.string().trim().default(""),
  external_id: z.string().trim().default(""),
  action: z.string().trim().default(""),
  error_message: z.string().trim().default(""),
});

export const NotificationAttemptRecord = NotificationAttemptRecordFields.superRefine((value, ctx) => {
  if (value.delivery_status === "failed" && !value.error_message) {
    ctx.addIssue({
      code: "custom",
      path: ["error_message"],
      message: "failed public ingress notification attempt requires error_message",
    });
  }
  if (value.delivery_status === "delivered" && !value.action) {
    ctx.addIssue({ code: "custom", path: ["action"], message: "delivered public ingress notification attempt requires action" });
  }
});
export type NotificationAttemptRecord = z.output<typeof NotificationAttemptRecord>;

/**
 * Upstream `build_public_ingress_notification_attempt_id`:
 * `public-ingress-notification-<incident>-<event>-<policy>-<destination>-<16 hex>` where the hex is
 * the head of sha256 over the compact, key-sorted JSON of the five (trimmed) inputs.
 */
export function buildNotificationAttemptId(input: {
  incident_id: string;
  event: string;
  policy_id: string;
  destination_id: string;
  observation_id: string;
}): string {
  const digest = sha256Hex(
    canonicalJson({
      incident_id: input.incident_id.trim(),
      event: input.event.trim(),
      policy_id: input.policy_id.trim(),
      destination_id: input.destination_id.trim(),
      observation_id: input.observation_id.trim(),
    }),
  ).slice(0, 16);
  return joinRecordTokens(["public-ingress-notification", input.incident_id, input.event, input.policy_id, input.destination_id, digest]);
}
