import { productLaneMonitoringIncidentEligible } from "@/server/contracts/product-profile";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import type { z } from "zod";
import {
  PublicIngressIncidentRecord,
  type PublicIngressIncidentEvent,
  buildPublicIngressIncidentId,
} from "@/server/contracts/public-ingress-incident";
import {
  PublicIngressObservationRequest,
  type PublicIngressObservationRecord,
} from "@/server/contracts/public-ingress-observation";
import type { NotificationDriver } from "@/server/drivers/notification-driver";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { logger } from "@/server/logger";
import { type DbClient, inTransaction, isDatabase } from "@/server/repositories/db-client";
import { publicIngressIncidentRepository } from "@/server/repositories/public-ingress-incident-repository";
import {
  type CheckScope,
  publicIngressObservationRepository,
} from "@/server/repositories/public-ingress-observation-repository";
import { requiredDate } from "@/server/repositories/timestamps";
import { parseContract } from "@/server/services/contract-input";
import { settleEvidenceInsert } from "@/server/services/evidence-write";
import {
  type IncidentNotificationEvent,
  type NotificationAttemptOutcome,
  deliverIncidentNotifications,
} from "@/server/services/incident-notifications";

export type PublicIngressObservationInput = z.input<typeof PublicIngressObservationRequest>;

/**
 * What the observation did to its lane check's incident:
 * - `opened`: a failure with no open incident opened a new one;
 * - `updated`: a further failure moved the open incident's latest observation;
 * - `resolved`: a pass closed the open incident;
 * - `healthy`: a pass with nothing open;
 * - `unsupported`: a skipped check (private URL) says nothing about health,
 *   so it neither opens nor resolves anything;
 * - `stale`: an observation older than one already stored for the check is
 *   kept as evidence but cannot change the incident;
 * - `none`: a duplicate whose effect cannot be attributed any more.
 */
export type IncidentTransition =
  | "opened"
  | "updated"
  | "resolved"
  | "healthy"
  | "unsupported"
  | "stale"
  /** A failure the lane's monitoring intent does not page on (e.g. a public probe of a private lane). */
  | "not_monitored"
  | "none";

export interface PublicIngressObservationResult {
  /** True when an identical observation was already stored; nothing was written. */
  duplicate: boolean;
  /** Ids for the 202 `records` map. */
  records: { public_ingress_observation_id: string; public_ingress_incident_id?: string };
  transition: IncidentTransition;
  /** The incident as it stands after this observation, when it touched one. */
  incident: PublicIngressIncidentRecord | null;
  /**
   * The incident event that notifies (opened or resolved), else null. A
   * caller that ran this inside its own transaction delivers it with
   * `deliverIncidentNotifications` after that transaction commits.
   */
  notification: IncidentNotificationEvent | null;
  /** Delivery attempts made by this call (see `notificationDriver`). */
  notifications: NotificationAttemptOutcome[];
}

export interface PublicIngressObservationOptions {
  /**
   * Delivers incident notifications once the evidence is committed. Used
   * only when this call owns its transaction (given the database, not a
   * caller's transaction): delivery never runs inside an open transaction.
   * Without a driver nothing is sent; replaying the same observation later
   * with a driver delivers whatever was not delivered yet, and nothing twice.
   */
  notificationDriver?: NotificationDriver;
}

/** Events that notify: opening and resolving. Every further failure of an open incident would page on each monitor run. */
const NOTIFYING_TRANSITIONS: ReadonlySet<IncidentTransition> = new Set(["opened", "resolved"]);

/**
 * Public ingress evidence. In one transaction, serialised per lane check:
 * store the observation (append-only: an identical re-send writes nothing, a
 * different one under the same id is a 409), then move the check's incident:
 * a failure opens one (or updates the open one), a pass resolves the open one,
 * a skipped check changes nothing. Incident ids are keyed by open time, so a
 * failure after recovery opens a new incident and the resolved one stays as
 * history. Notifications are sent after the commit.
 */
export async function ingestPublicIngressObservation(
  db: DbClient,
  input: PublicIngressObservationInput,
  options: PublicIngressObservationOptions = {},
): Promise<PublicIngressObservationResult> {
  const request = parseContract(PublicIngressObservationRequest, input, "public ingress observation evidence");
  const { observation } = request;
  // The contract guarantees the envelope and the observation name the same product.
  const product = request.product;
  const check: CheckScope = {
    product,
    context: observation.context,
    instance: observation.instance,
    checkName: observation.check_name,
    checkKind: observation.check_kind,
  };

  const applied = await inTransaction(db, async (tx) => {
    await publicIngressIncidentRepository(tx).lockCheck(check);
    const outcome = await publicIngressObservationRepository(tx).insert(product, observation, request.operation_id ?? null);
    if (settleEvidenceInsert(outcome, observation, product, "public ingress observation", observation.record_id) === "duplicate") {
      return { duplicate: true, ...(await attributeDuplicate(tx, check, observation)) };
    }
    return { duplicate: false, ...(await moveIncident(tx, check, observation)) };
  });

  const result: PublicIngressObservationResult = {
    duplicate: applied.duplicate,
    records: { public_ingress_observation_id: observation.record_id },
    transition: applied.transition,
    incident: applied.incident,
    notification:
      applied.incident && NOTIFYING_TRANSITIONS.has(applied.transition)
        ? { event: applied.transition as PublicIngressIncidentEvent, incident: applied.incident, observation }
        : null,
    notifications: [],
  };
  if (applied.incident) result.records.public_ingress_incident_id = applied.incident.incident_id;

  if (!applied.duplicate) {
    const lane = { product, context: observation.context, instance: observation.instance };
    void publishRecordEvent({ kind: "public_ingress_observation", id: observation.record_id, ...lane });
    if (applied.incident && applied.transition !== "none") {
      void publishRecordEvent({ kind: "public_ingress_incident", id: applied.incident.incident_id, ...lane });
    }
  }

  if (options.notificationDriver && result.notification && isDatabase(db)) {
    try {
      result.notifications = await deliverIncidentNotifications(db, result.notification, options.notificationDriver);
    } catch (error) {
      // The evidence is committed; a replay of this observation completes the
      // attempts that could not be recorded now.
      logger.error(
        { observation_id: observation.record_id, error: error instanceof Error ? error.message : String(error) },
        "incident notifications not recorded",
      );
    }
  }
  return result;
}

