import { z } from "zod";
import { auditActorKind } from "@/server/contracts/audit-event";
import { v1Catalog } from "@/server/http/v1-catalog";
import { AUDIT_PAGE_MAX, listAuditEvents, sanitizeAuditDetail } from "@/server/services/audit-trail";
import { readableProducts } from "@/server/services/product-read-access";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";

/** The audit actor as the console shows it: identity facts, no raw claims. */
export const AuditActorView = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("workflow"),
    repository: z.string(),
    workflow_ref: z.string(),
    ref: z.string(),
    event_name: z.string(),
    environment: z.string(),
    sha: z.string(),
    run_id: z.string(),
  }),
  z.object({ kind: z.literal("operator"), login: z.string(), role: z.enum(["read_only", "admin"]).optional() }),
  z.object({ kind: z.literal("system"), name: z.string() }),
]);
export type AuditActorView = z.infer<typeof AuditActorView>;

export const AuditEventView = z.object({
  event_id: z.string(),
  occurred_at: z.string(),
  actor: AuditActorView,
  action: z.string(),
  product: z.string(),
  context: z.string(),
  instance: z.string(),
  target_type: z.string(),
  target_id: z.string(),
  trace_id: z.string(),
  // Sanitized when written; sanitized again on the way out, so nothing secret-shaped is sent.
  detail: z.record(z.string(), z.unknown()).transform((detail) => sanitizeAuditDetail(detail).detail),
  redacted_keys: z.array(z.string()),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

const filterText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => value || undefined);

export const AuditListInput = z.object({
  actor: filterText,
  actorKind: auditActorKind.optional(),
  product: filterText,
  action: filterText,
  targetType: filterText,
  targetId: filterText,
  cursor: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
});

/** Every action /v1 audits, for the action filter's suggestions. */
const KNOWN_ACTIONS = [...new Set(Object.values(v1Catalog).map((spec) => spec.action).filter((action): action is string => Boolean(action)))]
  .filter((action) => !action.endsWith(".read"))
  .sort();

export const auditRouter = router({
  /** Audit events newest first, filtered, keyset-paginated, inside the operator's read scope. */
  list: operatorProcedure
    .input(AuditListInput)
    .output(z.object({ items: z.array(AuditEventView), next_cursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => listAuditEvents(ctx.db, { ...input, scope: operatorReadScope(ctx) })),

  /** What the filters offer: the readable products and the known actions. */
  filters: operatorProcedure
    .output(z.object({ products: z.array(z.object({ product: z.string(), display_name: z.string() })), actions: z.array(z.string()) }))
    .query(async ({ ctx }) => ({
      products: (await readableProducts(ctx.db, operatorReadScope(ctx))).map((profile) => ({ product: profile.product, display_name: profile.display_name })),
      actions: KNOWN_ACTIONS,
    })),
});
