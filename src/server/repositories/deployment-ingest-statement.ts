import type { DeploymentRecord } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { type Database, sqlPool } from "@/server/db";
import { deploymentRow } from "@/server/repositories/deployment-repository";
import type { IdempotencyKeyRef } from "@/server/repositories/idempotency-repository";
import { inventoryColumns } from "@/server/repositories/inventory-repository";
import { releaseTupleColumns } from "@/server/repositories/release-tuple-repository";
import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import type { AuditEvent } from "@/server/contracts/audit-event";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { buildIdempotencyRecordId } from "@/server/contracts/idempotency-record";
import { auditEventRow } from "@/server/repositories/audit-event-repository";

/**
 * Deployment evidence in ONE statement: the deployment row, the lane's
 * inventory, the minted release tuple and its history row, and the request's
 * idempotency row — written together or not at all. Round trips dominate the
 * write path (docs/performance.md), so the common case of new evidence goes
 * through here; anything unusual (the key or the record already exists, a
 * tuple id held by another lane, a concurrent request with the same key)
 * writes nothing and reports `fallback`, and the transactional path, which
 * owns every rule, handles it.
 */
export interface OneStatementDeployment {
  product: string;
  deployment: DeploymentRecord;
  operationId: string | null;
  inventory: EnvironmentInventory | null;
  tuple: ReleaseTupleRecord | null;
  /** The write's audit event (provenance), stored with the records. */
  audit: AuditEvent | null;
  idempotency: null | {
    ref: IdempotencyKeyRef;
    fingerprint: string;
    traceId: string;
    expiresAt: Date;
    response: Record<string, unknown>;
  };
}

const DIVISION_BY_ZERO = "22012";
/** A unique index refused a row our snapshot could not see (e.g. a concurrent tuple id). */
const UNIQUE_VIOLATION = "23505";

export async function insertDeploymentInOneStatement(db: Database, input: OneStatementDeployment): Promise<"inserted" | "fallback"> {
  const pool = sqlPool(db);
  if (!pool) return "fallback";
  const dep = deploymentRow(input.product, input.deployment, input.operationId);
  const inv = input.inventory ? inventoryColumns(input.product, input.inventory) : null;
  const tup = input.tuple ? releaseTupleColumns(input.product, input.tuple) : null;
  const key = input.idempotency;
  const audit = input.audit ? auditEventRow(input.audit) : null;
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

  const params = [
    /* $1-$14 deployment */
    dep.recordId, dep.product, dep.context, dep.instance, dep.artifactId, dep.sourceGitRef, dep.deployStatus,
    dep.deployStartedAt, dep.deployFinishedAt, dep.occurredAt, json(dep.runtimeIdentity), dep.runtimeIdentityStatus,
    dep.operationId, json(dep.payload),
    /* $15-$24 inventory */
    inv !== null, inv?.artifactId ?? null, inv?.sourceGitRef ?? null, inv?.updatedAt ?? null, inv?.deploymentRecordId ?? null,
    inv?.promotionRecordId ?? null, inv?.promotedFromInstance ?? null, json(inv?.runtimeIdentity), inv?.runtimeIdentityStatus ?? null,
    json(inv?.payload),
    /* $25-$33 tuple */
    tup !== null, input.tuple?.channel ?? null, tup?.tupleId ?? null, tup?.artifactId ?? null, tup?.provenance ?? null,
    tup?.mintedAt ?? null, tup?.deploymentRecordId ?? null, tup?.promotionRecordId ?? null, json(tup?.payload),
    /* $34-$42 idempotency */
    key !== null, key?.ref.scope ?? null, key?.ref.routePath ?? null, key?.ref.idempotencyKey ?? null, key?.fingerprint ?? null,
    key?.traceId ?? null, key?.expiresAt ?? null, json(key?.response),
    key ? buildIdempotencyRecordId({ scope: key.ref.scope, route_path: key.ref.routePath, idempotency_key: key.ref.idempotencyKey }) : null,
    /* $43-$55 audit event */
    audit !== null, audit?.eventId ?? null, audit?.occurredAt ?? null, audit?.actorKind ?? null, audit?.actor ?? null,
    audit?.action ?? null, audit?.product ?? null, audit?.context ?? null, audit?.instance ?? null, audit?.targetType ?? null,
    audit?.targetId ?? null, audit?.traceId ?? null, json(audit?.payload),
  ];

  try {
    // Named, so each connection parses and plans the statement once.
    const result = await pool.query<{ inserted: number }>({ name: "launchplane-deployment-ingest", text: STATEMENT, values: params });
    return result.rows[0]?.inserted === 1 ? "inserted" : "fallback";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === DIVISION_BY_ZERO || code === UNIQUE_VIOLATION) return "fallback";
    throw error;
  }
}

