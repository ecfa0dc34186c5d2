import { z } from "zod";
import { notificationDeliveryStatus, notificationDestinationKind } from "@/server/contracts/notification";
import { publicIngressIncidentEvent, publicIngressIncidentStatus } from "@/server/contracts/public-ingress-incident";
import {
  publicIngressCheckKind,
  publicIngressFailureCode,
  publicIngressObservationStatus,
  publicIngressTargetKind,
} from "@/server/contracts/public-ingress-observation";
import { readIncidentHistory } from "@/server/services/lane-health";
import { readableProduct } from "@/server/services/product-read-access";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope, requireOperatorRead } from "@/server/trpc/operator-read-scope";
import { safeHttpUrl } from "@/server/trpc/views/github-links";

/** What the incident views show: the incident, its observations over time and notification attempts. */
export const IncidentView = z.object({
  incident_id: z.string(),
  product: z.string(),
  context: z.string(),
  instance: z.string(),
  check_name: z.string(),
  check_kind: publicIngressCheckKind,
  status: publicIngressIncidentStatus,
  failure_code: publicIngressFailureCode,
  summary: z.string(),
  opened_at: z.string(),
  latest_observed_at: z.string(),
  resolved_at: z.string(),
  opened_observation_id: z.string(),
  latest_observation_id: z.string(),
  resolved_observation_id: z.string(),
});

export const IncidentObservationView = z.object({
  record_id: z.string(),
  observed_at: z.string(),
  status: publicIngressObservationStatus,
  failure_code: publicIngressFailureCode.nullable(),
  summary: z.string(),
  health_url: z.string(),
  targets: z.array(
    z.object({
      target: publicIngressTargetKind,
      url: z.string(),
      status: publicIngressObservationStatus,
      failure_code: publicIngressFailureCode.nullable(),
      http_status: z.number().nullable(),
      runtime_identity_status: z.string(),
      summary: z.string(),
    }),
  ),
});

export const NotificationAttemptView = z.object({
  attempt_id: z.string(),
  event: publicIngressIncidentEvent,
  destination_id: z.string(),
  destination_kind: notificationDestinationKind,
  state: z.union([notificationDeliveryStatus, z.literal("pending")]),
  attempted_at: z.string(),
  action: z.string(),
  external_url: z.string(),
  error_message: z.string(),
});

export const IncidentHistoryItemView = z.object({
  incident: IncidentView,
  observations: z.array(IncidentObservationView),
  observations_truncated: z.boolean(),
  notification_attempts: z.array(NotificationAttemptView),
  notification_attempts_truncated: z.boolean(),
});
export type IncidentHistoryItemView = z.infer<typeof IncidentHistoryItemView>;

export const IncidentListInput = z.object({
  product: z.string().min(1).max(200).optional(),
  context: z.string().min(1).max(200).optional(),
  instance: z.string().min(1).max(200).optional(),
  status: publicIngressIncidentStatus.optional(),
  cursor: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});

export const incidentsRouter = router({
  /**
   * Incidents newest opened first, a product's (404/403 as /v1) or every
   * readable product's; always filtered to the contexts the operator may read.
   */
  list: operatorProcedure
    .input(IncidentListInput)
    .output(z.object({ items: z.array(IncidentHistoryItemView), next_cursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      if (input.product) {
        await readableProduct(ctx.db, input.product, operatorReadScope(ctx), "incidents");
        if (input.context) requireOperatorRead(ctx, input.product, input.context, `incidents of ${input.product} in ${input.context}`);
      }
      const page = await readIncidentHistory(ctx.db, { ...input, scope: operatorReadScope(ctx) });
      return {
        next_cursor: page.next_cursor,
        items: page.items.map((item) => ({
          incident: item.incident,
          observations: item.observations.map((observation) => ({
            ...observation,
            failure_code: observation.failure_code ?? null,
            targets: observation.targets.map((target) => ({
              ...target,
              failure_code: target.failure_code ?? null,
              http_status: target.http_status ?? null,
            })),
          })),
          observations_truncated: item.observations_truncated,
          // A receiver's answer names the link; only http(s) ones reach the browser.
          notification_attempts: item.notification_attempts.map(({ attempt, state }) => ({ ...attempt, state, external_url: safeHttpUrl(attempt.external_url) })),
          notification_attempts_truncated: item.notification_attempts_truncated,
        })),
      };
    }),
});
