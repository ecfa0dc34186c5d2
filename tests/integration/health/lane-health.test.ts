import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotificationPolicyRecord } from "@/server/contracts/notification";
import { createNotificationDriver } from "@/server/drivers/notification-driver";
import { notificationRepository } from "@/server/repositories/notification-repository";
import { listOpenIncidents, readIncidentHistory, readLaneHealth } from "@/server/services/lane-health";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";
import { uniqueProduct, useTestDb } from "../../support/database";
import { at, laneOf, observationRequest, startWebhookReceiver, type TestLane, type WebhookReceiver } from "./public-ingress-fixtures";
import { refusal } from "../../support/refusal";

const { db, queryCount, resetQueryCount } = useTestDb();

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function observe(lane: TestLane, status: "pass" | "fail" | "skipped", minute: number, checkName?: string) {
  return ingestPublicIngressObservation(db, observationRequest(lane, status, at(minute), { checkName }));
}

describe("lane health read model", () => {
  it("shows the latest observation of every check with its open incident, in two queries whatever the history", async () => {
    const lane = laneOf(uniqueProduct("health"));
    await observe(lane, "pass", 0);
    await observe(lane, "fail", 1);
    await observe(lane, "pass", 0, "Worker Queue");
    await observe(lane, "skipped", 0, "Admin");
    // Another lane of the same product must not leak in.
    await observe({ ...lane, instance: "testing" }, "fail", 0);

    resetQueryCount();
    const health = await readLaneHealth(db, lane);
    const queriesForShortHistory = queryCount();
    expect(queriesForShortHistory).toBe(2);

    expect(health.checks.map((check) => [check.check_name, check.health, check.latest_observation.observed_at])).toEqual([
      ["Admin", "unsupported", at(0)],
      ["Worker Queue", "healthy", at(0)],
      ["public-ingress", "failing", at(1)],
    ]);
    const failing = health.checks.find((check) => check.check_name === "public-ingress")!;
    expect(failing.open_incident?.opened_at).toBe(at(1));
    expect(health.checks.find((check) => check.check_name === "Worker Queue")!.open_incident).toBeNull();
    expect(health.open_incidents.map((incident) => incident.incident_id)).toEqual([failing.open_incident!.incident_id]);

    for (let minute = 2; minute < 30; minute += 1) await observe(lane, minute % 2 === 0 ? "pass" : "fail", minute);
    resetQueryCount();
    const later = await readLaneHealth(db, lane);
    expect(queryCount()).toBe(queriesForShortHistory);
    expect(later.checks.find((check) => check.check_name === "public-ingress")!.latest_observation.observed_at).toBe(at(29));
  });

  it("lists a product's open incidents across its lanes, newest first", async () => {
    const product = uniqueProduct("health");
    const prod = laneOf(product, "prod");
    const testing = laneOf(product, "testing");
    await observe(prod, "fail", 1);
    await observe(testing, "fail", 3);
    await observe(testing, "fail", 2, "Worker Queue");
    await observe(testing, "pass", 4, "Worker Queue");

    resetQueryCount();
    const open = await listOpenIncidents(db, product);
    expect(queryCount()).toBe(1);
    expect(open.map((incident) => [incident.instance, incident.check_name, incident.opened_at])).toEqual([
      ["testing", "public-ingress", at(3)],
      ["prod", "public-ingress", at(1)],
    ]);
  });
});

describe("incident history", () => {
  it("pages incidents newest first with their observations over time and notification attempts, in three queries", async () => {
    const lane = laneOf(uniqueProduct("history"));
    const secretId = `${lane.product}-webhook`;
    const driver = createNotificationDriver({
      resolveSecret: async (id) => (id === secretId ? receiver.url(`/hooks/${lane.product}`) : null),
      allowPrivateWebhookHosts: true,
    });
    await notificationRepository(db).upsertPolicy(
      NotificationPolicyRecord.parse({
        policy_id: `${lane.product}-ops`,
        product: lane.product,
        destinations: [{ destination_id: "ops", kind: "discord", discord_webhook_secret: secretId }],
        created_at: at(0),
        updated_at: at(0),
      }),
    );
    const notify = { notificationDriver: driver };
    // Incident A: 0..2, incident B: 10..11, incident C: opened at 20, still open.
    const first = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(1)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(2)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(5)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(10)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(11)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(20)), notify);
    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(21)), notify);
    // Another check's failure during incident A is not part of its history.
    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(1), { checkName: "Worker Queue" }));

    resetQueryCount();
    const page1 = await readIncidentHistory(db, { product: lane.product, limit: 2 });
    expect(queryCount()).toBe(3);
    expect(page1.items.map((item) => [item.incident.opened_at, item.incident.status])).toEqual([
      [at(20), "open"],
      [at(10), "resolved"],
    ]);
    expect(page1.items[0]!.observations.map((observation) => observation.observed_at)).toEqual([at(21), at(20)]);
    expect(page1.items[0]!.notification_attempts.map((entry) => [entry.attempt.event, entry.state])).toEqual([["opened", "delivered"]]);
    expect(page1.items[1]!.observations.map((observation) => [observation.observed_at, observation.status])).toEqual([
      [at(11), "pass"],
      [at(10), "fail"],
    ]);
    expect(page1.next_cursor).toEqual(expect.any(String));

    const page2 = await readIncidentHistory(db, { product: lane.product, cursor: page1.next_cursor, limit: 2 });
    expect(page2.next_cursor).toBeNull();
    expect(page2.items).toHaveLength(2);
    const workerIncident = page2.items.find((item) => item.incident.check_name === "Worker Queue")!;
    expect(workerIncident.notification_attempts).toEqual([]);
    const incidentA = page2.items.find((item) => item.incident.incident_id === first.records.public_ingress_incident_id)!;
    expect(incidentA.observations.map((observation) => [observation.observed_at, observation.status])).toEqual([
      [at(2), "pass"],
      [at(1), "fail"],
      [at(0), "fail"],
    ]);
    expect(incidentA.observations_truncated).toBe(false);
    expect(incidentA.notification_attempts.map((entry) => entry.attempt.event).sort()).toEqual(["opened", "resolved"]);

    const resolvedOnly = await readIncidentHistory(db, { product: lane.product, status: "resolved" });
    expect(resolvedOnly.items.map((item) => item.incident.opened_at)).toEqual([at(10), at(0)]);
  });

  it("refuses a cursor it did not issue and an out-of-range limit", async () => {
    const product = uniqueProduct("history");
    for (const query of [
      { product, cursor: "not-a-cursor" },
      { product, limit: 0 },
      { product, limit: 201 },
    ]) {
      const error = await refusal(readIncidentHistory(db, query));
      expect(error.code).toBe("invalid_request");
    }
  });
});
