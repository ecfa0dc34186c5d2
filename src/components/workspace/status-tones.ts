import type { StatusTone } from "@/components/ui/status-badge";

/*
 * Tones for the status words the workspace shows, where the shared
 * StatusBadge vocabulary does not already say it (health "failing",
 * identity "match", trust "recorded"...). Text and icon always go with the
 * tone, so colour is never the only cue.
 */

const HEALTH: Record<string, StatusTone> = { healthy: "success", failing: "danger", unknown: "neutral", unsupported: "neutral" };

const RUNTIME_IDENTITY: Record<string, StatusTone> = {
  match: "success",
  mismatch: "danger",
  malformed: "danger",
  missing: "warning",
  unverifiable: "neutral",
  unchecked: "neutral",
};

const TRUST: Record<string, StatusTone> = { verified: "success", recorded: "info", stale: "warning", missing: "warning", unsupported: "neutral" };

const CONFIG: Record<string, StatusTone> = {
  configured: "success",
  set: "success",
  missing: "danger",
  disabled: "blocked",
  stale: "warning",
  unsupported: "neutral",
  "not set": "neutral",
  "not bound": "neutral",
};

const PREVIEW: Record<string, StatusTone> = {
  active: "success",
  pending: "pending",
  failed: "danger",
  paused: "paused",
  teardown_pending: "warning",
  destroyed: "neutral",
};

const GENERATION: Record<string, StatusTone> = {
  ready: "success",
  failed: "danger",
  superseded: "paused",
  resolving: "pending",
  building: "pending",
  deploying: "pending",
  verifying: "pending",
};

const TUPLE: Record<string, StatusTone> = { current: "success", outdated: "warning", absent: "warning" };

const TABLES = { health: HEALTH, identity: RUNTIME_IDENTITY, trust: TRUST, config: CONFIG, preview: PREVIEW, generation: GENERATION, tuple: TUPLE };

export type ToneTable = keyof typeof TABLES;

/** The tone of `status` in a vocabulary; undefined lets StatusBadge decide from its own words. */
export function toneOf(table: ToneTable, status: string): StatusTone | undefined {
  return TABLES[table][status];
}
