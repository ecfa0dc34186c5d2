import { describe, expect, it } from "vitest";
import { liveEventMatches } from "@/components/live/use-live-records";

const deployment = { kind: "deployment", product: "alpha", id: "d1", context: "alpha", instance: "testing" };

describe("liveEventMatches", () => {
  it("matches by product, lane and kind", () => {
    expect(liveEventMatches(deployment, {})).toBe(true);
    expect(liveEventMatches(deployment, { product: "alpha", context: "alpha", instance: "testing", kinds: ["deployment"] })).toBe(true);
    expect(liveEventMatches(deployment, { product: "beta" })).toBe(false);
    expect(liveEventMatches(deployment, { product: "alpha", instance: "prod" })).toBe(false);
    expect(liveEventMatches(deployment, { product: "alpha", kinds: ["promotion"] })).toBe(false);
  });

  it("lets events that name no product or lane through, and policy changes always", () => {
    expect(liveEventMatches({ kind: "managed_secret", product: "", id: "s1" }, { product: "alpha", instance: "prod" })).toBe(true);
    expect(liveEventMatches({ kind: "authz_policy", product: "", id: "" }, { product: "alpha", kinds: ["deployment"] })).toBe(true);
  });
});
