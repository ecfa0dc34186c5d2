import { type DeploymentRecord, deploymentArtifactId } from "@/server/contracts/deployment";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type RecordPageRequest } from "@/server/repositories/record-page";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { firstDate, toDate } from "@/server/repositories/timestamps";
import type { Deployment } from "@/generated/prisma/client";

/** Deployment evidence: append-only, one row per record_id. */
export function deploymentRepository(db: DbClient) {
  return {
    /** Inserts the record unless its id exists; then returns what is stored. */
    async insert(product: string, record: DeploymentRecord, operationId: string | null): Promise<InsertOutcome<DeploymentRecord>> {
      const created = await db.deployment.createMany({ data: [deploymentRow(product, record, operationId)], skipDuplicates: true });
      if (created.count === 1) return { inserted: true };
      const existing = await this.find(record.record_id);
      if (!existing) throw new Error(`deployment ${record.record_id} vanished during insert`);
      return { inserted: false, existing };
    },

    async find(recordId: string): Promise<StoredRecord<DeploymentRecord> | null> {
      const row = await db.deployment.findUnique({ where: { recordId } });
      return row ? toStored(row) : null;
    },

    /** The newest deployments of a lane, newest first. */
    async latestForLane(context: string, instance: string, take = 1): Promise<Array<StoredRecord<DeploymentRecord>>> {
      const rows = await db.deployment.findMany({
        where: { context, instance },
        orderBy: [{ occurredAt: "desc" }, { recordId: "desc" }],
        take,
      });
      return rows.map(toStored);
    },

    /** Deployments in record id order after `after` (bounded page, for streaming exports). */
    async listPage(page: RecordPageRequest): Promise<Array<StoredRecord<DeploymentRecord>>> {
      const rows = await db.deployment.findMany({
        where: { ...(page.product ? { product: page.product } : {}), ...(page.after ? { recordId: { gt: page.after } } : {}) },
        orderBy: { recordId: "asc" },
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.deployment.count({ where: filter.product ? { product: filter.product } : {} });
    },
  };
}

export type DeploymentRepository = ReturnType<typeof deploymentRepository>;

/** The promoted columns of a deployment row (shared with the one-statement ingest). */
export function deploymentRow(product: string, record: DeploymentRecord, operationId: string | null) {
  return {
    recordId: record.record_id,
    product,
    context: record.context,
    instance: record.instance,
    artifactId: deploymentArtifactId(record),
    sourceGitRef: record.source_git_ref,
    deployStatus: record.deploy.status,
    deployStartedAt: toDate(record.deploy.started_at),
    deployFinishedAt: toDate(record.deploy.finished_at),
    occurredAt: firstDate(record.deploy.finished_at, record.deploy.started_at),
    runtimeIdentity: record.runtime_identity ? asJson(record.runtime_identity) : undefined,
    runtimeIdentityStatus: record.destination_health.runtime_identity_status,
    operationId,
    payload: asJson(record),
  };
}

function toStored(row: Deployment): StoredRecord<DeploymentRecord> {
  return {
    product: row.product,
    record: row.payload as unknown as DeploymentRecord,
    operationId: row.operationId,
    storedAt: row.storedAt,
  };
}
