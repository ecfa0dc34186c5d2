import { type ReadScope, readScopeAllows } from "@/server/auth/authorize";
import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import type { AuditEvent } from "@/server/contracts/audit-event";
import type { BackupGateRecord } from "@/server/contracts/backup-gate";
import type { DeploymentRecord } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { PromotionRecord } from "@/server/contracts/promotion";
import type { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import { type RecordKind, type RecordReference, splitCompositeKey } from "@/server/contracts/record-reference";
import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { previewGenerationRepository } from "@/server/repositories/preview-generation-repository";
import { publicIngressIncidentRepository } from "@/server/repositories/public-ingress-incident-repository";
import { type RecordKey, recordDirectoryRepository, type ReferencingQuery } from "@/server/repositories/record-directory-repository";
import { listAuditEvents } from "@/server/services/audit-trail";
import { findPreview, readPreviewHistory } from "@/server/services/preview-history";
import {
  readArtifactManifest,
  readBackupGate,
  readCurrentReleaseTuple,
  readDeployment,
  readInventory,
  readPreview,
  readPromotion,
} from "@/server/services/record-reads";

/*
 * Any record for the console's record view: the record itself, where it sits
 * (product, authorization context, lane), the records it links to in either
 * direction, and its provenance (the audit events of the write that made it,
 * with the workflow identity). A fixed number of queries per view.
 *
 * Reads are split like the /v1 single-record reads: `locateRecord` answers 404
 * for a record that does not exist; the caller then authorizes against the
 * located product and context (403) before asking for `recordRelations`.
 */

export type LocatedRecord =
  | Located<"deployment", DeploymentRecord>
  | Located<"promotion", PromotionRecord>
  | Located<"backup_gate", BackupGateRecord>
  | Located<"artifact", ArtifactIdentityManifest>
  | Located<"inventory", EnvironmentInventory>
  | Located<"release_tuple", ReleaseTupleRecord>
  | Located<"preview", PreviewRecord>
  | Located<"preview_generation", PreviewGenerationRecord>
  | Located<"incident", PublicIngressIncidentRecord>;

interface Located<K extends RecordKind, T> {
  kind: K;
  key: string;
  product: string;
  /** The context reads of this record are authorized against. */
  context: string;
  instance: string;
  record: T;
}

function compositeKey(kind: RecordKind, key: string): [string, string] {
  const parts = splitCompositeKey(key);
  if (!parts) throw new LaunchplaneError("not_found", `${kind.replace("_", " ")} ${key} was not found (expected <context>/<instance>)`);
  return parts;
}

/** The record of `kind` named by `key`; 404 when it does not exist. */
export async function locateRecord(db: DbClient, kind: RecordKind, key: string): Promise<LocatedRecord> {
  switch (kind) {
    case "deployment": {
      const { product, record } = await readDeployment(db, key);
      return { kind, key, product, context: record.context, instance: record.instance, record };
    }
    case "promotion": {
      const { product, record } = await readPromotion(db, key);
      return { kind, key, product, context: record.context, instance: record.to_instance, record };
    }
    case "backup_gate": {
      const { product, record } = await readBackupGate(db, key);
      return { kind, key, product, context: record.context, instance: record.instance, record };
    }
    case "artifact": {
      // Product-wide records: /v1 authorizes them with the product key as context.
      const { product, record } = await readArtifactManifest(db, key);
      return { kind, key, product, context: product, instance: "", record };
    }
    case "inventory": {
      const [context, instance] = compositeKey(kind, key);
      const { product, record } = await readInventory(db, context, instance);
      return { kind, key, product, context, instance, record };
    }
    case "release_tuple": {
      const [context, channel] = compositeKey(kind, key);
      const { product, record } = await readCurrentReleaseTuple(db, context, channel);
      return { kind, key, product, context, instance: channel, record };
    }
    case "preview": {
      const stored = await readPreview(db, key);
      return { kind, key, product: stored.product, context: stored.record.context, instance: "", record: stored.record };
    }
    case "preview_generation": {
      const stored = await previewGenerationRepository(db).find(key);
      if (!stored) throw new LaunchplaneError("not_found", `preview generation ${key} was not found`);
      // A generation is read in its preview's context.
      const preview = await findPreview(db, stored.record.preview_id);
      return { kind, key, product: stored.product, context: preview?.record.context ?? "", instance: "", record: stored.record };
    }
    case "incident": {
      const stored = await publicIngressIncidentRepository(db).find(key);
      if (!stored) throw new LaunchplaneError("not_found", `incident ${key} was not found`);
      const { record } = stored;
      return { kind, key, product: record.product, context: record.context, instance: record.instance, record };
    }
  }
}

export interface RecordLink {
  /** How the linked record relates to this one, in words ("artifact", "promoted by"...). */
  relation: string;
  record: RecordReference;
}

export interface RecordRelations {
  links: RecordLink[];
  /** Audit events of the writes that made this record (newest first). */
  provenance: AuditEvent[];
  /** The record whose writes are shown as provenance, when it is another one (an inventory's deployment). */
  provenance_of: RecordReference | null;
}

const PROVENANCE_EVENTS = 10;
const GENERATIONS_SHOWN = 50;

/** Audit target types the /v1 writes record for each family. */
const AUDIT_TARGET: Partial<Record<RecordKind, string>> = {
  deployment: "deployment",
  promotion: "promotion",
  backup_gate: "backup_gate",
  artifact: "artifact_manifest",
  preview: "preview",
  preview_generation: "preview_generation",
};

/** Forward links (ids this record carries) and reverse ones (records naming it). */
function linkPlan(located: LocatedRecord): { forward: Array<RecordKey & { relation: string }>; referencing: ReferencingQuery } {
  const forward: Array<RecordKey & { relation: string }> = [];
  const add = (relation: string, kind: RecordKind, key: string | undefined | null) => {
    if (key) forward.push({ relation, kind, key });
  };
  switch (located.kind) {
    case "deployment": {
      add("artifact", "artifact", located.record.artifact_identity?.artifact_id);
      return { forward, referencing: { deploymentId: located.key } };
    }
    case "promotion": {
      const { record } = located;
      add("artifact", "artifact", record.artifact_identity.artifact_id);
      add("deployment", "deployment", record.deployment_record_id);
      add("backup gate", "backup_gate", record.backup_record_id);
      return { forward, referencing: { promotionId: located.key } };
    }
    case "backup_gate":
      return { forward, referencing: { backupGateId: located.key } };
    case "artifact":
      return { forward, referencing: { artifact: { id: located.key, product: located.product } } };
    case "inventory": {
      const { record } = located;
      add("deployment", "deployment", record.deployment_record_id);
      add("promotion", "promotion", record.promotion_record_id);
      add("artifact", "artifact", record.artifact_identity?.artifact_id);
      add("release tuple", "release_tuple", `${record.context}/${record.instance}`);
      return { forward, referencing: {} };
    }
    case "release_tuple": {
      const { record } = located;
      add("deployment", "deployment", record.deployment_record_id);
      add("promotion", "promotion", record.promotion_record_id);
      add("artifact", "artifact", record.artifact_id);
      add("inventory", "inventory", `${record.context}/${record.channel}`);
      return { forward, referencing: {} };
    }
    case "preview": {
      const { record } = located;
      add("serving generation", "preview_generation", record.serving_generation_id);
      add("latest generation", "preview_generation", record.latest_generation_id);
      return { forward, referencing: {} };
    }
    case "preview_generation": {
      add("preview", "preview", located.record.preview_id);
      add("artifact", "artifact", located.record.artifact_id);
      return { forward, referencing: {} };
    }
    case "incident":
      add("lane inventory", "inventory", `${located.context}/${located.instance}`);
      return { forward, referencing: {} };
  }
}

const REVERSE_RELATION: Record<RecordKind, string> = {
  deployment: "deployment",
  promotion: "promotion",
  backup_gate: "backup gate",
  artifact: "artifact",
  inventory: "lane inventory",
  release_tuple: "release tuple",
  preview: "preview",
  preview_generation: "preview generation",
  incident: "incident",
};

/** The record whose audit events are this record's provenance (itself, or what wrote it). */
function provenanceSubject(located: LocatedRecord): RecordKey | null {
  if (located.kind === "inventory" || located.kind === "release_tuple") {
    const { promotion_record_id: promotion, deployment_record_id: deployment } = located.record;
    if (promotion) return { kind: "promotion", key: promotion };
    if (deployment) return { kind: "deployment", key: deployment };
    return null;
  }
  return AUDIT_TARGET[located.kind] ? { kind: located.kind, key: located.key } : null;
}

/**
 * Links and provenance of a located record, only what `scope` may read: a
 * link to a record of a product or context outside the scope is left out.
 * Four statements at most.
 */
export async function recordRelations(db: DbClient, located: LocatedRecord, scope: ReadScope): Promise<RecordRelations> {
  const plan = linkPlan(located);
  const subject = provenanceSubject(located);
  const directory = recordDirectoryRepository(db);
  const [forward, reverse, generations, provenance] = await Promise.all([
    directory.findMany(plan.forward),
    directory.referencing(plan.referencing),
    located.kind === "preview" ? readPreviewHistory(db, located.key, { limit: GENERATIONS_SHOWN }) : null,
    subject
      ? listAuditEvents(db, {
          targetType: AUDIT_TARGET[subject.kind],
          targetId: subject.key,
          product: located.product,
          scope,
          limit: PROVENANCE_EVENTS,
        })
      : null,
  ]);

  const links: RecordLink[] = [];
  const seen = new Set<string>([`${located.kind}:${located.key}`]);
  const push = (relation: string, record: RecordReference) => {
    const id = `${record.kind}:${record.key}`;
    if (seen.has(id) || !readScopeAllows(scope, record.product, record.context)) return;
    seen.add(id);
    links.push({ relation, record });
  };
  for (const want of plan.forward) {
    const found = forward.find((record) => record.kind === want.kind && record.key === want.key);
    if (found) push(want.relation, found);
  }
  for (const record of reverse) push(REVERSE_RELATION[record.kind], record);
  for (const generation of generations?.generations ?? []) {
    push("generation", {
      kind: "preview_generation",
      key: generation.generation_id,
      product: located.product,
      context: located.context,
      instance: "",
      status: generation.state,
      at: generation.requested_at,
      detail: `generation ${generation.sequence}`,
    });
  }

  const subjectRecord =
    subject && (subject.kind !== located.kind || subject.key !== located.key)
      ? forward.find((record) => record.kind === subject.kind && record.key === subject.key)
      : undefined;
  const subjectReference = subjectRecord && readScopeAllows(scope, subjectRecord.product, subjectRecord.context) ? subjectRecord : null;
  return { links, provenance: provenance?.items ?? [], provenance_of: subjectReference };
}

/**
 * Records whose id is exactly `id`, in any family, that `scope` may read
 * (one statement): the console's "open a record by id".
 */
export async function findRecordsById(db: DbClient, id: string, scope: ReadScope): Promise<RecordReference[]> {
  const trimmed = id.trim();
  if (!trimmed || trimmed.length > 200) return [];
  const found = await recordDirectoryRepository(db).findById(trimmed);
  return found.filter((record) => readScopeAllows(scope, record.product, record.context));
}
