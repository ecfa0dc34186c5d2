import { describe, expect, it } from "vitest";
import { buildPublicIngressIncidentId } from "@/server/contracts/public-ingress-incident";
import type { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";
import { upsertProductProfile } from "@/server/services/product-profiles";
import { profilePayload } from "../config/config-fixtures";
import { uniqueProduct, useTestDb } from "../../support/database";
import { at, laneOf, observationRequest, type TestLane } from "./public-ingress-fixtures";
import { expectRefusal } from "../../support/refusal";

const { db } = useTestDb();

async function incidentsOf(lane: TestLane) {
  const rows = await db.publicIngressIncident.findMany({ where: { product: lane.product }, orderBy: { openedAt: "asc" } });
  return rows.map((row) => ({ status: row.status, resolvedAt: row.resolvedAt, record: row.payload as unknown as PublicIngressIncidentRecord }));
}

async function observationCount(lane: TestLane) {
  return db.publicIngressObservation.count({ where: { product: lane.product } });
}

describe("public ingress incident lifecycle", () => {
  it("opens on the first failure, updates on further failures, resolves on a pass, and reopens as a new incident", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const openedId = buildPublicIngressIncidentId({ ...lane, opened_at: at(0) });

    const first = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0), { operationId: "op-1" }));
    expect(first.duplicate).toBe(false);
    expect(first.transition).toBe("opened");
    expect(first.records).toEqual({
      public_ingress_observation_id: `public-ingress-${lane.product}-${lane.context}-prod-2026-05-07t16-00-00z`,
      public_ingress_incident_id: openedId,
    });
    expect(openedId).toBe(`public-ingress-incident-${lane.product}-${lane.context}-prod-2026-05-07t16-00-00z`);
    let incidents = await incidentsOf(lane);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe("open");
    expect(incidents[0]!.record).toMatchObject({
      incident_id: openedId,
      status: "open",
      opened_at: at(0),
      opened_observation_id: first.records.public_ingress_observation_id,
      latest_observation_id: first.records.public_ingress_observation_id,
      failure_code: "health_status_error",
      repository: `example/${lane.product}`,
      driver_id: "generic-web",
    });
    const stored = await db.publicIngressObservation.findUnique({ where: { recordId: first.records.public_ingress_observation_id } });
    expect(stored?.operationId).toBe("op-1");
    expect(stored?.checkName).toBe("public-ingress");

    const second = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(5), { summary: "HTTP 502" }));
    expect(second.transition).toBe("updated");
    expect(second.records.public_ingress_incident_id).toBe(openedId);
    incidents = await incidentsOf(lane);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.record).toMatchObject({
      status: "open",
      opened_observation_id: first.records.public_ingress_observation_id,
      latest_observation_id: second.records.public_ingress_observation_id,
      latest_observed_at: at(5),
      summary: "HTTP 502",
    });

    const recovery = await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(10)));
    expect(recovery.transition).toBe("resolved");
    expect(recovery.records.public_ingress_incident_id).toBe(openedId);
    incidents = await incidentsOf(lane);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe("resolved");
    expect(incidents[0]!.resolvedAt?.toISOString()).toBe("2026-05-07T16:10:00.000Z");
    expect(incidents[0]!.record).toMatchObject({
      status: "resolved",
      resolved_at: at(10),
      resolved_observation_id: recovery.records.public_ingress_observation_id,
      latest_observation_id: recovery.records.public_ingress_observation_id,
      opened_observation_id: first.records.public_ingress_observation_id,
    });

    const healthy = await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(12)));
    expect(healthy.transition).toBe("healthy");
    expect(healthy.records.public_ingress_incident_id).toBeUndefined();

    const relapse = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(15)));
    const reopenedId = buildPublicIngressIncidentId({ ...lane, opened_at: at(15) });
    expect(relapse.transition).toBe("opened");
    expect(relapse.records.public_ingress_incident_id).toBe(reopenedId);
    expect(reopenedId).not.toBe(openedId);
    incidents = await incidentsOf(lane);
    expect(incidents.map((incident) => [incident.record.incident_id, incident.status])).toEqual([
      [openedId, "resolved"],
      [reopenedId, "open"],
    ]);
    // The resolved incident is history: untouched by the relapse.
    expect(incidents[0]!.record.resolved_observation_id).toBe(recovery.records.public_ingress_observation_id);
  });

  it("records a failing public probe of a private lane without opening an incident (monitoring intent)", async () => {
    const product = uniqueProduct("private-lane");
    const publicCheck = { name: "public-ingress", kind: "public_http", url: `https://${product}.example.com/health` };
    const monitoring = (intent: "public" | "private") => ({
      monitoring_intent: intent,
      checks: intent === "public" ? [publicCheck] : [publicCheck, { name: "internal", kind: "private_http", private_endpoint_key: `${product}-internal` }],
    });
    await upsertProductProfile(
      db,
      profilePayload(product, {
        lanes: [
          { instance: "testing", context: product, base_url: `https://testing.${product}.example.com`, health_monitoring: monitoring("private") },
          { instance: "prod", context: product, base_url: `https://${product}.example.com`, health_monitoring: monitoring("public") },
        ],
      }),
    );
    const privateLane = { product, context: product, instance: "testing" };
    const quiet = await ingestPublicIngressObservation(db, observationRequest(privateLane, "fail", at(0)));
    expect(quiet.transition).toBe("not_monitored");
    expect(quiet.records).toEqual({ public_ingress_observation_id: expect.any(String) });
    expect(await db.publicIngressObservation.count({ where: { product, instance: "testing" } })).toBe(1);

    const publicLane = { product, context: product, instance: "prod" };
    const paged = await ingestPublicIngressObservation(db, observationRequest(publicLane, "fail", at(0)));
    expect(paged.transition).toBe("opened");
    const incidents = await db.publicIngressIncident.findMany({ where: { product } });
    expect(incidents.map((row) => row.instance)).toEqual(["prod"]);
  });

  it("treats a skipped (private URL) observation as unsupported: it neither opens nor resolves", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const skipped = await ingestPublicIngressObservation(db, observationRequest(lane, "skipped", at(0)));
    expect(skipped.transition).toBe("unsupported");
    expect(skipped.incident).toBeNull();
    expect(await incidentsOf(lane)).toHaveLength(0);

    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(1)));
    const stillFailing = await ingestPublicIngressObservation(db, observationRequest(lane, "skipped", at(2)));
    expect(stillFailing.transition).toBe("unsupported");
    const incidents = await incidentsOf(lane);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe("open");
    expect(incidents[0]!.record.latest_observed_at).toBe(at(1));
  });

  it("keeps an out-of-order observation as evidence without moving the incident", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(10)));
    const late = await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(5)));
    expect(late.transition).toBe("stale");
    expect(late.duplicate).toBe(false);
    expect(await observationCount(lane)).toBe(2);
    const incidents = await incidentsOf(lane);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe("open");
  });

  it("keeps one incident per check: two checks failing together open two incidents", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const web = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0)));
    const worker = await ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(0), { checkName: "Worker Queue" }));
    expect(web.records.public_ingress_incident_id).toBe(buildPublicIngressIncidentId({ ...lane, opened_at: at(0) }));
    expect(worker.records.public_ingress_incident_id).toBe(
      `public-ingress-incident-${lane.product}-${lane.context}-prod-worker-queue-2026-05-07t16-00-00z`,
    );
    const resolved = await ingestPublicIngressObservation(db, observationRequest(lane, "pass", at(1), { checkName: "Worker Queue" }));
    expect(resolved.records.public_ingress_incident_id).toBe(worker.records.public_ingress_incident_id);
    const incidents = await incidentsOf(lane);
    expect(Object.fromEntries(incidents.map((incident) => [incident.record.check_name, incident.status]))).toEqual({
      "public-ingress": "open",
      "Worker Queue": "resolved",
    });
  });

  it("serialises concurrent observations of one check: exactly one open incident", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((minute) => ingestPublicIngressObservation(db, observationRequest(lane, "fail", at(minute)))),
    );
    expect(results.filter((result) => result.transition === "opened")).toHaveLength(1);
    const incidents = await incidentsOf(lane);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe("open");
    expect(await observationCount(lane)).toBe(5);
  });
});

