import { describe, expect, it } from "vitest";

import { combineTrustStates, freshnessOf, missingProvenance } from "./data-provenance";

describe("freshnessOf (upstream _freshness_status)", () => {
  const recorded = "2026-04-20T12:00:00Z";

  it("is verified or recorded within 30 minutes, stale after, with stale_after in UTC Z", () => {
    expect(freshnessOf(recorded, true, new Date("2026-04-20T12:29:59Z"))).toEqual({
      freshness_status: "verified",
      stale_after: "2026-04-20T12:30:00.000Z",
    });
    expect(freshnessOf(recorded, false, new Date("2026-04-20T12:30:00Z"))).toEqual({
      freshness_status: "recorded",
      stale_after: "2026-04-20T12:30:00.000Z",
    });
    expect(freshnessOf(recorded, true, new Date("2026-04-20T12:30:00.001Z")).freshness_status).toBe("stale");
  });

  it("treats an empty or unparseable timestamp as recorded without stale_after", () => {
    expect(freshnessOf("", true)).toEqual({ freshness_status: "recorded", stale_after: "" });
    expect(freshnessOf("yesterday", false)).toEqual({ freshness_status: "recorded", stale_after: "" });
  });
});

describe("combineTrustStates (upstream _combine_trust_states)", () => {
  it("takes the first state present in missing > stale > recorded > verified > unsupported", () => {
    expect(combineTrustStates(["verified", "stale", "recorded"])).toBe("stale");
    expect(combineTrustStates(["verified", "missing"])).toBe("missing");
    expect(combineTrustStates(["unsupported", "verified"])).toBe("verified");
    expect(combineTrustStates([])).toBe("recorded");
    expect(combineTrustStates([], "unsupported")).toBe("unsupported");
  });

  it("builds upstream's missing provenance", () => {
    expect(missingProvenance("nothing yet")).toEqual({
      source_kind: "record",
      source_record_id: "",
      recorded_at: "",
      refreshed_at: "",
      freshness_status: "missing",
      stale_after: "",
      detail: "nothing yet",
    });
  });
});
