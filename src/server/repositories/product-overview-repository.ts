import type { PreviewRecord } from "@/server/contracts/preview";
import type { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import type { DbClient } from "@/server/repositories/db-client";
import { LIVE_PREVIEW_STATES } from "@/server/repositories/preview-summary-repository";
import { PRODUCT_PROFILE_LIST_LIMIT } from "@/server/repositories/product-profile-repository";

export interface OverviewLaneKey {
  product: string;
  context: string;
  instance: string;
}

/** What the overview shows of one lane: its inventory, latest deployment, latest observation and open incidents. */
export interface OverviewLaneState extends OverviewLaneKey {
  inventory: { deploymentRecordId: string; updatedAt: string; verified: boolean; artifactId: string; runtimeIdentityStatus: string } | null;
  deployment: { recordId: string; recordedAt: string; verified: boolean; runtimeIdentityStatus: string } | null;
  latestObservation: { status: string; observedAt: Date } | null;
  openIncidents: number;
}

export interface OverviewPreviewState {
  product: string;
  activeCount: number;
  latestPreview: PreviewRecord;
  latestGeneration: PreviewGenerationRecord | null;
}

interface LaneStateRow {
  product: string;
  context: string;
  instance: string;
  inventory_record_id: string | null;
  inventory_updated_at: string | null;
  inventory_verified: boolean | null;
  inventory_artifact_id: string | null;
  inventory_identity_status: string | null;
  deployment_record_id: string | null;
  deployment_recorded_at: string | null;
  deployment_verified: boolean | null;
  deployment_identity_status: string | null;
  observation_status: string | null;
  observed_at: Date | null;
  open_incidents: number;
}

/** Reads behind the product overview: a fixed number of statements for a whole page of products. */
export function productOverviewRepository(db: DbClient) {
  return {
    /** Profiles sorted by product after `after`, optionally only some products. */
    async profiles(options: { after?: string; take: number; products: readonly string[] | null }): Promise<ProductProfileRecord[]> {
      if (options.products && options.products.length === 0) return [];
      const rows = await db.productProfile.findMany({
        where: {
          product: {
            ...(options.after ? { gt: options.after } : {}),
            ...(options.products ? { in: [...options.products] } : {}),
          },
        },
        orderBy: { product: "asc" },
        take: Math.min(Math.max(1, options.take), PRODUCT_PROFILE_LIST_LIMIT),
        select: { payload: true },
      });
      return rows.map((row) => row.payload as unknown as ProductProfileRecord);
    },

    /**
     * The state of many lanes in one statement: each lane joins its inventory
     * row and takes one step down the deployment and observation indexes;
     * open incidents come from the (product, context, instance, status) index.
     */
    async laneStates(lanes: readonly OverviewLaneKey[]): Promise<OverviewLaneState[]> {
      if (lanes.length === 0) return [];
      const rows = await db.$queryRaw<LaneStateRow[]>`
        SELECT l.product, l.context, l.instance,
               inv.deployment_record_id AS inventory_record_id,
               inv.payload->>'updated_at' AS inventory_updated_at,
               COALESCE((inv.payload->'destination_health'->>'verified')::boolean, false) AS inventory_verified,
               inv.artifact_id AS inventory_artifact_id,
               inv.runtime_identity_status AS inventory_identity_status,
               dep.record_id AS deployment_record_id,
               dep.recorded_at AS deployment_recorded_at,
               dep.verified AS deployment_verified,
               dep.runtime_identity_status AS deployment_identity_status,
               obs.status AS observation_status,
               obs.observed_at,
               inc.open_incidents
          FROM unnest(${lanes.map((lane) => lane.product)}::text[], ${lanes.map((lane) => lane.context)}::text[],
                      ${lanes.map((lane) => lane.instance)}::text[]) AS l(product, context, instance)
          LEFT JOIN launchplane_inventories inv
            ON inv.context = l.context AND inv.instance = l.instance AND inv.product = l.product
          LEFT JOIN LATERAL (
            SELECT d.record_id, d.runtime_identity_status,
                   COALESCE(NULLIF(d.payload->'deploy'->>'finished_at', ''), d.payload->'deploy'->>'started_at', '') AS recorded_at,
                   COALESCE((d.payload->'destination_health'->>'verified')::boolean, false) AS verified
              FROM launchplane_deployments d
             WHERE d.context = l.context AND d.instance = l.instance AND d.product = l.product
             ORDER BY d.occurred_at DESC, d.record_id DESC
             LIMIT 1
          ) dep ON true
          LEFT JOIN LATERAL (
            SELECT o.status, o.observed_at
              FROM launchplane_public_ingress_observations o
             WHERE o.product = l.product AND o.context = l.context AND o.instance = l.instance
             ORDER BY o.observed_at DESC, o.record_id DESC
             LIMIT 1
          ) obs ON true
          CROSS JOIN LATERAL (
            SELECT count(*)::int AS open_incidents
              FROM launchplane_public_ingress_incidents i
             WHERE i.product = l.product AND i.context = l.context AND i.instance = l.instance AND i.status = 'open'
          ) inc`;
      return rows.map((row) => ({
        product: row.product,
        context: row.context,
        instance: row.instance,
        inventory:
          row.inventory_record_id === null
            ? null
            : {
                deploymentRecordId: row.inventory_record_id,
                updatedAt: row.inventory_updated_at ?? "",
                verified: row.inventory_verified === true,
                artifactId: row.inventory_artifact_id ?? "",
                runtimeIdentityStatus: row.inventory_identity_status ?? "unchecked",
              },
        deployment:
          row.deployment_record_id === null
            ? null
            : {
                recordId: row.deployment_record_id,
                recordedAt: row.deployment_recorded_at ?? "",
                verified: row.deployment_verified === true,
                runtimeIdentityStatus: row.deployment_identity_status ?? "unchecked",
              },
        latestObservation: row.observation_status === null || row.observed_at === null ? null : { status: row.observation_status, observedAt: row.observed_at },
        openIncidents: row.open_incidents,
      }));
    },

    /**
     * Per product: how many previews still hold a deployment in the given
     * contexts, the most recently updated one and its latest generation. One
     * statement; the cost follows the number of live previews.
     */
    async previewStates(scopes: ReadonlyArray<{ product: string; context: string }>): Promise<OverviewPreviewState[]> {
      if (scopes.length === 0) return [];
      const rows = await db.$queryRaw<Array<{ product: string; active_count: number; preview: unknown; generation: unknown }>>`
        WITH wanted AS (
          SELECT * FROM unnest(${scopes.map((scope) => scope.product)}::text[], ${scopes.map((scope) => scope.context)}::text[]) AS w(product, context)
        ), live AS (
          SELECT p.product, p.preview_id, p.updated_at, p.payload
            FROM launchplane_previews p
            JOIN wanted w ON p.product = w.product AND p.context = w.context
           WHERE p.state = ANY(${[...LIVE_PREVIEW_STATES]}::text[])
        ), counts AS (
          SELECT product, count(*)::int AS active_count FROM live GROUP BY product
        ), latest AS (
          SELECT DISTINCT ON (product) product, preview_id, payload FROM live ORDER BY product, updated_at DESC, preview_id DESC
        )
        SELECT c.product, c.active_count, l.payload AS preview, g.payload AS generation
          FROM counts c
          JOIN latest l ON l.product = c.product
          LEFT JOIN LATERAL (
            SELECT payload FROM launchplane_preview_generations
             WHERE preview_id = l.preview_id
             ORDER BY sequence DESC
             LIMIT 1
          ) g ON true`;
      return rows.map((row) => ({
        product: row.product,
        activeCount: row.active_count,
        latestPreview: row.preview as PreviewRecord,
        latestGeneration: (row.generation ?? null) as PreviewGenerationRecord | null,
      }));
    },
  };
}

export type ProductOverviewRepository = ReturnType<typeof productOverviewRepository>;