describe("public ingress observation evidence", () => {
  it("accepts an identical re-send as a duplicate and writes nothing", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const request = observationRequest(lane, "fail", at(0));
    const first = await ingestPublicIngressObservation(db, request);
    const before = await incidentsOf(lane);

    const replay = await ingestPublicIngressObservation(db, request);
    expect(replay.duplicate).toBe(true);
    expect(replay.transition).toBe("opened");
    expect(replay.records).toEqual(first.records);
    expect(await observationCount(lane)).toBe(1);
    expect(await incidentsOf(lane)).toEqual(before);
  });

  it("refuses the same record id with different content (409) and writes nothing", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const request = observationRequest(lane, "fail", at(0));
    await ingestPublicIngressObservation(db, request);
    const before = await incidentsOf(lane);
    const storedBefore = await db.publicIngressObservation.findMany({ where: { product: lane.product } });

    const altered = observationRequest(lane, "fail", at(0), { summary: "HTTP 500 from the edge" });
    await expectRefusal(ingestPublicIngressObservation(db, altered), "record_conflict", /already exists with different content/);
    expect(await db.publicIngressObservation.findMany({ where: { product: lane.product } })).toEqual(storedBefore);
    expect(await incidentsOf(lane)).toEqual(before);
  });

  it("refuses an observation that breaks the contract (400) and writes nothing", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const request = observationRequest(lane, "fail", at(0));
    request.observation.failure_code = null;
    await expectRefusal(ingestPublicIngressObservation(db, request), "invalid_request", /failing public ingress observation requires failure_code/);
    expect(await observationCount(lane)).toBe(0);
    expect(await incidentsOf(lane)).toHaveLength(0);
  });

  it("refuses an envelope whose product differs from the observation's (400) and writes nothing", async () => {
    const lane = laneOf(uniqueProduct("ingress"));
    const request = { ...observationRequest(lane, "fail", at(0)), product: uniqueProduct("other") };
    await expectRefusal(ingestPublicIngressObservation(db, request), "invalid_request", /requires matching product/);
    expect(await observationCount(lane)).toBe(0);
    expect(await db.publicIngressObservation.count({ where: { product: request.product } })).toBe(0);
    expect(await incidentsOf(lane)).toHaveLength(0);
  });
});
