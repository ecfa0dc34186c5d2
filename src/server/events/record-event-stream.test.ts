import { describe, expect, it } from "vitest";
import type { ReadScope } from "@/server/auth/authorize";
import { ProductProfileRecord } from "@/server/contracts/product-profile";
import { visibleRecordEvent } from "@/server/events/record-event-stream";

const alphaOnly: ReadScope = { action: "product.read", grants: [{ products: ["alpha"], contexts: null }] };
const alphaTesting: ReadScope = { action: "product.read", grants: [{ products: ["alpha"], contexts: ["alpha-testing"] }] };
const everything: ReadScope = { action: "product.read", grants: [{ products: null, contexts: null }] };

function profile(product: string, contexts: string[]) {
  return ProductProfileRecord.parse({
    product,
    display_name: product,
    repository: `every/${product}`,
    driver_id: "generic-web",
    image: { repository: "" },
    lanes: contexts.map((context, index) => ({ context, instance: index ? "prod" : "testing" })),
    updated_at: "2026-05-01T00:00:00Z",
    source: "test",
  });
}

const profiles = [profile("alpha", ["alpha-testing", "alpha-prod"]), profile("beta", ["beta"])];

describe("visibleRecordEvent", () => {
  it("passes events of readable product and context, and drops the others", () => {
    const event = { kind: "deployment", product: "alpha", id: "d1", context: "alpha-testing", instance: "testing" };
    expect(visibleRecordEvent(event, { scope: alphaOnly, profiles })).toEqual(event);
    expect(visibleRecordEvent({ ...event, product: "beta", context: "beta" }, { scope: alphaOnly, profiles })).toBeNull();
    expect(visibleRecordEvent({ ...event, context: "alpha-prod" }, { scope: alphaTesting, profiles })).toBeNull();
  });

  it("judges product-only events (artifacts, profiles) by the product's contexts", () => {
    expect(visibleRecordEvent({ kind: "artifact_manifest", product: "alpha", id: "a1" }, { scope: alphaTesting, profiles })).toMatchObject({ id: "a1" });
    expect(visibleRecordEvent({ kind: "artifact_manifest", product: "beta", id: "b1" }, { scope: alphaOnly, profiles })).toBeNull();
    // A product without a profile: the artifact convention (its key as the context).
    expect(visibleRecordEvent({ kind: "artifact_manifest", product: "gamma", id: "g1" }, { scope: alphaOnly, profiles })).toBeNull();
    expect(visibleRecordEvent({ kind: "artifact_manifest", product: "gamma", id: "g1" }, { scope: everything, profiles: [] })).toMatchObject({ id: "g1" });
  });

  it("names the readable owner of context-only events and drops contexts of other products", () => {
    const secret = { kind: "managed_secret", product: "", id: "secret-x", context: "alpha-prod", instance: "prod" };
    expect(visibleRecordEvent(secret, { scope: alphaOnly, profiles })).toEqual({ ...secret, product: "alpha" });
    expect(visibleRecordEvent({ ...secret, context: "beta" }, { scope: alphaOnly, profiles })).toBeNull();
    expect(visibleRecordEvent({ ...secret, context: "alpha-prod" }, { scope: alphaTesting, profiles })).toBeNull();
  });

  it("passes global events and turns policy changes into a bare refresh signal", () => {
    expect(visibleRecordEvent({ kind: "managed_secret", product: "", id: "secret-global" }, { scope: alphaOnly, profiles })).toMatchObject({
      id: "secret-global",
    });
    expect(visibleRecordEvent({ kind: "authz_policy", product: "launchplane", id: "policy-1" }, { scope: alphaOnly, profiles })).toEqual({
      kind: "authz_policy",
      product: "",
      id: "",
    });
  });
});
