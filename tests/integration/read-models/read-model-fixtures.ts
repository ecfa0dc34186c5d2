import { AuditEvent } from "@/server/contracts/audit-event";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { PreviewRecord } from "@/server/contracts/preview";
import { PreviewDesiredStateRequest } from "@/server/contracts/preview-desired-state";
import { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import { PreviewLifecycleCleanupRecord } from "@/server/contracts/preview-lifecycle-cleanup";
import { PreviewPrFeedbackRecord } from "@/server/contracts/preview-pr-feedback";
import { PromotionRecord } from "@/server/contracts/promotion";
import { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import { PublicIngressObservationRecord } from "@/server/contracts/public-ingress-observation";
import { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import type { Database } from "@/server/db";
import { auditEventRow } from "@/server/repositories/audit-event-repository";
import { deploymentRow } from "@/server/repositories/deployment-repository";
import { ingestArtifactEvidence } from "@/server/services/artifact-evidence";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";
import { ingestDeploymentEvidence } from "@/server/services/deployment-evidence";
import { upsertProductProfile } from "@/server/services/product-profiles";
import { buildPreviewDesiredStateRecord } from "@/server/services/preview-desired-state";
import { ingestPromotionEvidence } from "@/server/services/promotion-evidence";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";
import { profilePayload } from "../config/config-fixtures";
import { backupGateFor, deploymentFor, manifestFor, promotionFor } from "../evidence/evidence-fixtures";
import { observationRequest } from "../health/public-ingress-fixtures";

/**
 * A product as the read models see it: a profile with testing and prod lanes
 * in the product's own context, a historical (pre-cutover) context, and an
 * enabled preview context. Evidence is written through the services.
 */
export interface ReadModelProduct {
  product: string;
  /** Both stable lanes' context. */
  context: string;
  legacyContext: string;
  previewContext: string;
}

export async function seedReadModelProduct(db: Database, product: string, patch: Record<string, unknown> = {}): Promise<ReadModelProduct> {
  const scope = { product, context: product, legacyContext: `${product}-legacy`, previewContext: `${product}-preview` };
  await upsertProductProfile(
    db,
    profilePayload(product, {
      historical_contexts: [scope.legacyContext],
      preview: { enabled: true, context: scope.previewContext, slug_template: "pr-{number}" },
      ...patch,
    }),
  );
  return scope;
}

/** `2026-04-20T<hour>:<minute>:00Z` */
export function minute(index: number, hour = 12): string {
  return `2026-04-20T${String(hour + Math.floor(index / 60)).padStart(2, "0")}:${String(index % 60).padStart(2, "0")}:00Z`;
}

export async function storeManifest(db: Database, product: string, artifactId: string, patch: Record<string, unknown> = {}) {
  await ingestArtifactEvidence(db, { product, artifact: manifestFor(artifactId, patch) });
}

export async function deploy(
  db: Database,
  product: string,
  input: Parameters<typeof deploymentFor>[0] & { record?: Record<string, unknown> },
) {
  const { record, ...base } = input;
  const deployment = record ? DeploymentRecord.parse({ ...deploymentFor(base), ...record }) : deploymentFor(base);
  return ingestDeploymentEvidence(db, { product, deployment });
}

export async function promote(db: Database, product: string, input: Parameters<typeof promotionFor>[0] & { record?: Record<string, unknown> }) {
  const { record, ...base } = input;
  const promotion = promotionFor(base);
  return ingestPromotionEvidence(db, { product, promotion: record ? { ...promotion, ...record } : promotion });
}

export async function backupGate(db: Database, product: string, input: Parameters<typeof backupGateFor>[0]) {
  return ingestBackupGateEvidence(db, { product, backup_gate: backupGateFor(input) });
}

export async function observe(db: Database, lane: { product: string; context: string; instance: string }, status: "pass" | "fail", observedAt: string) {
  return ingestPublicIngressObservation(db, observationRequest(lane, status, observedAt));
}

/** Runs `count` writes, `width` at a time (history growth for the query budgets). */
export async function inBatches(count: number, width: number, write: (index: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, offset) => write(start + offset)));
  }
}

/** Runs `read` with the client's statement counter reset and returns how many statements it sent. */
export async function statementsOf(counter: { queryCount(): number; resetQueryCount(): void }, read: () => Promise<unknown>): Promise<number> {
  counter.resetQueryCount();
  await read();
  return counter.queryCount();
}

// ---------------------------------------------------------------------------
// History volume for the query budgets. Content tests write evidence through
// the services; growing a product's history to hundreds of records that way
// takes minutes, so the budget tests insert the same records (built by the
// same contracts, with the columns the repositories promote) in bulk.
// ---------------------------------------------------------------------------

export interface HistoryScope {
  product: string;
  context: string;
  previewContext: string;
  /** Stable lane that receives the deployments, promotions, gates, tuples, observations and incidents. */
  instance?: string;
  /** An existing preview that receives old (superseded) generations and old ready PR feedback. */
  previewId?: string;
  anchorRepo?: string;
  anchorPrNumber?: number;
}

