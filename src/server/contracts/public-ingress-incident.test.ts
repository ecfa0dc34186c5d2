import { describe, expect, it } from "vitest";

import {
  PublicIngressIncidentRecord,
  buildPublicIngressIncidentId,
  buildPublicIngressLaneIncidentId,
} from "./public-ingress-incident";

const open = {
  incident_id: buildPublicIngressLaneIncidentId({ product: "verireel", context: "verireel-prod", instance: "prod" }),
  product: "verireel",
  repository: "every/verireel",
  driver_id: "generic-web",
  context: "verireel-prod",
  instance: "prod",
  status: "open",
  opened_at: "2026-05-07T16:00:00Z",
  opened_observation_id: "public-ingress-verireel-verireel-prod-prod-2026-05-07t16-00-00z",
  latest_observation_id: "public-ingress-verireel-verireel-prod-prod-2026-05-07t16-05-00z",
  latest_observed_at: "2026-05-07T16:05:00Z",
  failure_code: "health_status_error",
  summary: "Public ingress failed for verireel/prod: HTTP 503",
};

const resolved = {
  ...open,
  status: "resolved",
  resolved_at: "2026-05-07T16:10:00Z",
  resolved_observation_id: "public-ingress-verireel-verireel-prod-prod-2026-05-07t16-10-00z",
  latest_observation_id: "public-ingress-verireel-verireel-prod-prod-2026-05-07t16-10-00z",
  latest_observed_at: "2026-05-07T16:10:00Z",
};

describe("PublicIngressIncidentRecord", () => {
  it("builds lane and open-time ids", () => {
    expect(open.incident_id).toBe("public-ingress-incident-verireel-verireel-prod-prod");
    expect(
      buildPublicIngressLaneIncidentId({ product: "p", context: "c", instance: "i", check_name: "Worker Queue" }),
    ).toBe("public-ingress-incident-p-c-i-worker-queue");
    expect(buildPublicIngressIncidentId({ product: "p", context: "c", instance: "i", opened_at: "2026-05-07T16:00:00Z" })).toBe(
      "public-ingress-incident-p-c-i-2026-05-07t16-00-00z",
    );
    expect(
      buildPublicIngressIncidentId({ product: "p", context: "c", instance: "i", opened_at: "2026-05-07T16:00:00Z", check_name: "Worker Queue" }),
    ).toBe("public-ingress-incident-p-c-i-worker-queue-2026-05-07t16-00-00z");
    expect(
      buildPublicIngressIncidentId({ product: "p", context: "c", instance: "i", opened_at: "2026-05-07T16:00:00Z", check_name: "public-ingress" }),
    ).toBe("public-ingress-incident-p-c-i-2026-05-07t16-00-00z");
  });

  it("accepts open and resolved incidents", () => {
    const parsed = PublicIngressIncidentRecord.parse(open);
    expect(parsed.resolved_at).toBe("");
    expect(parsed.check_name).toBe("public-ingress");
    expect(PublicIngressIncidentRecord.parse(resolved).status).toBe("resolved");
  });

  it("rejects unknown fields and wrong types", () => {
    expect(PublicIngressIncidentRecord.safeParse({ ...open, severity: "critical" }).success).toBe(false);
    expect(PublicIngressIncidentRecord.safeParse({ ...open, status: "acknowledged" }).success).toBe(false);
    expect(PublicIngressIncidentRecord.safeParse({ ...open, failure_code: null }).success).toBe(false);
  });

  it("ties resolution fields to status", () => {
    expect(PublicIngressIncidentRecord.safeParse({ ...resolved, resolved_at: "" }).success).toBe(false);
    expect(PublicIngressIncidentRecord.safeParse({ ...resolved, resolved_observation_id: " " }).success).toBe(false);
    const reopened = PublicIngressIncidentRecord.safeParse({ ...resolved, status: "open" });
    expect(reopened.success).toBe(false);
    expect(reopened.error?.issues[0]?.message).toBe("open public ingress incident cannot include resolution fields");
  });
});
