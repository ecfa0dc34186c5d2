// Product overview: one product's lanes with their trust and health, and its previews. Field names
// mirror upstream ProductSiteOverview / ProductEnvironmentSummary / ProductPreviewSummary
// (control_plane/contracts/product_environment_read_model.py); lifecycle_state, the health
// blocks, artifact_id, runtime_identity_status and open_incident_count are this project's
// extensions. A read model, never stored.
import { z } from "zod";

import { DataProvenance, TrustState } from "./data-provenance";
import { RuntimeIdentityStatus } from "./deploy-evidence";
import { productLifecycleState } from "./product-profile";

export const ProductLaneHealth = z.strictObject({
  /** failing: an open incident or a failed latest observation; healthy: latest observation passed. */
  status: z.enum(["healthy", "failing", "unknown"]),
  open_incident_count: z.number().int().min(0),
  latest_observed_at: z.string(),
});
export type ProductLaneHealth = z.output<typeof ProductLaneHealth>;

export const ProductEnvironmentSummary = z.strictObject({
  /** The lane instance (`{env}` in /v1 paths). */
  environment: z.string(),
  context: z.string(),
  base_url: z.string(),
  health_url: z.string(),
  /** Artifact the lane runs ("" when nothing is recorded). */
  artifact_id: z.string(),
  runtime_identity_status: RuntimeIdentityStatus,
  health: ProductLaneHealth,
  trust_state: TrustState,
  provenance: DataProvenance,
  warnings: z.array(z.string()),
});
export type ProductEnvironmentSummary = z.output<typeof ProductEnvironmentSummary>;

export const ProductPreviewOverview = z.strictObject({
  enabled: z.boolean(),
  context: z.string(),
  slug_template: z.string(),
  /** Previews not destroyed. */
  active_count: z.number().int().min(0),
  latest_preview_id: z.string(),
  trust_state: TrustState,
  provenance: DataProvenance,
});
export type ProductPreviewOverview = z.output<typeof ProductPreviewOverview>;

export const ProductOverview = z.strictObject({
  schema_version: z.literal(1),
  product: z.string(),
  display_name: z.string(),
  repository: z.string(),
  driver_id: z.string(),
  base_driver_id: z.string(),
  lifecycle_state: productLifecycleState,
  /** The lanes the caller may read, in profile order. */
  environments: z.array(ProductEnvironmentSummary),
  preview: ProductPreviewOverview,
  open_incident_count: z.number().int().min(0),
  warnings: z.array(z.string()),
  trust_state: TrustState,
  provenance: DataProvenance,
});
export type ProductOverview = z.output<typeof ProductOverview>;