function historyTime(index: number): string {
  return new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString();
}

/** Inserts records `from`..`to`-1 of every family the read models read, all older than 2026. */
export async function growHistory(db: Database, scope: HistoryScope, from: number, to: number): Promise<void> {
  const { product, context, previewContext } = scope;
  const instance = scope.instance ?? "prod";
  const indexes = Array.from({ length: to - from }, (_, offset) => from + offset);
  const tag = `${product}-h`;
  const deployments = indexes.map((index) =>
    deploymentFor({ recordId: `${tag}-dep-${index}`, context, instance, artifactId: `${tag}-artifact-${index}`, status: "fail", finishedAt: historyTime(index) }),
  );
  const promotions = indexes.map((index) =>
    PromotionRecord.parse({
      ...promotionFor({ recordId: `${tag}-promo-${index}`, context, artifactId: `${tag}-artifact-${index}`, to: instance, status: "fail" }),
      deploy: { ...promotionFor({ recordId: "x", context, artifactId: "x" }).deploy, status: "fail", started_at: historyTime(index), finished_at: historyTime(index) },
      ...(index % 5 === 0 ? { rollback: { attempted: true, status: "pass", started_at: historyTime(index), finished_at: historyTime(index) } } : {}),
    }),
  );
  const gates = indexes.map((index) => BackupGateRecord.parse({ ...backupGateFor({ recordId: `${tag}-gate-${index}`, context, instance }), created_at: historyTime(index) }));
  const observations = indexes.map((index) => {
    const request = observationRequest({ product, context, instance }, index % 2 === 0 ? "pass" : "fail", historyTime(index), { checkName: "history-check" });
    return PublicIngressObservationRecord.parse(request.observation);
  });
  const incidents = indexes.map((index) =>
    PublicIngressIncidentRecord.parse({
      incident_id: `${tag}-incident-${index}`,
      product,
      context,
      instance,
      check_name: "history-check",
      check_kind: "public_http",
      status: "resolved",
      opened_at: historyTime(index),
      opened_observation_id: observations[index - from]!.record_id,
      latest_observation_id: observations[index - from]!.record_id,
      latest_observed_at: historyTime(index),
      failure_code: "health_status_error",
      resolved_at: historyTime(index),
      resolved_observation_id: observations[index - from]!.record_id,
      summary: "HTTP 503",
    }),
  );
  const audits = indexes.map((index) =>
    AuditEvent.parse({
      event_id: `${tag}-audit-${index}`,
      occurred_at: historyTime(index),
      actor: { kind: "operator", login: "history-operator", role: "admin" },
      action: "history.recorded",
      product,
      context,
      instance,
    }),
  );
  const previews = indexes.map((index) =>
    PreviewRecord.parse({
      preview_id: `${tag}-preview-${index}`,
      context: previewContext,
      anchor_repo: "history-repo",
      anchor_pr_number: 10_000 + index,
      anchor_pr_url: `https://github.com/every/history-repo/pull/${10_000 + index}`,
      preview_label: `${previewContext}/history-repo/pr-${10_000 + index}`,
      canonical_url: `https://pr-${10_000 + index}.preview.example.com`,
      state: "destroyed",
      created_at: historyTime(index),
      updated_at: historyTime(index),
      eligible_at: historyTime(index),
      destroyed_at: historyTime(index),
      destroy_reason: "pull_request_closed",
    }),
  );
  const desired = indexes.map((index) =>
    buildPreviewDesiredStateRecord(
      PreviewDesiredStateRequest.parse({ product, context: previewContext, repository: "every/history-repo", anchor_repo: "history-repo" }),
      { status: "pass", pull_requests: [] },
      historyTime(index),
    ),
  );
  const cleanups = indexes.map((index) =>
    PreviewLifecycleCleanupRecord.parse({
      cleanup_id: `${tag}-cleanup-${index}`,
      product,
      context: previewContext,
      plan_id: `${tag}-plan-${index}`,
      requested_at: historyTime(index),
      source: "history",
      status: "report_only",
    }),
  );
  const anchorRepo = scope.anchorRepo ?? "history-repo";
  const anchorPrNumber = scope.anchorPrNumber ?? 10_000;
  const feedback = indexes.map((index) =>
    PreviewPrFeedbackRecord.parse({
      feedback_id: `${tag}-feedback-${index}`,
      product,
      context: previewContext,
      source: "history",
      requested_at: historyTime(index),
      repository: `every/${anchorRepo}`,
      anchor_repo: anchorRepo,
      anchor_pr_number: anchorPrNumber,
      anchor_pr_url: `https://github.com/every/${anchorRepo}/pull/${anchorPrNumber}`,
      status: "ready",
      marker: "<!-- launchplane-preview-control -->",
      comment_markdown: "history",
      immutable_image_reference: `ghcr.io/every/app@sha256:${String(index).padStart(64, "0")}`,
      delivery_status: "skipped",
    }),
  );

  const stamp = (iso: string) => new Date(iso);
  // The rows the services write (shared column mappers), only many at once.
  await db.deployment.createMany({ data: deployments.map((record) => deploymentRow(product, record, null)) });
  await db.promotion.createMany({
    data: promotions.map((record) => ({
      recordId: record.record_id,
      product,
      context,
      fromInstance: record.from_instance,
      toInstance: record.to_instance,
      artifactId: record.artifact_identity.artifact_id,
      deploymentRecordId: record.deployment_record_id,
      backupRecordId: record.backup_record_id,
      deployStatus: record.deploy.status,
      deployStartedAt: stamp(record.deploy.started_at),
      deployFinishedAt: stamp(record.deploy.finished_at),
      occurredAt: stamp(record.deploy.finished_at),
      payload: record as object,
    })),
  });
  await db.backupGate.createMany({
    data: gates.map((record) => ({
      recordId: record.record_id,
      product,
      context,
      instance,
      status: record.status,
      required: record.required,
      occurredAt: stamp(record.created_at),
      payload: record as object,
    })),
  });
  await db.releaseTupleHistory.createMany({
    data: indexes.map((index) => {
      const tuple = ReleaseTupleRecord.parse({
        tuple_id: `${context}-${instance}-${tag}-artifact-${index}`,
        context,
        channel: instance,
        artifact_id: `${tag}-artifact-${index}`,
        repo_shas: { [`tenant-${context}`]: "6b3c9d7e8f901234567890abcdef1234567890ab" },
        provenance: "ship",
        minted_at: historyTime(index),
      });
      return {
        context,
        channel: instance,
        product,
        tupleId: tuple.tuple_id,
        artifactId: tuple.artifact_id,
        provenance: tuple.provenance,
        mintedAt: stamp(tuple.minted_at),
        payload: tuple as object,
      };
    }),
  });
  await db.publicIngressObservation.createMany({
    data: observations.map((record) => ({
      recordId: record.record_id,
      product,
      context,
      instance,
      checkName: record.check_name,
      checkKind: record.check_kind,
      status: record.status,
      failureCode: record.failure_code,
      observedAt: stamp(record.observed_at),
      payload: record as object,
    })),
  });
  await db.publicIngressIncident.createMany({
    data: incidents.map((record) => ({
      incidentId: record.incident_id,
      product,
      context,
      instance,
      checkName: record.check_name,
      checkKind: record.check_kind,
      status: record.status,
      openedAt: stamp(record.opened_at),
      latestObservedAt: stamp(record.latest_observed_at),
      resolvedAt: stamp(record.resolved_at),
      payload: record as object,
    })),
  });
  await db.auditEvent.createMany({ data: audits.map(auditEventRow) });
  await db.preview.createMany({
    data: previews.map((record) => ({
      previewId: record.preview_id,
      product,
      context: record.context,
      anchorRepo: record.anchor_repo,
      anchorPrNumber: record.anchor_pr_number,
      state: record.state,
      updatedAt: stamp(record.updated_at),
      payload: record as object,
    })),
  });
  await db.previewDesiredState.createMany({
    data: desired.map((record) => ({
      desiredStateId: record.desired_state_id,
      product,
      context: record.context,
      repository: record.repository,
      status: record.status,
      desiredCount: record.desired_count,
      discoveredAt: stamp(record.discovered_at),
      payload: record as object,
    })),
  });
  await db.previewLifecycleCleanup.createMany({
    data: cleanups.map((record) => ({
      cleanupId: record.cleanup_id,
      product,
      context: record.context,
      planId: record.plan_id,
      status: record.status,
      apply: record.apply,
      requestedAt: stamp(record.requested_at),
      payload: record as object,
    })),
  });
  await db.previewPrFeedback.createMany({
    data: feedback.map((record) => ({
      feedbackId: record.feedback_id,
      product,
      context: record.context,
      anchorRepo: record.anchor_repo,
      anchorPrNumber: record.anchor_pr_number,
      status: record.status,
      deliveryStatus: record.delivery_status,
      requestedAt: stamp(record.requested_at),
      payload: record as object,
    })),
  });
  if (scope.previewId) {
    const previewId = scope.previewId;
    await db.previewGeneration.createMany({
      data: indexes.map((index) => {
        const generation = PreviewGenerationRecord.parse({
          generation_id: `${tag}-generation-${index}`,
          preview_id: previewId,
          sequence: 100_000 + index,
          state: "superseded",
          requested_reason: "history",
          requested_at: historyTime(index),
          superseded_at: historyTime(index),
          resolved_manifest_fingerprint: `history-${index}`,
          artifact_id: `${tag}-preview-artifact-${index}`,
          anchor_summary: { repo: anchorRepo, pr_number: anchorPrNumber, head_sha: "6b3c9d7", pr_url: `https://github.com/every/${anchorRepo}/pull/${anchorPrNumber}` },
        });
        return {
          generationId: generation.generation_id,
          previewId,
          product,
          sequence: generation.sequence,
          state: generation.state,
          artifactId: generation.artifact_id,
          requestedAt: stamp(generation.requested_at),
          payload: generation as object,
        };
      }),
    });
  }
}
