import { describe, expect, it } from "vitest";
import { parseTimelineKinds, timelineFilterHref, timelineInput } from "@/components/lane/timeline-kinds";

describe("lane history filters", () => {
  it("reads ?kind= as repeated or comma-separated values, in filter order, ignoring unknown kinds", () => {
    expect(parseTimelineKinds(undefined)).toEqual([]);
    expect(parseTimelineKinds("promotion,deployment")).toEqual(["deployment", "promotion"]);
    expect(parseTimelineKinds(["audit", "incident,preview", " deployment "])).toEqual(["deployment", "incident", "audit"]);
    expect(parseTimelineKinds("nonsense")).toEqual([]);
  });

  it("builds shareable URLs and the query input the page prefetches", () => {
    expect(timelineFilterHref("/products/a/lanes/prod", [])).toBe("/products/a/lanes/prod");
    expect(timelineFilterHref("/products/a/lanes/prod", ["deployment", "audit"])).toBe("/products/a/lanes/prod?kind=deployment,audit");
    expect(timelineInput("a", "prod", [])).toEqual({ product: "a", instance: "prod" });
    expect(timelineInput("a", "prod", ["incident"])).toEqual({ product: "a", instance: "prod", kinds: ["incident"] });
  });
});
