import { describe, expect, it } from "vitest";

import {
  NotificationAttemptRecord,
  NotificationDestination,
  NotificationPolicyRecord,
  buildNotificationAttemptId,
  notificationPolicyMatches,
} from "./notification";

const github = {
  destination_id: "ops-issue",
  kind: "github_issue",
  github_repository: "every/ops",
  github_label: "public-ingress",
};
const email = {
  destination_id: "ops-email",
  kind: "email",
  email_to: ["ops@example.com"],
  email_from: "launchplane@example.com",
  smtp_host: "smtp.example.com",
  smtp_username_secret: "secret-smtp-username",
  smtp_password_secret: "secret-smtp-password",
};
const discord = { destination_id: "ops-discord", kind: "discord", discord_webhook_secret: "secret-discord-ops-webhook" };

const policy = {
  policy_id: "pi-verireel-prod",
  product: "verireel",
  context: "verireel-prod",
  instance: "prod",
  destinations: [github, email, discord],
  created_at: "2026-05-07T15:00:00Z",
  updated_at: "2026-05-07T15:00:00Z",
  source: "operator:console",
};

describe("NotificationDestination", () => {
  it("accepts the three destination kinds with defaults", () => {
    expect(NotificationDestination.parse(github).status).toBe("enabled");
    expect(NotificationDestination.parse(email).smtp_port).toBe(587);
    expect(NotificationDestination.parse(discord).kind).toBe("discord");
  });

  it("requires per-kind fields", () => {
    expect(NotificationDestination.safeParse({ ...github, github_repository: "ops" }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...github, github_label: "" }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...github, github_label: "", github_issue_number: 12 }).success).toBe(true);
    expect(NotificationDestination.safeParse({ ...email, email_to: [] }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...email, email_to: [" "] }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...email, smtp_password_secret: "" }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...discord, discord_webhook_secret: "" }).success).toBe(false);
  });

  it("only references managed secrets, never raw values", () => {
    expect(
      NotificationDestination.safeParse({
        ...discord,
        discord_webhook_secret: "https://discord.com/api/webhooks/123/abc",
      }).success,
    ).toBe(false);
    expect(NotificationDestination.safeParse({ ...email, smtp_password_secret: "hunter2 with spaces" }).success).toBe(false);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(NotificationDestination.safeParse({ ...discord, discord_webhook_url: "x" }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...email, smtp_port: 0 }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...github, github_issue_number: "12" }).success).toBe(false);
    expect(NotificationDestination.safeParse({ ...github, kind: "slack" }).success).toBe(false);
  });
});

describe("NotificationPolicyRecord", () => {
  it("accepts a lane-scoped policy", () => {
    const parsed = NotificationPolicyRecord.parse(policy);
    expect(parsed.check_kind).toBe("");
    expect(parsed.destinations).toHaveLength(3);
  });

  it("requires unique destinations and coherent scope", () => {
    expect(NotificationPolicyRecord.safeParse({ ...policy, destinations: [] }).success).toBe(false);
    expect(NotificationPolicyRecord.safeParse({ ...policy, destinations: [discord, discord] }).success).toBe(false);
    expect(NotificationPolicyRecord.safeParse({ ...policy, context: "" }).success).toBe(false);
    expect(NotificationPolicyRecord.safeParse({ ...policy, instance: "", check_name: "api" }).success).toBe(false);
    expect(NotificationPolicyRecord.safeParse({ ...policy, instance: "", check_kind: "provider" }).success).toBe(false);
    expect(NotificationPolicyRecord.safeParse({ ...policy, check_kind: "provider" }).success).toBe(true);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(NotificationPolicyRecord.safeParse({ ...policy, webhook_url: "x" }).success).toBe(false);
    expect(NotificationPolicyRecord.safeParse({ ...policy, status: "paused" }).success).toBe(false);
  });

  it("matches incidents on the non-empty scope fields", () => {
    const parsed = NotificationPolicyRecord.parse(policy);
    const incident = {
      product: "verireel",
      context: "verireel-prod",
      instance: "prod",
      check_name: "public-ingress",
      check_kind: "public_http" as const,
    };
    expect(notificationPolicyMatches(parsed, incident)).toBe(true);
    expect(notificationPolicyMatches(parsed, { ...incident, instance: "testing" })).toBe(false);
    expect(notificationPolicyMatches({ ...parsed, check_name: "Public Ingress" }, incident)).toBe(true);
  });
});

describe("NotificationAttemptRecord", () => {
  const attempt = {
    attempt_id: buildNotificationAttemptId({
      incident_id: "public-ingress-incident-verireel-verireel-prod",
      event: "opened",
      policy_id: "pi-default",
      destination_id: "ops-discord",
      observation_id: "public-ingress-verireel-verireel-prod-2026-05-07t16-00-00z",
    }),
    incident_id: "public-ingress-incident-verireel-verireel-prod",
    event: "opened",
    policy_id: "pi-default",
    destination_id: "ops-discord",
    destination_kind: "discord",
    delivery_status: "delivered",
    attempted_at: "2026-05-07T16:00:00Z",
    observation_id: "public-ingress-verireel-verireel-prod-2026-05-07t16-00-00z",
    action: "posted",
  };

  it("builds the upstream attempt id", () => {
    expect(attempt.attempt_id).toBe(
      "public-ingress-notification-public-ingress-incident-verireel-verireel-prod-opened-pi-default-ops-discord-5758e41ca8774fd6",
    );
  });

  it("accepts a delivered attempt", () => {
    expect(NotificationAttemptRecord.parse(attempt).external_url).toBe("");
  });

  it("requires action on delivery and an error on failure", () => {
    expect(NotificationAttemptRecord.safeParse({ ...attempt, action: " " }).success).toBe(false);
    expect(NotificationAttemptRecord.safeParse({ ...attempt, delivery_status: "failed" }).success).toBe(false);
    expect(
      NotificationAttemptRecord.safeParse({ ...attempt, delivery_status: "failed", error_message: "HTTP 500" }).success,
    ).toBe(true);
    expect(NotificationAttemptRecord.safeParse({ ...attempt, delivery_status: "skipped", action: "" }).success).toBe(true);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(NotificationAttemptRecord.safeParse({ ...attempt, webhook_url: "x" }).success).toBe(false);
    expect(NotificationAttemptRecord.safeParse({ ...attempt, event: "reminder" }).success).toBe(false);
    expect(NotificationAttemptRecord.safeParse({ ...attempt, delivery_status: "pending" }).success).toBe(false);
  });
});
