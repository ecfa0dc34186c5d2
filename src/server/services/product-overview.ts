import type { ReadScope } from "@/server/auth/authorize";
import { combineTrustStates, type DataProvenance, missingProvenance } from "@/server/contracts/data-provenance";
import { RuntimeIdentityStatus } from "@/server/contracts/deploy-evidence";
import type {
  ProductEnvironmentSummary,
  ProductLaneHealth,
  ProductOverview,
  ProductPreviewOverview,
} from "@/server/contracts/product-overview";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import type { DbClient } from "@/server/repositories/db-client";
import {
  type OverviewLaneState,
  type OverviewPreviewState,
  productOverviewRepository,
} from "@/server/repositories/product-overview-repository";
import { laneProvenance } from "@/server/services/lane-summary";
import { previewProvenance } from "@/server/services/preview-summary";
import { decodeCursor, encodeCursor, pageLimit } from "@/server/services/list-page";
import { mayReadProduct, readableProduct, readableProductContexts, scopeProducts } from "@/server/services/product-read-access";

export interface ProductOverviewOptions {
  /** The caller's `product.read` scope; omit only for trusted in-process callers. */
  scope?: ReadScope;
  now?: Date;
}

export interface ProductOverviewPage {
  items: ProductOverview[];
  next_cursor: string | null;
}

/**
 * Every product the caller may read (GET /v1/products), sorted by product
 * key, one page at a time (cursor = opaque last product key; default 50, at
 * most 200). Each overview carries only the lanes whose context the caller
 * may read, with their trust and health, the open incident count and the
 * live preview count. Three queries per page whatever the history size:
 * profiles, lane states, preview states.
 */
export async function listProductOverviews(
  db: DbClient,
  options: ProductOverviewOptions & { cursor?: string | null; limit?: number } = {},
): Promise<ProductOverviewPage> {
  const limit = pageLimit(options.limit);
  const after = decodeCursor(options.cursor, isProductPosition)?.[0];
  const rows = await productOverviewRepository(db).profiles({
    after,
    take: limit + 1,
    products: scopeProducts(options.scope),
  });
  const page = rows.slice(0, limit);
  const readable = page.filter((profile) => mayReadProduct(profile, options.scope));
  const items = await overviews(db, readable, options);
  const last = page.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor([last.product]) : null };
}

/**
 * One product's overview (GET /v1/products/{product}): 404 for an unknown
 * product, 403 when the scope reaches none of its contexts. Three queries.
 */
export async function readProductOverview(
  db: DbClient,
  product: string,
  options: ProductOverviewOptions & { profile?: ProductProfileRecord } = {},
): Promise<ProductOverview> {
  const profile = await readableProduct(db, product, options.scope, "the overview", options.profile);
  const [overview] = await overviews(db, [profile], options);
  return overview!;
}

async function overviews(db: DbClient, profiles: ProductProfileRecord[], options: ProductOverviewOptions): Promise<ProductOverview[]> {
  if (profiles.length === 0) return [];
  const readableContexts = new Map(profiles.map((profile) => [profile.product, new Set(readableProductContexts(profile, options.scope))]));
  const lanes = profiles.flatMap((profile) =>
    profile.lanes
      .filter((lane) => readableContexts.get(profile.product)!.has(lane.context))
      .map((lane) => ({ product: profile.product, context: lane.context, instance: lane.instance })),
  );
  const previewScopes = profiles
    .filter((profile) => profile.preview.enabled)
    .flatMap((profile) => [...readableContexts.get(profile.product)!].map((context) => ({ product: profile.product, context })));
  const repository = productOverviewRepository(db);
  const [laneStates, previewStates] = await Promise.all([repository.laneStates(lanes), repository.previewStates(previewScopes)]);
  const laneState = new Map(laneStates.map((state) => [`${state.product}\u001f${state.context}\u001f${state.instance}`, state]));
  const previewState = new Map(previewStates.map((state) => [state.product, state]));
  const now = options.now ?? new Date();

  return profiles.map((profile) => {
    const environments = profile.lanes
      .filter((lane) => readableContexts.get(profile.product)!.has(lane.context))
      .map((lane) =>
        environmentSummary(lane, laneState.get(`${profile.product}\u001f${lane.context}\u001f${lane.instance}`) ?? null, now),
      );
    return {
      schema_version: 1,
      product: profile.product,
      display_name: profile.display_name,
      repository: profile.repository,
      driver_id: profile.driver_id,
      base_driver_id: "",
      lifecycle_state: profile.lifecycle_state,
      environments,
      preview: previewOverview(profile, previewState.get(profile.product) ?? null, now),
      open_incident_count: environments.reduce((total, environment) => total + environment.health.open_incident_count, 0),
      warnings: [],
      trust_state: combineTrustStates(environments.map((environment) => environment.trust_state)),
      provenance: productProvenance(profile),
    };
  });
}