/**
 * Product profiles own what is monitored: a lane whose monitoring intent is
 * not public records public probes as evidence without opening incidents
 * (upstream's incident eligibility). The intent is only a choice once the
 * lane configures checks (the contract then requires it explicitly); a lane
 * no profile names, or one with the default empty policy, keeps paging.
 */
async function incidentEligible(tx: DbClient, check: CheckScope): Promise<boolean> {
  const profile = await productProfileRepository(tx).find(check.product);
  const lane = profile?.lanes.find((candidate) => candidate.context === check.context && candidate.instance === check.instance);
  const monitoring = lane?.health_monitoring;
  if (monitoring === undefined || monitoring.checks.length === 0) return true;
  return productLaneMonitoringIncidentEligible(monitoring.monitoring_intent, check.checkKind);
}

interface IncidentMove {
  transition: IncidentTransition;
  incident: PublicIngressIncidentRecord | null;
}

async function moveIncident(tx: DbClient, check: CheckScope, observation: PublicIngressObservationRecord): Promise<IncidentMove> {
  if (observation.status === "skipped") return { transition: "unsupported", incident: null };

  const observedAt = requiredDate(observation.observed_at, "observed_at");
  if (await publicIngressObservationRepository(tx).hasNewer(check, observedAt)) {
    return { transition: "stale", incident: null };
  }

  const incidents = publicIngressIncidentRepository(tx);
  const open = await incidents.findOpenForCheck(check);
  if (observation.status === "fail") {
    if (open) {
      const updated = PublicIngressIncidentRecord.parse({
        ...open,
        latest_observation_id: observation.record_id,
        latest_observed_at: observation.observed_at,
        failure_code: observation.failure_code ?? "unknown_error",
        summary: observation.summary,
      });
      await requireOpenUpdate(incidents.updateOpen(updated), updated);
      return { transition: "updated", incident: updated };
    }
    if (!(await incidentEligible(tx, check))) return { transition: "not_monitored", incident: null };
    const opened = PublicIngressIncidentRecord.parse({
      incident_id: buildPublicIngressIncidentId({
        product: check.product,
        context: observation.context,
        instance: observation.instance,
        check_name: observation.check_name,
        opened_at: observation.observed_at,
      }),
      product: check.product,
      repository: observation.repository,
      driver_id: observation.driver_id,
      context: observation.context,
      instance: observation.instance,
      check_name: observation.check_name,
      check_kind: observation.check_kind,
      status: "open",
      opened_at: observation.observed_at,
      opened_observation_id: observation.record_id,
      latest_observation_id: observation.record_id,
      latest_observed_at: observation.observed_at,
      failure_code: observation.failure_code ?? "unknown_error",
      summary: observation.summary,
    });
    if (!(await incidents.insert(opened))) {
      throw new LaunchplaneError(
        "record_conflict",
        `public ingress incident ${opened.incident_id} cannot be opened by observation ${observation.record_id}: the id is taken or the check already has an open incident`,
      );
    }
    return { transition: "opened", incident: opened };
  }

  if (!open) return { transition: "healthy", incident: null };
  const resolved = PublicIngressIncidentRecord.parse({
    ...open,
    status: "resolved",
    latest_observation_id: observation.record_id,
    latest_observed_at: observation.observed_at,
    resolved_at: observation.observed_at,
    resolved_observation_id: observation.record_id,
    summary: observation.summary,
  });
  await requireOpenUpdate(incidents.updateOpen(resolved), resolved);
  return { transition: "resolved", incident: resolved };
}

/** The check is locked, so the open incident just read cannot have moved. */
async function requireOpenUpdate(update: Promise<boolean>, incident: PublicIngressIncidentRecord): Promise<void> {
  if (!(await update)) throw new Error(`public ingress incident ${incident.incident_id} stopped being open under the check lock`);
}

/** What a re-sent observation did the first time, as far as the records still show it. */
async function attributeDuplicate(tx: DbClient, check: CheckScope, observation: PublicIngressObservationRecord): Promise<IncidentMove> {
  if (observation.status === "skipped") return { transition: "unsupported", incident: null };
  const incidents = publicIngressIncidentRepository(tx);
  const transitioned = await incidents.findTransitionedBy(check, observation.record_id);
  if (transitioned) {
    const transition = transitioned.resolved_observation_id === observation.record_id ? "resolved" : "opened";
    return { transition, incident: transitioned };
  }
  const open = await incidents.findOpenForCheck(check);
  if (open && open.latest_observation_id === observation.record_id) return { transition: "updated", incident: open };
  return { transition: "none", incident: null };
}
