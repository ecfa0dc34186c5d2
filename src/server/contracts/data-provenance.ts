// Data provenance and trust states of read models (lane, preview, product summaries). Mirrors
// upstream control_plane/contracts/data_provenance.py and the trust-state vocabulary of
// product_environment_read_model.py. Read models only: never stored.
import { z } from "zod";

export const DataSourceKind = z.enum(["record", "provider", "descriptor", "unsupported"]);
export type DataSourceKind = z.infer<typeof DataSourceKind>;

export const FreshnessStatus = z.enum(["verified", "recorded", "stale", "missing", "unsupported"]);
export type FreshnessStatus = z.infer<typeof FreshnessStatus>;

/** Where a read model's facts come from and how fresh they are. */
export const DataProvenance = z.strictObject({
  source_kind: DataSourceKind,
  source_record_id: z.string(),
  recorded_at: z.string(),
  refreshed_at: z.string(),
  freshness_status: FreshnessStatus,
  stale_after: z.string(),
  detail: z.string(),
});
export type DataProvenance = z.output<typeof DataProvenance>;

/** Trust of a lane, preview or product as the console shows it (same words as freshness). */
export const TrustState = FreshnessStatus;
export type TrustState = FreshnessStatus;

/** Lane and preview evidence older than this is stale (upstream LANE_STALE_AFTER = PREVIEW_STALE_AFTER). */
export const STALE_AFTER_MS = 30 * 60 * 1000;

export function missingProvenance(detail: string): DataProvenance {
  return {
    source_kind: "record",
    source_record_id: "",
    recorded_at: "",
    refreshed_at: "",
    freshness_status: "missing",
    stale_after: "",
    detail,
  };
}

/**
 * Upstream `_freshness_status`: an empty or unparseable timestamp is "recorded" with no
 * stale_after; older than 30 minutes is "stale"; otherwise "verified" when the evidence was
 * verified, else "recorded".
 */
export function freshnessOf(
  recordedAt: string,
  verified: boolean,
  now: Date = new Date(),
): { freshness_status: FreshnessStatus; stale_after: string } {
  const instant = recordedAt.trim() ? Date.parse(recordedAt) : Number.NaN;
  if (Number.isNaN(instant)) return { freshness_status: "recorded", stale_after: "" };
  const staleAt = new Date(instant + STALE_AFTER_MS);
  const stale_after = staleAt.toISOString();
  if (now.getTime() > staleAt.getTime()) return { freshness_status: "stale", stale_after };
  return { freshness_status: verified ? "verified" : "recorded", stale_after };
}

/** Upstream `_combine_trust_states`: the first state present in this order wins. */
const TRUST_PRIORITY: readonly TrustState[] = ["missing", "stale", "recorded", "verified", "unsupported"];

export function combineTrustStates(states: readonly TrustState[], fallback: TrustState = "recorded"): TrustState {
  for (const state of TRUST_PRIORITY) if (states.includes(state)) return state;
  return fallback;
}
