import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotificationPolicyRecord, buildNotificationAttemptId } from "@/server/contracts/notification";
import type { z } from "zod";
import { createNotificationDriver } from "@/server/drivers/notification-driver";
import { inTransaction } from "@/server/repositories/db-client";
import { notificationRepository } from "@/server/repositories/notification-repository";
import { deliverIncidentNotifications } from "@/server/services/incident-notifications";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";
import { uniqueProduct, useTestDb } from "../../support/database";
import { at, laneOf, observationRequest, startWebhookReceiver, type TestLane, type WebhookReceiver } from "./public-ingress-fixtures";

const { db } = useTestDb();

const secrets = new Map<string, string>();
const resolveSecret = async (secretId: string) => secrets.get(secretId) ?? null;
const driver = createNotificationDriver({ resolveSecret, allowPrivateWebhookHosts: true, timeoutMs: 5000 });

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

type Destination = NonNullable<z.input<typeof NotificationPolicyRecord>["destinations"]>;

async function applyPolicy(lane: TestLane, policyId: string, destinations: Destination, scope: Partial<z.input<typeof NotificationPolicyRecord>> = {}) {
  await notificationRepository(db).upsertPolicy(
    NotificationPolicyRecord.parse({
      policy_id: policyId,
      product: lane.product,
      destinations,
      created_at: at(0),
      updated_at: at(0),
      ...scope,
    }),
  );
}

/** A Discord destination whose webhook secret resolves to a path on the loopback receiver. */
function discordTo(lane: TestLane, destinationId: string, path: string): Destination[number] {
  const secretId = `${lane.product}-${destinationId}-webhook`;
  secrets.set(secretId, receiver.url(path));
  return { destination_id: destinationId, kind: "discord", discord_webhook_secret: secretId };
}

function requestsTo(path: string) {
  return receiver.received.filter((request) => request.path === path);
}

async function storedAttempts(incidentId: string) {
  return db.notificationAttempt.findMany({ where: { incidentId }, orderBy: { attemptId: "asc" } });
}