function environmentSummary(
  lane: ProductProfileRecord["lanes"][number],
  state: OverviewLaneState | null,
  now: Date,
): ProductEnvironmentSummary {
  const inventory = state?.inventory ?? null;
  const deployment = state?.deployment ?? null;
  const provenance = laneProvenance(
    inventory ? { recordId: inventory.deploymentRecordId, recordedAt: inventory.updatedAt, verified: inventory.verified } : null,
    deployment ? { recordId: deployment.recordId, recordedAt: deployment.recordedAt, verified: deployment.verified } : null,
    now,
  );
  const identity = RuntimeIdentityStatus.safeParse(inventory?.runtimeIdentityStatus ?? deployment?.runtimeIdentityStatus ?? "unchecked");
  const runtimeIdentityStatus = identity.success ? identity.data : "unchecked";
  const warnings: string[] = [];
  if (runtimeIdentityStatus === "mismatch") {
    warnings.push("The live app reports a different deployment than Launchplane recorded for this lane.");
  }
  return {
    environment: lane.instance,
    context: lane.context,
    base_url: lane.base_url,
    health_url: lane.health_url,
    artifact_id: inventory?.artifactId ?? "",
    runtime_identity_status: runtimeIdentityStatus,
    health: laneHealth(state),
    trust_state: provenance.freshness_status,
    provenance: provenance.freshness_status === "missing"
      ? missingProvenance(`Launchplane has not recorded lane evidence for ${lane.context}/${lane.instance}.`)
      : provenance,
    warnings,
  };
}

function laneHealth(state: OverviewLaneState | null): ProductLaneHealth {
  const openIncidents = state?.openIncidents ?? 0;
  const observation = state?.latestObservation ?? null;
  const status = openIncidents > 0 || observation?.status === "fail" ? "failing" : observation?.status === "pass" ? "healthy" : "unknown";
  return { status, open_incident_count: openIncidents, latest_observed_at: observation ? observation.observedAt.toISOString() : "" };
}

function previewOverview(profile: ProductProfileRecord, state: OverviewPreviewState | null, now: Date): ProductPreviewOverview {
  const base = { context: profile.preview.context, slug_template: profile.preview.slug_template };
  if (!profile.preview.enabled) {
    return {
      ...base,
      enabled: false,
      active_count: 0,
      latest_preview_id: "",
      trust_state: "unsupported",
      provenance: {
        source_kind: "unsupported",
        source_record_id: "",
        recorded_at: "",
        refreshed_at: "",
        freshness_status: "unsupported",
        stale_after: "",
        detail: "Product previews are not enabled for this product profile.",
      },
    };
  }
  const provenance = state
    ? previewProvenance(state.latestPreview, state.latestGeneration, now)
    : missingProvenance("Launchplane has not recorded previews for this product profile.");
  return {
    ...base,
    enabled: true,
    active_count: state?.activeCount ?? 0,
    latest_preview_id: state?.latestPreview.preview_id ?? "",
    trust_state: provenance.freshness_status,
    provenance,
  };
}

function productProvenance(profile: ProductProfileRecord): DataProvenance {
  return {
    source_kind: "record",
    source_record_id: profile.product,
    recorded_at: profile.updated_at,
    refreshed_at: profile.updated_at,
    freshness_status: "recorded",
    stale_after: "",
    detail: "Launchplane product profile record.",
  };
}

/** A page of products ends at its last product key: `[product]`. */
function isProductPosition(value: unknown): value is [string] {
  return Array.isArray(value) && value.length === 1 && typeof value[0] === "string" && value[0] !== "";
}
