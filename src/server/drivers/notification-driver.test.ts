import { describe, expect, it } from "vitest";
import { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import { PublicIngressObservationRecord } from "@/server/contracts/public-ingress-observation";
import { NotificationDestination } from "@/server/contracts/notification";
import { createNotificationDriver, webhookPayload, webhookUrlRefusal } from "./notification-driver";

const observation = PublicIngressObservationRecord.parse({
  record_id: "public-ingress-shop-shop-prod-2026-05-07t16-00-00z",
  product: "shop",
  context: "shop",
  instance: "prod",
  observed_at: "2026-05-07T16:00:00Z",
  status: "fail",
  failure_code: "http_error",
  targets: [{ target: "base_url", url: "https://shop.example.com", status: "fail", failure_code: "http_error", summary: "HTTP 502 @everyone" }],
  summary: "HTTP 502",
});
const incident = PublicIngressIncidentRecord.parse({
  incident_id: "public-ingress-incident-shop-shop-prod-2026-05-07t16-00-00z",
  product: "shop",
  context: "shop",
  instance: "prod",
  status: "open",
  opened_at: observation.observed_at,
  opened_observation_id: observation.record_id,
  latest_observation_id: observation.record_id,
  latest_observed_at: observation.observed_at,
  failure_code: "http_error",
  summary: "HTTP 502",
});

describe("webhookUrlRefusal", () => {
  it("accepts public https URLs", () => {
    expect(webhookUrlRefusal("https://discord.com/api/webhooks/1/token", false)).toBeNull();
  });

  it("refuses private, loopback and non-https URLs without echoing them", () => {
    expect(webhookUrlRefusal("http://discord.com/api/webhooks/1/token", false)).toBe("scheme must be https");
    expect(webhookUrlRefusal("https://127.0.0.1/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://10.1.2.3/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://172.20.0.1/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://192.168.1.1/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://169.254.169.254/latest", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://[::1]/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://[::ffff:127.0.0.1]/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://localhost/hook", false)).toBe("host is not public");
    expect(webhookUrlRefusal("https://user:pass@discord.com/hook", false)).toBe("credentials in the URL are not allowed");
    expect(webhookUrlRefusal("ftp://discord.com/hook", true)).toBe("scheme must be https");
    expect(webhookUrlRefusal("not a url", false)).toBe("not a valid URL");
  });

  it("allows loopback http only when private hosts are allowed", () => {
    expect(webhookUrlRefusal("http://127.0.0.1:8080/hook", true)).toBeNull();
  });
});

describe("webhookPayload", () => {
  it("posts a Discord embed that cannot mention anyone and carries the attempt id", () => {
    const payload = webhookPayload({ event: "opened", incident, observation, attemptId: "attempt-1" }) as {
      allowed_mentions: unknown;
      embeds: Array<{ title: string; description: string; footer: { text: string } }>;
    };
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.embeds[0]!.title).toBe("Public ingress opened: shop/prod");
    expect(payload.embeds[0]!.footer.text).toBe("attempt-1");
    expect(payload.embeds[0]!.description.split("\n")).toContain("- base_url: fail HTTP 502 @everyone");
  });
});

describe("createNotificationDriver", () => {
  it("skips GitHub issue and email destinations with the reason", async () => {
    const driver = createNotificationDriver({ resolveSecret: async () => null });
    const issue = NotificationDestination.parse({ destination_id: "i", kind: "github_issue", github_repository: "o/r", github_issue_number: 4 });
    expect(await driver.deliver(issue, { event: "opened", incident, observation, attemptId: "a" })).toEqual({
      delivery_status: "skipped",
      action: "github_issue_driver_not_configured",
      error_message: "GitHub issue notifications are not configured on this Launchplane service.",
    });
  });

  it("fails closed when the secret resolver throws, without its message", async () => {
    const driver = createNotificationDriver({
      resolveSecret: async () => {
        throw new Error("vault says: https://discord.com/api/webhooks/1/secret");
      },
    });
    const discord = NotificationDestination.parse({ destination_id: "d", kind: "discord", discord_webhook_secret: "hook" });
    expect(await driver.deliver(discord, { event: "opened", incident, observation, attemptId: "a" })).toEqual({
      delivery_status: "failed",
      action: "missing_discord_webhook",
      error_message: "Discord webhook secret could not be resolved.",
    });
  });
});
