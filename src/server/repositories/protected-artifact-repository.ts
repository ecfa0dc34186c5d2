import type { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { PreviewPrFeedbackRecord } from "@/server/contracts/preview-pr-feedback";
import type { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import type { DbClient } from "@/server/repositories/db-client";
import { LIVE_PREVIEW_STATES } from "@/server/repositories/preview-summary-repository";
import { Prisma } from "@/generated/prisma/client";

/** Every source read is bounded; reaching a bound is reported so cleanup fails closed. */
export const PROTECTED_SOURCE_LIMIT = 500;
/** Ready generations of one preview considered when none of its linked generations is live. */
export const PROTECTED_READY_GENERATIONS_PER_PREVIEW = 20;

/** Generation states that hold or are about to hold a deployment. */
export const LIVE_GENERATION_STATES = ["resolving", "building", "deploying", "verifying", "ready"] as const;

export interface WithManifest<T> {
  record: T;
  /** The artifact's manifest when this product stored it. */
  manifest: ArtifactIdentityManifest | null;
}

export interface LivePreview {
  preview: PreviewRecord;
  /** The newest `ready` PR feedback of the preview's pull request. */
  readyFeedback: PreviewPrFeedbackRecord | null;
}

export interface PreviewGenerationCandidate extends WithManifest<PreviewGenerationRecord> {
  /** Reached through the preview's serving/active/latest link (else: a ready generation fallback). */
  linked: boolean;
}

interface ManifestRow {
  payload: unknown;
  manifest: unknown;
}

/**
 * Sources of the protected artifact set. Every record is scoped to the
 * product (a manifest stored by another product counts as missing); an
 * optional context narrows every source to that exact context.
 */
export function protectedArtifactRepository(db: DbClient) {
  const contextFilter = (column: Prisma.Sql, context: string | undefined) =>
    context === undefined ? Prisma.empty : Prisma.sql`AND ${column} = ${context}`;

  return {
    /** Current inventory of the product's lanes with each artifact's manifest. */
    async stableInventory(product: string, context?: string): Promise<Array<WithManifest<EnvironmentInventory>>> {
      const rows = await db.$queryRaw<ManifestRow[]>`
        SELECT i.payload, m.payload AS manifest
          FROM launchplane_inventories i
          LEFT JOIN launchplane_artifact_manifests m ON m.artifact_id = i.artifact_id AND m.product = i.product
         WHERE i.product = ${product} ${contextFilter(Prisma.sql`i.context`, context)}
         ORDER BY i.context, i.instance
         LIMIT ${PROTECTED_SOURCE_LIMIT + 1}`;
      return rows.map((row) => ({ record: row.payload as EnvironmentInventory, manifest: (row.manifest ?? null) as ArtifactIdentityManifest | null }));
    },

    /** Current release tuples of the product with each artifact's manifest. */
    async releaseTuples(product: string, context?: string): Promise<Array<WithManifest<ReleaseTupleRecord>>> {
      const rows = await db.$queryRaw<ManifestRow[]>`
        SELECT t.payload, m.payload AS manifest
          FROM launchplane_release_tuples t
          LEFT JOIN launchplane_artifact_manifests m ON m.artifact_id = t.artifact_id AND m.product = t.product
         WHERE t.product = ${product} ${contextFilter(Prisma.sql`t.context`, context)}
         ORDER BY t.context, t.channel
         LIMIT ${PROTECTED_SOURCE_LIMIT + 1}`;
      return rows.map((row) => ({ record: row.payload as ReleaseTupleRecord, manifest: (row.manifest ?? null) as ArtifactIdentityManifest | null }));
    },

    /** The product's previews that still hold a deployment, each with its newest ready PR feedback. */
    async livePreviews(product: string, context?: string): Promise<LivePreview[]> {
      const rows = await db.$queryRaw<Array<{ payload: unknown; feedback: unknown }>>`
        SELECT p.payload, f.payload AS feedback
          FROM launchplane_previews p
          LEFT JOIN LATERAL (
            SELECT fb.payload FROM launchplane_preview_pr_feedbacks fb
             WHERE fb.anchor_repo = p.anchor_repo AND fb.anchor_pr_number = p.anchor_pr_number
               AND fb.context = p.context AND fb.product = p.product AND fb.status = 'ready'
             ORDER BY fb.requested_at DESC, fb.feedback_id DESC
             LIMIT 1
          ) f ON true
         WHERE p.product = ${product} ${contextFilter(Prisma.sql`p.context`, context)}
           AND p.state = ANY(${[...LIVE_PREVIEW_STATES]}::text[])
         ORDER BY p.context, p.preview_id
         LIMIT ${PROTECTED_SOURCE_LIMIT + 1}`;
      return rows.map((row) => ({ preview: row.payload as PreviewRecord, readyFeedback: (row.feedback ?? null) as PreviewPrFeedbackRecord | null }));
    },

    /**
     * For the same live previews: their linked (serving, active, latest)
     * generations, and their newest ready generations as the fallback when no
     * linked one is live, each with its manifest. One statement.
     */
    async previewGenerations(product: string, context?: string): Promise<PreviewGenerationCandidate[]> {
      const rows = await db.$queryRaw<Array<ManifestRow & { linked: boolean }>>`
        WITH live AS (
          SELECT p.preview_id, p.payload
            FROM launchplane_previews p
           WHERE p.product = ${product} ${contextFilter(Prisma.sql`p.context`, context)}
             AND p.state = ANY(${[...LIVE_PREVIEW_STATES]}::text[])
           ORDER BY p.context, p.preview_id
           LIMIT ${PROTECTED_SOURCE_LIMIT + 1}
        ), candidates AS (
          SELECT g.payload, g.artifact_id, g.product, true AS linked
            FROM launchplane_preview_generations g
           WHERE g.generation_id IN (
             SELECT linked.id FROM live
              CROSS JOIN LATERAL (VALUES (live.payload->>'serving_generation_id'),
                                         (live.payload->>'active_generation_id'),
                                         (live.payload->>'latest_generation_id')) AS linked(id)
           ) AND g.preview_id IN (SELECT preview_id FROM live)
          UNION ALL
          SELECT ready.payload, ready.artifact_id, ready.product, false AS linked
            FROM live
           CROSS JOIN LATERAL (
             SELECT g.payload, g.artifact_id, g.product
               FROM launchplane_preview_generations g
              WHERE g.preview_id = live.preview_id AND g.state = 'ready'
              ORDER BY g.sequence DESC
              LIMIT ${PROTECTED_READY_GENERATIONS_PER_PREVIEW + 1}
           ) ready
        )
        SELECT c.payload, c.linked, m.payload AS manifest
          FROM candidates c
          LEFT JOIN launchplane_artifact_manifests m ON m.artifact_id = c.artifact_id AND m.product = c.product`;
      return rows.map((row) => ({
        record: row.payload as PreviewGenerationRecord,
        manifest: (row.manifest ?? null) as ArtifactIdentityManifest | null,
        linked: row.linked,
      }));
    },
  };
}

export type ProtectedArtifactRepository = ReturnType<typeof protectedArtifactRepository>;
