import type { ReadScope } from "@/server/auth/authorize";
import { type AuditActorKind, type AuditEvent, auditActorName } from "@/server/contracts/audit-event";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";
import type { AuditEvent as AuditEventRow, Prisma } from "@/generated/prisma/client";

export interface AuditEventPosition {
  occurredAt: Date;
  eventId: string;
}

export interface AuditEventFilter {
  actor?: string;
  actorKind?: AuditActorKind;
  product?: string;
  context?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Only events inside this read scope (the caller's readable products/contexts). */
  scope?: ReadScope;
  /** Keyset: only events strictly older than this position. */
  before?: AuditEventPosition;
}

/** The columns of an audit event row (shared with one-statement writes). */
export function auditEventRow(event: AuditEvent) {
  return {
    eventId: event.event_id,
    occurredAt: requiredDate(event.occurred_at, "audit event occurred_at"),
    actorKind: event.actor.kind,
    actor: auditActorName(event.actor),
    action: event.action,
    product: event.product,
    context: event.context,
    instance: event.instance,
    targetType: event.target_type,
    targetId: event.target_id,
    traceId: event.trace_id,
    payload: asJson(event),
  };
}

/** Audit events: append-only, newest first by (occurred_at, event_id). */
export function auditEventRepository(db: DbClient) {
  return {
    async insert(event: AuditEvent): Promise<void> {
      await db.auditEvent.create({ data: auditEventRow(event) });
    },

    /** Up to `take` events matching the filter, newest first; one query. */
    async list(filter: AuditEventFilter, take: number): Promise<Array<{ event: AuditEvent; position: AuditEventPosition }>> {
      if (filter.scope && filter.scope.grants.length === 0) return [];
      const where: Prisma.AuditEventWhereInput[] = [];
      if (filter.actor !== undefined) where.push({ actor: filter.actor });
      if (filter.actorKind !== undefined) where.push({ actorKind: filter.actorKind });
      if (filter.product !== undefined) where.push({ product: filter.product });
      if (filter.context !== undefined) where.push({ context: filter.context });
      if (filter.action !== undefined) where.push({ action: filter.action });
      if (filter.targetType !== undefined) where.push({ targetType: filter.targetType });
      if (filter.targetId !== undefined) where.push({ targetId: filter.targetId });
      if (filter.scope) {
        const grants = filter.scope.grants.map((grant) => ({
          ...(grant.products ? { product: { in: [...grant.products] } } : {}),
          ...(grant.contexts ? { context: { in: [...grant.contexts] } } : {}),
        }));
        if (!grants.some((grant) => Object.keys(grant).length === 0)) where.push({ OR: grants });
      }
      if (filter.before) {
        const { occurredAt, eventId } = filter.before;
        where.push({ OR: [{ occurredAt: { lt: occurredAt } }, { occurredAt, eventId: { lt: eventId } }] });
      }
      const rows = await db.auditEvent.findMany({
        where: { AND: where },
        orderBy: [{ occurredAt: "desc" }, { eventId: "desc" }],
        take,
      });
      return rows.map((row) => ({ event: toEvent(row), position: { occurredAt: row.occurredAt, eventId: row.eventId } }));
    },
  };
}

export type AuditEventRepository = ReturnType<typeof auditEventRepository>;

function toEvent(row: AuditEventRow): AuditEvent {
  return row.payload as unknown as AuditEvent;
}
