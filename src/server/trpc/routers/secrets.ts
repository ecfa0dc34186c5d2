import { z } from "zod";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import { secretScope, secretStatus } from "@/server/contracts/secret";
import { secretEventType } from "@/server/contracts/secret-audit-event";
import type { DbClient } from "@/server/repositories/db-client";
import { configReadinessForLane } from "@/server/services/config-readiness";
import { secretStatusForLane } from "@/server/services/managed-secrets";
import { readableLanes, readableProduct, readableProducts } from "@/server/services/product-read-access";
import { operatorProcedure, router } from "@/server/trpc/init";
import { type OperatorReadContext, operatorReadScope } from "@/server/trpc/operator-read-scope";

/*
 * Managed secret status for operators. Values never leave the service, and the
 * output schemas below are the whitelist: they name every field that may be
 * sent, so a plaintext, ciphertext, key material or a prefix of either cannot
 * reach the browser even if a service started returning one.
 */

const bindingStatus = z.enum(["configured", "missing", "disabled", "stale", "unsupported"]);

/** Audit metadata keys shown to operators (identifiers and reasons; never values). */
const AUDIT_METADATA_SHOWN = ["source", "binding_key", "binding_id", "version_id", "previous_status", "reason", "destination"] as const;

export const SecretAuditEventView = z.object({
  event_id: z.string(),
  secret_id: z.string(),
  event_type: secretEventType,
  recorded_at: z.string(),
  actor: z.string(),
  detail: z.string(),
  metadata: z.object(Object.fromEntries(AUDIT_METADATA_SHOWN.map((key) => [key, z.string().optional()]))),
});

export const ManagedSecretView = z.object({
  secret_id: z.string(),
  scope: secretScope,
  integration: z.string(),
  name: z.string(),
  context: z.string(),
  instance: z.string(),
  status: secretStatus,
  description: z.string(),
  version_count: z.number().int(),
  last_rotated_at: z.string(),
  last_rotated_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
  bindings: z.array(
    z.object({
      binding_id: z.string(),
      binding_key: z.string(),
      integration: z.string(),
      status: secretStatus,
      context: z.string(),
      instance: z.string(),
      updated_at: z.string(),
    }),
  ),
});
export type ManagedSecretView = z.infer<typeof ManagedSecretView>;

/** One expected binding of the lane (from the profile's expected config) and how it stands. */
export const ExpectedBindingView = z.object({
  binding_key: z.string(),
  integration: z.string(),
  status: bindingStatus,
  detail: z.string(),
  context: z.string(),
  instance: z.string(),
  binding_id: z.string(),
  secret_id: z.string(),
  updated_at: z.string(),
});
export type ExpectedBindingView = z.infer<typeof ExpectedBindingView>;

export const LaneSecretsView = z.object({
  context: z.string(),
  instance: z.string(),
  deployed_at: z.string(),
  trust_state: z.enum(["recorded", "missing", "stale", "unsupported"]),
  counts: z.object({ configured: z.number(), missing: z.number(), disabled: z.number(), stale: z.number(), unsupported: z.number() }),
  warnings: z.array(z.string()),
  expected_bindings: z.array(ExpectedBindingView),
  secrets: z.array(ManagedSecretView),
});
export type LaneSecretsView = z.infer<typeof LaneSecretsView>;

export const ProductSecretsView = z.object({
  product: z.string(),
  display_name: z.string(),
  lanes: z.array(LaneSecretsView),
  /** The newest audit events of the product's secrets, newest first. */
  recent_audit_events: z.array(SecretAuditEventView),
});
export type ProductSecretsView = z.infer<typeof ProductSecretsView>;

const RECENT_EVENTS = 20;

/** The lanes of a product the operator may read, each with readiness and secret metadata. */
async function productSecrets(ctx: OperatorReadContext & { db: DbClient }, profile: ProductProfileRecord) {
  const lanes = readableLanes(profile, operatorReadScope(ctx));
  const views = await Promise.all(
    lanes.map(async (lane) => {
      const [readiness, status] = await Promise.all([
        configReadinessForLane(ctx.db, profile.product, lane.instance),
        secretStatusForLane(ctx.db, lane.context, lane.instance),
      ]);
      return {
        context: lane.context,
        instance: lane.instance,
        deployed_at: readiness.deployed_at,
        trust_state: readiness.trust_state,
        counts: readiness.counts,
        warnings: readiness.warnings,
        expected_bindings: readiness.managed_secrets,
        secrets: status.secrets,
        events: status.secrets.flatMap((secret) =>
          secret.recent_audit_events.map((event) => ({ ...event, secret_id: secret.secret_id })),
        ),
      };
    }),
  );
  const seen = new Set<string>();
  const events = views
    .flatMap((view) => view.events)
    .filter((event) => (seen.has(event.event_id) ? false : (seen.add(event.event_id), true)))
    .sort((left, right) => Date.parse(right.recorded_at) - Date.parse(left.recorded_at))
    .slice(0, RECENT_EVENTS);
  return {
    product: profile.product,
    display_name: profile.display_name,
    lanes: views.map(({ events: _events, ...view }) => view),
    recent_audit_events: events,
  };
}

export const secretsRouter = router({
  /** One product's lanes with every binding's status and secret metadata (404/403 as /v1). */
  forProduct: operatorProcedure
    .input(z.object({ product: z.string().min(1).max(200) }))
    .output(ProductSecretsView)
    .query(async ({ ctx, input }) => productSecrets(ctx, await readableProduct(ctx.db, input.product, operatorReadScope(ctx), "secrets"))),

  /** The same for every product the operator may read. */
  list: operatorProcedure.output(z.array(ProductSecretsView)).query(async ({ ctx }) => {
    const profiles = await readableProducts(ctx.db, operatorReadScope(ctx));
    return Promise.all(profiles.map((profile) => productSecrets(ctx, profile)));
  }),
});