describe("incident notifications", () => {
  it("delivers opened and resolved events to a webhook, writing the attempt as pending before delivery", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}`;
    await applyPolicy(lane, `${lane.product}-ops`, [discordTo(lane, "ops-discord", path)]);
    const seenWhileDelivering: string[] = [];
    receiver.respond = async (request) => {
      if (request.path === path) {
        const attemptId = (request.body as { embeds: Array<{ footer: { text: string } }> }).embeds[0]!.footer.text;
        const row = await db.notificationAttempt.findUnique({ where: { attemptId } });
        seenWhileDelivering.push(row?.deliveryStatus ?? "missing");
      }
      return 204;
    };

    const opening = observationRequest(lane, "fail", at(0));
    const opened = await ingestPublicIngressObservation(db, opening, { notificationDriver: driver });
    const incidentId = opened.records.public_ingress_incident_id!;
    const expectedAttemptId = buildNotificationAttemptId({
      incident_id: incidentId,
      event: "opened",
      policy_id: `${lane.product}-ops`,
      destination_id: "ops-discord",
      observation_id: opened.records.public_ingress_observation_id,
    });
    expect(opened.notifications).toHaveLength(1);
    expect(opened.notifications[0]).toMatchObject({
      sent: true,
      state: "delivered",
      attempt: {
        attempt_id: expectedAttemptId,
        incident_id: incidentId,
        event: "opened",
        destination_kind: "discord",
        delivery_status: "delivered",
        action: "posted_discord",
        attempted_at: at(0),
        observation_id: opened.records.public_ingress_observation_id,
        error_message: "",
      },
    });
    expect(seenWhileDelivering).toEqual(["pending"]);

    const delivered = requestsTo(path);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.method).toBe("POST");
    expect(delivered[0]!.contentType).toBe("application/json");
    const body = delivered[0]!.body as { allowed_mentions: unknown; embeds: Array<{ title: string; description: string; color: number }> };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.title).toBe(`Public ingress opened: ${lane.product}/prod`);
    expect(body.embeds[0]!.description).toContain(`- incident_id: ${incidentId}`);
    expect(body.embeds[0]!.description).toContain("- failure_code: health_status_error");
    expect(body.embeds[0]!.color).toBe(0xc62828);

    let rows = await storedAttempts(incidentId);
    expect(rows.map((row) => [row.attemptId, row.event, row.deliveryStatus])).toEqual([[expectedAttemptId, "opened", "delivered"]]);

    // A further failure updates the incident but does not page again.
    const update = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(5)), { notificationDriver: driver });
    expect(update.transition).toBe("updated");
    expect(update.notifications).toEqual([]);

    // Replaying the opening observation finds the attempt and does not send it again.
    const replay = await ingestPublicIngressObservation(db, opening, { notificationDriver: driver });
    expect(replay.duplicate).toBe(true);
    expect(replay.notifications).toHaveLength(1);
    expect(replay.notifications[0]).toMatchObject({ sent: false, state: "delivered", attempt: { attempt_id: expectedAttemptId } });
    expect(requestsTo(path)).toHaveLength(1);

    const resolved = await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(10)), { notificationDriver: driver });
    expect(resolved.transition).toBe("resolved");
    expect(resolved.notifications.map((outcome) => [outcome.attempt.event, outcome.state, outcome.sent])).toEqual([
      ["resolved", "delivered", true],
    ]);
    expect(requestsTo(path)).toHaveLength(2);
    const resolvedBody = requestsTo(path)[1]!.body as { embeds: Array<{ title: string; color: number }> };
    expect(resolvedBody.embeds[0]!.title).toBe(`Public ingress resolved: ${lane.product}/prod`);
    expect(resolvedBody.embeds[0]!.color).toBe(0x2e7d32);
    expect(seenWhileDelivering).toEqual(["pending", "pending"]);

    rows = await storedAttempts(incidentId);
    expect(rows.map((row) => [row.event, row.deliveryStatus])).toEqual(
      expect.arrayContaining([
        ["opened", "delivered"],
        ["resolved", "delivered"],
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it("records a failed attempt when the receiver answers 500, and does not re-send it on replay", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}/broken`;
    await applyPolicy(lane, `${lane.product}-ops`, [discordTo(lane, "ops-discord", path)]);
    receiver.respond = (request) => (request.path === path ? 500 : 204);

    const request = observationRequest(lane, "fail", at(0));
    const first = await ingestPublicIngressObservation(db, request, { notificationDriver: driver });
    expect(first.notifications).toHaveLength(1);
    expect(first.notifications[0]).toMatchObject({
      sent: true,
      state: "failed",
      attempt: { delivery_status: "failed", action: "webhook_rejected", error_message: "Discord webhook answered HTTP 500." },
    });
    expect(requestsTo(path)).toHaveLength(1);
    const rows = await storedAttempts(first.records.public_ingress_incident_id!);
    expect(rows.map((row) => row.deliveryStatus)).toEqual(["failed"]);

    const replay = await ingestPublicIngressObservation(db, request, { notificationDriver: driver });
    expect(replay.notifications[0]).toMatchObject({ sent: false, state: "failed" });
    expect(requestsTo(path)).toHaveLength(1);
    expect(await storedAttempts(first.records.public_ingress_incident_id!)).toEqual(rows);
  });

  it("records disabled destinations and unconfigured channels as skipped without sending anything", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}/disabled`;
    await applyPolicy(lane, `${lane.product}-all`, [
      { ...discordTo(lane, "muted-discord", path), status: "disabled" },
      { destination_id: "ops-issue", kind: "github_issue", github_repository: "example/ops", github_label: "incident" },
      {
        destination_id: "ops-mail",
        kind: "email",
        email_to: ["ops@example.com"],
        email_from: "launchplane@example.com",
        smtp_host: "smtp.example.com",
        smtp_username_secret: "smtp-user",
        smtp_password_secret: "smtp-password",
      },
    ]);
    receiver.respond = () => 204;

    const result = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0)), { notificationDriver: driver });
    const byDestination = Object.fromEntries(
      result.notifications.map((outcome) => [outcome.attempt.destination_id, [outcome.state, outcome.attempt.action]]),
    );
    expect(byDestination).toEqual({
      "muted-discord": ["skipped", "destination_disabled"],
      "ops-issue": ["skipped", "github_issue_driver_not_configured"],
      "ops-mail": ["skipped", "email_driver_not_configured"],
    });
    expect(result.notifications.find((outcome) => outcome.attempt.destination_id === "ops-issue")?.attempt.error_message).toBe(
      "GitHub issue notifications are not configured on this Launchplane service.",
    );
    expect(requestsTo(path)).toHaveLength(0);
    const rows = await storedAttempts(result.records.public_ingress_incident_id!);
    expect(rows.map((row) => row.deliveryStatus)).toEqual(["skipped", "skipped", "skipped"]);
  });

  it("routes only through enabled policies whose scope covers the incident's lane and check", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}/scoped`;
    const destination = discordTo(lane, "ops-discord", path);
    await applyPolicy(lane, `${lane.product}-lane`, [destination], { context: lane.context, instance: "prod" });
    await applyPolicy(lane, `${lane.product}-testing`, [destination], { context: lane.context, instance: "testing" });
    await applyPolicy(lane, `${lane.product}-worker`, [destination], {
      context: lane.context,
      instance: "prod",
      check_name: "Worker Queue",
    });
    await applyPolicy(lane, `${lane.product}-off`, [destination], { status: "disabled" });
    receiver.respond = () => 204;

    const result = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0)), { notificationDriver: driver });
    const mine = result.notifications.filter((outcome) => outcome.attempt.policy_id.startsWith(lane.product));
    expect(mine.map((outcome) => outcome.attempt.policy_id)).toEqual([`${lane.product}-lane`]);
    expect(requestsTo(path)).toHaveLength(1);
  });

  it("refuses webhook URLs on private hosts by default and records missing secrets as failed", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}/private`;
    await applyPolicy(lane, `${lane.product}-ops`, [
      discordTo(lane, "loopback-discord", path),
      { destination_id: "unset-discord", kind: "discord", discord_webhook_secret: `${lane.product}-never-stored` },
    ]);
    const strictDriver = createNotificationDriver({ resolveSecret });

    const result = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0)), { notificationDriver: strictDriver });
    const byDestination = Object.fromEntries(result.notifications.map((outcome) => [outcome.attempt.destination_id, outcome.attempt]));
    expect(byDestination["loopback-discord"]).toMatchObject({
      delivery_status: "failed",
      action: "invalid_discord_webhook",
      error_message: "Discord webhook URL is refused: scheme must be https",
    });
    expect(byDestination["unset-discord"]).toMatchObject({
      delivery_status: "failed",
      action: "missing_discord_webhook",
      error_message: "Discord webhook secret could not be resolved.",
    });
    expect(requestsTo(path)).toHaveLength(0);
  });

  it("reports an unreachable webhook as failed without revealing its address", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const closedPort = await unusedPort();
    const secretId = `${lane.product}-dead-webhook`;
    secrets.set(secretId, `http://127.0.0.1:${closedPort}/api/webhooks/123/token-value`);
    await applyPolicy(lane, `${lane.product}-ops`, [{ destination_id: "dead-discord", kind: "discord", discord_webhook_secret: secretId }]);

    const result = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0)), { notificationDriver: driver });
    expect(result.notifications).toHaveLength(1);
    const attempt = result.notifications[0]!.attempt;
    expect(attempt).toMatchObject({ delivery_status: "failed", action: "webhook_request_failed" });
    expect(attempt.error_message).toBe("Discord webhook request failed (ECONNREFUSED).");
    const stored = await db.notificationAttempt.findUnique({ where: { attemptId: attempt.attempt_id } });
    const text = JSON.stringify(stored?.payload);
    expect(text).not.toContain("token-value");
    expect(text).not.toContain(String(closedPort));
  });

  it("delivers on a replay what was not delivered when the evidence was first stored", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}/later`;
    await applyPolicy(lane, `${lane.product}-ops`, [discordTo(lane, "ops-discord", path)]);
    receiver.respond = () => 204;

    const request = observationRequest(lane, "fail", at(0));
    const stored = await ingestPublicIngressObservation(db, request);
    expect(stored.notifications).toEqual([]);
    expect(await storedAttempts(stored.records.public_ingress_incident_id!)).toHaveLength(0);

    const replay = await ingestPublicIngressObservation(db, request, { notificationDriver: driver });
    expect(replay.duplicate).toBe(true);
    expect(replay.notifications.map((outcome) => [outcome.sent, outcome.state])).toEqual([[true, "delivered"]]);
    const again = await ingestPublicIngressObservation(db, request, { notificationDriver: driver });
    expect(again.notifications.map((outcome) => [outcome.sent, outcome.state])).toEqual([[false, "delivered"]]);
    expect(requestsTo(path)).toHaveLength(1);
  });
});

describe("incident notifications inside a caller's transaction", () => {
  it("never delivers inside the caller's transaction; the caller delivers the returned event after its commit", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const path = `/hooks/${lane.product}/joined`;
    await applyPolicy(lane, `${lane.product}-ops`, [discordTo(lane, "ops-discord", path)]);
    receiver.respond = () => 204;

    const result = await inTransaction(db, (tx) =>
      ingestPublicIngressObservation(tx, observationRequest(lane, "fail", at(0)), { notificationDriver: driver }),
    );
    expect(result.transition).toBe("opened");
    expect(result.notifications).toEqual([]);
    expect(result.notification).toMatchObject({ event: "opened", incident: { incident_id: result.records.public_ingress_incident_id } });
    expect(requestsTo(path)).toHaveLength(0);
    expect(await storedAttempts(result.records.public_ingress_incident_id!)).toHaveLength(0);

    const delivered = await deliverIncidentNotifications(db, result.notification!, driver);
    expect(delivered.map((outcome) => [outcome.sent, outcome.state])).toEqual([[true, "delivered"]]);
    expect(requestsTo(path)).toHaveLength(1);
  });

  it("rolls the observation and the incident back together when the caller's transaction fails", async () => {
    const lane = laneOf(uniqueProduct("notify"));
    const request = observationRequest(lane, "fail", at(0));
    const failure = await inTransaction(db, async (tx) => {
      await ingestPublicIngressObservation(tx, request);
      throw new Error("the caller's later step failed");
    }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe("the caller's later step failed");
    expect(await db.publicIngressObservation.count({ where: { product: lane.product } })).toBe(0);
    expect(await db.publicIngressIncident.count({ where: { product: lane.product } })).toBe(0);
  });
});

/** A loopback port with nothing listening on it. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
