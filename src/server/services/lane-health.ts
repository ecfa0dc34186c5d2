import type { ReadScope } from "@/server/auth/authorize";
import type { NotificationAttemptRecord } from "@/server/contracts/notification";
import type { PublicIngressIncidentRecord, PublicIngressIncidentStatus } from "@/server/contracts/public-ingress-incident";
import type { PublicIngressCheckKind, PublicIngressObservationRecord } from "@/server/contracts/public-ingress-observation";
import type { DbClient } from "@/server/repositories/db-client";
import { type NotificationAttemptState, notificationRepository } from "@/server/repositories/notification-repository";
import { type IncidentCursor, publicIngressIncidentRepository } from "@/server/repositories/public-ingress-incident-repository";
import { publicIngressObservationRepository } from "@/server/repositories/public-ingress-observation-repository";
import { isoUtc, toDate } from "@/server/repositories/timestamps";
import { decodeCursor, encodeCursor, pageLimit } from "@/server/services/list-page";

/**
 * Health read models: the current health of a lane's checks, a product's
 * open incidents, and the incident history page. Each is a fixed number of
 * queries whatever the length of the history.
 */

export interface Lane {
  product: string;
  context: string;
  instance: string;
}

/** `unsupported`: the check was skipped (private URL) and says nothing either way. */
export type CheckHealth = "healthy" | "failing" | "unsupported";

export interface LaneCheckHealth {
  check_name: string;
  check_kind: PublicIngressCheckKind;
  health: CheckHealth;
  latest_observation: PublicIngressObservationRecord;
  open_incident: PublicIngressIncidentRecord | null;
}

export interface LaneHealth {
  checks: LaneCheckHealth[];
  open_incidents: PublicIngressIncidentRecord[];
}

/** A lane declares a handful of checks; more than this are not shown. */
const MAX_CHECKS = 100;
const MAX_OPEN_INCIDENTS = 100;
const OBSERVATIONS_PER_INCIDENT = 100;
const ATTEMPTS_PER_INCIDENT = 50;

const HEALTH_BY_STATUS: Record<PublicIngressObservationRecord["status"], CheckHealth> = {
  pass: "healthy",
  fail: "failing",
  skipped: "unsupported",
};

/** Latest observation of every check of a lane with its open incident (two queries). */
export async function readLaneHealth(db: DbClient, lane: Lane): Promise<LaneHealth> {
  const [latest, open] = await Promise.all([
    publicIngressObservationRepository(db).latestPerCheck(lane, MAX_CHECKS),
    publicIngressIncidentRepository(db).listOpen(lane, MAX_OPEN_INCIDENTS),
  ]);
  const openByCheck = new Map(open.map(({ record }) => [checkKey(record.check_name, record.check_kind), record]));
  // Sorted here, not by the database, so the order does not depend on its collation.
  const sorted = [...latest].sort((left, right) =>
    compareText(left.record.check_name, right.record.check_name) || compareText(left.record.check_kind, right.record.check_kind),
  );
  return {
    checks: sorted.map(({ record }) => ({
      check_name: record.check_name,
      check_kind: record.check_kind,
      health: HEALTH_BY_STATUS[record.status],
      latest_observation: record,
      open_incident: openByCheck.get(checkKey(record.check_name, record.check_kind)) ?? null,
    })),
    open_incidents: open.map(({ record }) => record),
  };
}

/** A product's open incidents, newest first (one query). */
export async function listOpenIncidents(db: DbClient, product: string): Promise<PublicIngressIncidentRecord[]> {
  const open = await publicIngressIncidentRepository(db).listOpen({ product }, MAX_OPEN_INCIDENTS);
  return open.map(({ record }) => record);
}

export interface IncidentHistoryQuery {
  /** One product's incidents; without it, every product's inside `scope`. */
  product?: string;
  /** Only incidents the caller may read (their product and context). */
  scope?: ReadScope;
  context?: string;
  instance?: string;
  status?: PublicIngressIncidentStatus;
  cursor?: string | null;
  limit?: number;
}

export interface IncidentNotificationAttempt {
  attempt: NotificationAttemptRecord;
  state: NotificationAttemptState;
}

export interface IncidentHistoryItem {
  incident: PublicIngressIncidentRecord;
  /** Observations of the check while the incident was open, newest first. */
  observations: PublicIngressObservationRecord[];
  observations_truncated: boolean;
  notification_attempts: IncidentNotificationAttempt[];
  notification_attempts_truncated: boolean;
}

export interface IncidentHistoryPage {
  items: IncidentHistoryItem[];
  next_cursor: string | null;
}

/**
 * One page of incidents (newest opened first), a product's or every readable
 * product's, each with its observations over time and its notification
 * attempts: three queries.
 */
export async function readIncidentHistory(db: DbClient, query: IncidentHistoryQuery): Promise<IncidentHistoryPage> {
  const limit = pageLimit(query.limit);
  const after = incidentPosition(decodeCursor(query.cursor, isIncidentCursor));
  const rows = await publicIngressIncidentRepository(db).page(
    { product: query.product, context: query.context, instance: query.instance, status: query.status, scope: query.scope },
    after,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const ids = page.map(({ record }) => record.incident_id);
  const [observations, attempts] = await Promise.all([
    publicIngressObservationRepository(db).forIncidentWindows(ids, OBSERVATIONS_PER_INCIDENT + 1),
    notificationRepository(db).attemptsForIncidents(ids, ATTEMPTS_PER_INCIDENT + 1),
  ]);
  const items = page.map(({ record }): IncidentHistoryItem => {
    const seen = observations.get(record.incident_id) ?? [];
    const sent = attempts.get(record.incident_id) ?? [];
    return {
      incident: record,
      observations: seen.slice(0, OBSERVATIONS_PER_INCIDENT).map((stored) => stored.record),
      observations_truncated: seen.length > OBSERVATIONS_PER_INCIDENT,
      notification_attempts: sent.slice(0, ATTEMPTS_PER_INCIDENT).map((stored) => ({ attempt: stored.record, state: stored.state })),
      notification_attempts_truncated: sent.length > ATTEMPTS_PER_INCIDENT,
    };
  });
  const last = page.at(-1);
  return {
    items,
    next_cursor: rows.length > limit && last ? incidentCursor(last.record) : null,
  };
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function checkKey(name: string, kind: string): string {
  return `${kind}\u001f${name}`;
}

/** A page of incidents ends at its last incident: `[opened_at, incident_id]`. */
function incidentCursor(incident: PublicIngressIncidentRecord): string {
  const openedAt = toDate(incident.opened_at);
  return encodeCursor([openedAt ? isoUtc(openedAt) : incident.opened_at, incident.incident_id]);
}

function isIncidentCursor(value: unknown): value is [string, string] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string" && toDate(value[0]) !== null;
}

function incidentPosition(cursor: [string, string] | null): IncidentCursor | null {
  return cursor ? { openedAt: toDate(cursor[0])!, incidentId: cursor[1] } : null;
}
