import { describe, expect, it } from "vitest";
import { formatRelative } from "@/components/ui/relative-time";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const at = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000);

describe("formatRelative", () => {
  it.each([
    [-10, "just now"],
    [20, "in a few seconds"],
    [-90, "2 minutes ago"],
    [90, "in 2 minutes"],
    [-3 * 3600, "3 hours ago"],
    [-26 * 3600, "yesterday"],
    [-10 * 86400, "last week"],
    [-40 * 86400, "last month"],
    [-45 * 86400, "2 months ago"],
    [-400 * 86400, "last year"],
    [2 * 3600, "in 2 hours"],
  ])("%i s → %s", (offset, expected) => {
    expect(formatRelative(at(offset), NOW)).toBe(expected);
  });
});
