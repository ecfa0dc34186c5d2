import { sha256Hex } from "@/server/contracts/canonical-json";
import {
  NotificationAttemptRecord,
  type NotificationDestination,
  type NotificationPolicyRecord,
  buildNotificationAttemptId,
  notificationPolicyMatches,
} from "@/server/contracts/notification";
import { RECORD_ID_PATTERN } from "@/server/contracts/primitives";
import type { PublicIngressIncidentEvent, PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import type { PublicIngressObservationRecord } from "@/server/contracts/public-ingress-observation";
import type { Database } from "@/server/db";
import type { NotificationDelivery, NotificationDriver } from "@/server/drivers/notification-driver";
import { publishRecordEvent } from "@/server/events/record-events";
import { logger } from "@/server/logger";
import { type NotificationAttemptState, notificationRepository } from "@/server/repositories/notification-repository";

/** An incident event that notification policies may route. */
export interface IncidentNotificationEvent {
  event: PublicIngressIncidentEvent;
  incident: PublicIngressIncidentRecord;
  observation: PublicIngressObservationRecord;
}

export interface NotificationAttemptOutcome {
  attempt: NotificationAttemptRecord;
  /** `pending` only for an attempt another delivery claimed and has not settled. */
  state: NotificationAttemptState;
  /** False when the attempt already existed: it was not delivered again. */
  sent: boolean;
}

/** More matching policies than this is a misconfiguration; the rest are ignored (and logged). */
const MAX_POLICIES = 100;

/**
 * What a claimed attempt says until its outcome is recorded. If the process
 * dies mid-delivery the attempt keeps saying so: at-most-once delivery means
 * it is not retried, and an operator sees a failed attempt with this reason.
 */
const PENDING_ACTION = "delivery_pending";
const PENDING_MESSAGE = "Delivery started but its outcome was not recorded; it is not retried automatically.";

/**
 * Delivers one incident event to every destination of every enabled policy
 * that covers the incident's lane check, one attempt per destination.
 *
 * The attempt is the idempotency boundary: its id is derived from
 * (incident, event, policy, destination, observation), it is written as
 * pending before the driver runs and settled afterwards, and an id that
 * already exists is never delivered again, so replays and concurrent
 * callers send each notification at most once. Call this only after the
 * evidence transaction has committed: every step here is its own statement
 * and no transaction is held while a driver talks to the network.
 */
export async function deliverIncidentNotifications(
  db: Database,
  notification: IncidentNotificationEvent,
  driver: NotificationDriver,
): Promise<NotificationAttemptOutcome[]> {
  const { incident, observation, event } = notification;
  const repository = notificationRepository(db);
  const covering = await repository.listEnabledCovering(
    { product: incident.product, context: incident.context, instance: incident.instance },
    MAX_POLICIES,
  );
  if (covering.length === MAX_POLICIES) {
    logger.warn({ incident_id: incident.incident_id, limit: MAX_POLICIES }, "notification policy limit reached");
  }
  const policies = covering.filter((policy) => notificationPolicyMatches(policy, incident));

  const outcomes: NotificationAttemptOutcome[] = [];
  for (const policy of policies) {
    for (const destination of policy.destinations) {
      outcomes.push(await attemptDelivery(db, notification, policy, destination, driver));
    }
  }
  const sent = outcomes.filter((outcome) => outcome.sent).length;
  if (sent > 0) {
    void publishRecordEvent({
      kind: "notification_attempt",
      product: incident.product,
      id: incident.incident_id,
      context: incident.context,
      instance: incident.instance,
    });
    logger.info(
      { incident_id: incident.incident_id, event, observation_id: observation.record_id, attempts: outcomes.length, sent },
      "incident notifications sent",
    );
  }
  return outcomes;
}

async function attemptDelivery(
  db: Database,
  notification: IncidentNotificationEvent,
  policy: NotificationPolicyRecord,
  destination: NotificationDestination,
  driver: NotificationDriver,
): Promise<NotificationAttemptOutcome> {
  const { incident, observation, event } = notification;
  const repository = notificationRepository(db);
  const base = {
    attempt_id: notificationAttemptId({
      incident_id: incident.incident_id,
      event,
      policy_id: policy.policy_id,
      destination_id: destination.destination_id,
      observation_id: observation.record_id,
    }),
    incident_id: incident.incident_id,
    event,
    policy_id: policy.policy_id,
    destination_id: destination.destination_id,
    destination_kind: destination.kind,
    attempted_at: observation.observed_at,
    observation_id: observation.record_id,
  };

  const placeholder = NotificationAttemptRecord.parse({
    ...base,
    delivery_status: "failed",
    action: PENDING_ACTION,
    error_message: PENDING_MESSAGE,
  });
  const claim = await repository.claimAttempt(placeholder);
  if (!claim.claimed) return { attempt: claim.existing.record, state: claim.existing.state, sent: false };

  const delivery = destination.status === "enabled" ? await safeDeliver(driver, destination, notification, base.attempt_id) : disabled();
  const attempt = NotificationAttemptRecord.parse({
    ...base,
    delivery_status: delivery.delivery_status,
    action: delivery.action,
    external_url: delivery.external_url ?? "",
    external_id: delivery.external_id ?? "",
    error_message: delivery.error_message ?? "",
  });
  const settled = await repository.settleAttempt(attempt);
  if (!settled) {
    // Only this caller claimed the id, so the row can only have been settled
    // by someone rewriting evidence; keep what is stored.
    logger.warn({ attempt_id: attempt.attempt_id }, "notification attempt was no longer pending");
  }
  return { attempt, state: attempt.delivery_status, sent: true };
}

function disabled(): NotificationDelivery {
  return { delivery_status: "skipped", action: "destination_disabled" };
}

/** A driver that throws still yields a recorded outcome (failed, secret-free). */
async function safeDeliver(
  driver: NotificationDriver,
  destination: NotificationDestination,
  notification: IncidentNotificationEvent,
  attemptId: string,
): Promise<NotificationDelivery> {
  try {
    return await driver.deliver(destination, { ...notification, attemptId });
  } catch (error) {
    const name = error instanceof Error ? error.name : "unknown";
    logger.warn({ attempt_id: attemptId, error: name }, "notification driver raised");
    return { delivery_status: "failed", action: "driver_error", error_message: `Notification driver failed (${name}).` };
  }
}

/**
 * The upstream attempt id, unless it is not a valid record id (over 200
 * characters with long product/policy names, or non-ASCII destination ids):
 * then a digest of it, which stays deterministic and unique.
 */
export function notificationAttemptId(input: Parameters<typeof buildNotificationAttemptId>[0]): string {
  const full = buildNotificationAttemptId(input);
  if (RECORD_ID_PATTERN.test(full)) return full;
  return `public-ingress-notification-${input.event}-${sha256Hex(full).slice(0, 32)}`;
}
