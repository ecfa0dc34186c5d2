import type { IngressRouteAuditRecord } from "@/server/contracts/ingress-route-audit";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import type { IngressRouteAudit } from "@/generated/prisma/client";

/**
 * Ingress route audits: append-only evidence, except that an apply's
 * `pending` intent is replaced once by its final outcome (same record_id).
 */
export function ingressRouteAuditRepository(db: DbClient) {
  return {
    /** Inserts the audit unless its id exists; then returns what is stored. */
    async insert(record: IngressRouteAuditRecord): Promise<InsertOutcome<IngressRouteAuditRecord>> {
      const created = await db.ingressRouteAudit.createMany({ data: [columns(record)], skipDuplicates: true });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.record_id);
      if (!existing) throw new Error(`ingress route audit ${record.record_id} vanished during insert`);
      return { inserted: false, existing };
    },

    /**
     * Replaces a still-pending audit of the same product and context with its
     * outcome. False when there is no such pending row (already settled,
     * missing, or another scope): nothing is written then.
     */
    async settlePending(record: IngressRouteAuditRecord): Promise<boolean> {
      const { recordId, product, context, ...rest } = columns(record);
      const updated = await db.ingressRouteAudit.updateMany({
        where: { recordId, product, context, status: "pending" },
        data: rest,
      });
      return updated.count === 1;
    },

    async find(recordId: string): Promise<StoredRecord<IngressRouteAuditRecord> | null> {
      const row = await db.ingressRouteAudit.findUnique({ where: { recordId } });
      return row ? toStored(row) : null;
    },

    /** The newest audits of a product context, newest first. */
    async latestForContext(product: string, context: string, take: number): Promise<Array<StoredRecord<IngressRouteAuditRecord>>> {
      const rows = await db.ingressRouteAudit.findMany({
        where: { product, context },
        orderBy: [{ recordedAt: "desc" }, { recordId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },
  };
}

export type IngressRouteAuditRepository = ReturnType<typeof ingressRouteAuditRepository>;

function columns(record: IngressRouteAuditRecord) {
  return {
    recordId: record.record_id,
    product: record.product,
    context: record.context,
    mode: record.mode,
    status: record.status,
    providerHostId: record.provider_host_id ?? null,
    recordedAt: requiredDate(record.recorded_at, "ingress route audit recorded_at"),
    payload: asJson(record),
  };
}

function toStored(row: IngressRouteAudit): StoredRecord<IngressRouteAuditRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as IngressRouteAuditRecord,
    operationId: null,
    storedAt: row.storedAt,
  };
}