/** The stored manifest of an artifact, read through the same pool (hot path). */
export async function findManifestForMinting(db: Database, artifactId: string): Promise<StoredRecord<ArtifactIdentityManifest> | null> {
  const pool = sqlPool(db);
  if (!pool) return artifactManifestRepository(db).find(artifactId);
  const result = await pool.query<{ product: string; payload: ArtifactIdentityManifest; operation_id: string | null; stored_at: Date }>({
    name: "launchplane-manifest-for-minting",
    text: "select product, payload, operation_id, stored_at from launchplane_artifact_manifests where artifact_id = $1",
    values: [artifactId],
  });
  const row = result.rows[0];
  return row ? { product: row.product, record: row.payload, operationId: row.operation_id, storedAt: row.stored_at } : null;
}

const STATEMENT = `
with
prior_key as (
  select 1 from launchplane_idempotency_records
  where $34::boolean and scope = $35 and route_path = $36 and idempotency_key = $37 and expires_at >= now()
),
prior_record as (select 1 from launchplane_deployments where record_id = $1),
tuple_clash as (
  select 1 from launchplane_release_tuples
  where $25::boolean and tuple_id = $27 and not (context = $3 and channel = $26)
),
go as (
  select 1 as ok
  where not exists (select 1 from prior_key) and not exists (select 1 from prior_record) and not exists (select 1 from tuple_clash)
),
dep as (
  insert into launchplane_deployments
    (record_id, product, context, instance, artifact_id, source_git_ref, deploy_status, deploy_started_at,
     deploy_finished_at, occurred_at, runtime_identity, runtime_identity_status, operation_id, payload)
  select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14::jsonb from go
  on conflict (record_id) do nothing
  returning record_id
),
idem as (
  insert into launchplane_idempotency_records
    (record_id, scope, route_path, idempotency_key, request_fingerprint, response_status_code,
     response_trace_id, recorded_at, expires_at, payload)
  select $42, $35, $36, $37, $38, 202, $39, now(), $40, $41::jsonb from dep where $34::boolean
  on conflict (scope, route_path, idempotency_key) do update
    set record_id = excluded.record_id, request_fingerprint = excluded.request_fingerprint,
        response_status_code = excluded.response_status_code, response_trace_id = excluded.response_trace_id,
        recorded_at = excluded.recorded_at, expires_at = excluded.expires_at, payload = excluded.payload, stored_at = now()
    where launchplane_idempotency_records.expires_at < now()
  returning record_id
),
inv as (
  insert into launchplane_inventories
    (context, instance, product, artifact_id, source_git_ref, updated_at, deployment_record_id, promotion_record_id,
     promoted_from_instance, runtime_identity, runtime_identity_status, payload)
  select $3, $4, $2, $16, $17, $18, $19, $20, $21, $22::jsonb, $23, $24::jsonb from dep where $15::boolean
  on conflict (context, instance) do update
    set product = excluded.product, artifact_id = excluded.artifact_id, source_git_ref = excluded.source_git_ref,
        updated_at = excluded.updated_at, deployment_record_id = excluded.deployment_record_id,
        promotion_record_id = excluded.promotion_record_id, promoted_from_instance = excluded.promoted_from_instance,
        runtime_identity = excluded.runtime_identity, runtime_identity_status = excluded.runtime_identity_status,
        payload = excluded.payload, stored_at = now()
  returning context
),
tup as (
  insert into launchplane_release_tuples
    (context, channel, product, tuple_id, artifact_id, provenance, minted_at, deployment_record_id, promotion_record_id, payload)
  select $3, $26, $2, $27, $28, $29, $30, $31, $32, $33::jsonb from dep where $25::boolean
  on conflict (context, channel) do update
    set product = excluded.product, tuple_id = excluded.tuple_id, artifact_id = excluded.artifact_id,
        provenance = excluded.provenance, minted_at = excluded.minted_at, deployment_record_id = excluded.deployment_record_id,
        promotion_record_id = excluded.promotion_record_id, payload = excluded.payload, stored_at = now()
  returning context
),
aud as (
  insert into launchplane_audit_events
    (event_id, occurred_at, actor_kind, actor, action, product, context, instance, target_type, target_id, trace_id, payload)
  select $44, $45, $46, $47, $48, $49, $50, $51, $52, $53, $54, $55::jsonb from dep where $43::boolean
  returning event_id
),
hist as (
  insert into launchplane_release_tuple_history
    (context, channel, product, tuple_id, artifact_id, provenance, minted_at, deployment_record_id, promotion_record_id, payload)
  select $3, $26, $2, $27, $28, $29, $30, $31, $32, $33::jsonb from dep where $25::boolean
  returning id
)
select
  (select count(*) from dep)::int as inserted,
  -- A concurrent request claimed the same key after our snapshot: abort the
  -- whole statement (division by zero) so none of the rows above is kept.
  case when $34::boolean and (select count(*) from dep) > (select count(*) from idem)
       then 1 / (select count(*) from idem)::int else 0 end as guard,
  (select count(*) from inv)::int + (select count(*) from tup)::int + (select count(*) from hist)::int
    + (select count(*) from aud)::int as related
`;
