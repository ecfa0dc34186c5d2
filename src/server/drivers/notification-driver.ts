import { isIP } from "node:net";
import type {
  NotificationDeliveryStatus,
  NotificationDestination,
  NotificationDestinationKind,
} from "@/server/contracts/notification";
import type { PublicIngressIncidentEvent, PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import type { PublicIngressObservationRecord } from "@/server/contracts/public-ingress-observation";

/**
 * Notification channels for public-ingress incident events. The service
 * decides who is notified and records each attempt; a driver only turns one
 * message into one delivery outcome. Drivers never throw for a delivery
 * problem and never put secret values (webhook URLs, credentials) into what
 * they return.
 */

export interface NotificationMessage {
  event: PublicIngressIncidentEvent;
  incident: PublicIngressIncidentRecord;
  observation: PublicIngressObservationRecord;
  /** The attempt id: a stable marker receivers can de-duplicate on. */
  attemptId: string;
}

export interface NotificationDelivery {
  delivery_status: NotificationDeliveryStatus;
  action: string;
  external_url?: string;
  external_id?: string;
  error_message?: string;
}

export interface NotificationDriver {
  deliver(destination: NotificationDestination, message: NotificationMessage): Promise<NotificationDelivery>;
}

/** Resolves a managed secret id to its plaintext at send time; null/"" when it is not available. */
export type ManagedSecretResolver = (secretId: string) => Promise<string | null | undefined>;

export interface NotificationDriverOptions {
  resolveSecret: ManagedSecretResolver;
  /** Per-request timeout for webhook posts. */
  timeoutMs?: number;
  /**
   * Allows webhook URLs on loopback/private hosts and plain http (a local
   * receiver in development or tests). Off by default: a production webhook
   * must be a public https URL so a secret value cannot aim requests at
   * internal services.
   */
  allowPrivateWebhookHosts?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Discord caps embed descriptions at 4096 characters. */
const MAX_DESCRIPTION = 4000;
const USER_AGENT = "Launchplane public-ingress-notifier/1.0";

/** The plain-text body shared by every channel. */
export function incidentNotificationText(message: NotificationMessage): string {
  const { event, incident, observation } = message;
  const lines = [
    `Launchplane public ingress incident ${event}: ${incident.product}/${incident.instance}`,
    "",
    `- status: ${incident.status}`,
    `- incident_id: ${incident.incident_id}`,
    `- context: ${incident.context}`,
    `- check: ${incident.check_name} (${incident.check_kind})`,
    `- observed_at: ${observation.observed_at}`,
    `- observation_id: ${observation.record_id}`,
    `- failure_code: ${incident.failure_code}`,
    `- summary: ${incident.summary}`,
  ];
  for (const target of observation.targets) lines.push(`- ${target.target}: ${target.status} ${target.summary}`);
  return lines.join("\n");
}

/** The JSON document posted to a webhook destination (Discord's execute-webhook shape). */
export function webhookPayload(message: NotificationMessage): Record<string, unknown> {
  const text = incidentNotificationText(message);
  return {
    // Incident text comes from monitored sites; never let it ping anyone.
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: `Public ingress ${message.event}: ${message.incident.product}/${message.incident.instance}`,
        description: text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text,
        color: message.event === "resolved" ? 0x2e7d32 : 0xc62828,
        footer: { text: message.attemptId },
      },
    ],
  };
}

/**
 * The service's notification driver: webhook destinations (Discord) are
 * posted to; GitHub issue and email delivery are not wired in this service
 * yet and are recorded as skipped with the reason.
 */
export function createNotificationDriver(options: NotificationDriverOptions): NotificationDriver {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async deliver(destination, message) {
      switch (destination.kind) {
        case "discord":
          return postWebhook(destination, message, options, timeoutMs);
        case "github_issue":
        case "email":
          return notConfigured(destination.kind);
      }
    },
  };
}

function notConfigured(kind: Exclude<NotificationDestinationKind, "discord">): NotificationDelivery {
  const channel = kind === "github_issue" ? "GitHub issue" : "Email";
  return {
    delivery_status: "skipped",
    action: `${kind}_driver_not_configured`,
    error_message: `${channel} notifications are not configured on this Launchplane service.`,
  };
}

async function postWebhook(
  destination: NotificationDestination,
  message: NotificationMessage,
  options: NotificationDriverOptions,
  timeoutMs: number,
): Promise<NotificationDelivery> {
  let url: string;
  try {
    url = ((await options.resolveSecret(destination.discord_webhook_secret)) ?? "").trim();
  } catch {
    url = "";
  }
  if (!url) {
    return {
      delivery_status: "failed",
      action: "missing_discord_webhook",
      error_message: "Discord webhook secret could not be resolved.",
    };
  }
  const refusal = webhookUrlRefusal(url, options.allowPrivateWebhookHosts ?? false);
  if (refusal) {
    return { delivery_status: "failed", action: "invalid_discord_webhook", error_message: `Discord webhook URL is refused: ${refusal}` };
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": USER_AGENT },
      body: JSON.stringify(webhookPayload(message)),
      // A redirect could lead anywhere (including internal hosts): never follow.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { delivery_status: "failed", action: "webhook_request_failed", error_message: requestFailure(error, timeoutMs) };
  }
  // Drain the body so the connection is released; its content is not needed.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) {
    return { delivery_status: "delivered", action: "posted_discord" };
  }
  return {
    delivery_status: "failed",
    action: "webhook_rejected",
    error_message: `Discord webhook answered HTTP ${response.status}.`,
  };
}

/** Why a webhook URL may not be used, or null. The URL itself never appears in the reason. */
export function webhookUrlRefusal(raw: string, allowPrivateHosts: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "https:" && !(allowPrivateHosts && url.protocol === "http:")) return "scheme must be https";
  if (url.username || url.password) return "credentials in the URL are not allowed";
  if (!allowPrivateHosts && isPrivateHost(url.hostname)) return "host is not public";
  return null;
}

function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true;
  const version = isIP(host);
  if (version === 4) return isPrivateIpv4(host);
  if (version === 6) {
    const mapped = mappedIpv4(host);
    if (mapped) return isPrivateIpv4(mapped);
    return host === "::" || host === "::1" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  // Hostnames are public as written; DNS answers are not pinned here.
  return false;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (URL parsing writes it as hex groups). */
function mappedIpv4(host: string): string | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function isPrivateIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split(".").map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

/** A bounded, secret-free description of a failed request (no URL, no host). */
function requestFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `Discord webhook did not answer within ${timeoutMs} ms.`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === "string" && /^[A-Z0-9_]{1,40}$/.test(cause.code) ? cause.code : "network_error";
  return `Discord webhook request failed (${code}).`;
}
