import { z } from "zod";
import { ArtifactEvidenceRequest, ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { GithubActionsGrantRequest } from "@/server/contracts/authz-policy";
import { BackupGateEvidenceRequest, BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentEvidenceRequest, DeploymentRecord } from "@/server/contracts/deployment";
import { EnvironmentInventory } from "@/server/contracts/inventory";
import { LaneSummary } from "@/server/contracts/lane-summary";
import { PreviewDesiredStateRequest } from "@/server/contracts/preview-desired-state";
import { PreviewEnablementEvidenceRequest } from "@/server/contracts/preview-enablement";
import { PreviewGenerationEvidenceRequest, PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import { PreviewInventoryScanEvidenceRequest } from "@/server/contracts/preview-inventory-scan";
import { PreviewLifecycleCleanupRequest } from "@/server/contracts/preview-lifecycle-cleanup";
import { PreviewLifecyclePlanRequest } from "@/server/contracts/preview-lifecycle-plan";
import { PreviewPrFeedbackRequest } from "@/server/contracts/preview-pr-feedback";
import { PreviewDestroyedEvidenceRequest, PreviewRecord } from "@/server/contracts/preview";
import { ProductProfileRecord, ProductProfileWriteRequest } from "@/server/contracts/product-profile";
import { ProductActivityEvent, ProductActivityEventType, ProductActivityReadModel } from "@/server/contracts/product-activity";
import { ProductOverview } from "@/server/contracts/product-overview";
import { ProtectedArtifactSet } from "@/server/contracts/protected-artifact-set";
import { PromotionEvidenceRequest, PromotionRecord } from "@/server/contracts/promotion";
import { PublicIngressObservationRequest } from "@/server/contracts/public-ingress-observation";
import { ReleaseTupleRecord } from "@/server/contracts/release-tuple";

/**
 * Every /v1 route: its path, method, authorization action, contract and
 * response shape. Route files take their spec from here, and the OpenAPI
 * document is generated from the same entries, so the two cannot drift.
 */
export interface V1PostSpec<S extends z.ZodType = z.ZodType> {
  method: "post";
  path: string;
  action: string;
  summary: string;
  description?: string;
  request: S;
  /** Record ids the 202 may return under `records`. */
  records: readonly string[];
  idempotencyKey?: "optional" | "required";
}

export interface V1GetSpec {
  method: "get";
  path: string;
  action: string | null;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  /** The payload fields next to status and trace_id. */
  response: z.ZodType;
}

function post<S extends z.ZodType>(spec: Omit<V1PostSpec<S>, "method">): V1PostSpec<S> {
  return { method: "post", idempotencyKey: "optional", ...spec };
}

function get(spec: Omit<V1GetSpec, "method">): V1GetSpec {
  return { method: "get", ...spec };
}

/**
 * A stored record as responses send it. Records are sent exactly as their
 * contract accepts them, so the contract's input schema documents them
 * (output schemas cannot express the normalising transforms).
 */
export function asSent(schema: z.ZodType): z.ZodType {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return z.unknown().meta({ override: jsonSchema });
}

const recordOf = (schema: z.ZodType) => z.object({ record: asSent(schema) });
const pageQuery = z.object({
  cursor: z.string().optional().meta({ description: "Opaque cursor from a previous page's next_cursor" }),
  limit: z.string().optional().meta({ description: "Page size, default 50, at most 200" }),
});
const listOf = (schema: z.ZodType) => z.object({ items: z.array(schema), next_cursor: z.string().nullable() });

export const v1Catalog = {
  health: get({
    path: "/v1/health",
    action: null,
    summary: "Readiness: migrations applied and the database answering",
    response: z.object({ storage_backend: z.literal("postgres") }),
  }),
  openapi: get({
    path: "/v1/openapi.json",
    action: null,
    summary: "This OpenAPI 3.1 document",
    response: z.object({}).loose(),
  }),

  deploymentEvidence: post({
    path: "/v1/evidence/deployments",
    action: "deployment.write",
    summary: "Record a deployment; refreshes the lane's inventory and mints its release tuple when allowed",
    request: DeploymentEvidenceRequest,
    records: ["deployment_record_id", "inventory_record_id", "release_tuple_id"],
  }),
  promotionEvidence: post({
    path: "/v1/evidence/promotions",
    action: "promotion.write",
    summary: "Record a promotion; refreshes destination inventory and copies the release tuple when linked",
    request: PromotionEvidenceRequest,
    records: ["promotion_record_id", "inventory_record_id", "release_tuple_id"],
  }),
  backupGateEvidence: post({
    path: "/v1/evidence/backup-gates",
    action: "backup_gate.write",
    summary: "Record a backup gate run",
    request: BackupGateEvidenceRequest,
    records: ["backup_gate_record_id"],
  }),
  artifactEvidence: post({
    path: "/v1/evidence/artifacts",
    action: "artifact.write",
    summary: "Record an immutable artifact manifest",
    request: ArtifactEvidenceRequest,
    records: ["artifact_id"],
  }),
  previewGenerationEvidence: post({
    path: "/v1/evidence/previews/generations",
    action: "preview_generation.write",
    summary: "Record a preview generation and move the preview accordingly",
    request: PreviewGenerationEvidenceRequest,
    records: ["preview_id", "generation_id", "transition"],
  }),
  previewDestroyedEvidence: post({
    path: "/v1/evidence/previews/destroyed",
    action: "preview_destroyed.write",
    summary: "Record that a preview was destroyed (it stays readable)",
    request: PreviewDestroyedEvidenceRequest,
    records: ["preview_id", "transition"],
  }),
  previewEnablementEvidence: post({
    path: "/v1/evidence/previews/enablements",
    action: "preview_enablement.write",
    summary: "Record a pull request's preview enablement snapshot",
    request: PreviewEnablementEvidenceRequest,
    records: ["preview_enablement_id"],
  }),
  previewInventoryScanEvidence: post({
    path: "/v1/evidence/previews/inventory-scans",
    action: "preview_inventory_scan.write",
    summary: "Record a provider inventory scan of a preview context",
    request: PreviewInventoryScanEvidenceRequest,
    records: ["preview_inventory_scan_id"],
  }),
  publicIngressObservationEvidence: post({
    path: "/v1/evidence/public-ingress/observations",
    action: "public_ingress_observation.write",
    summary: "Record a public ingress health observation; opens or resolves incidents",
    request: PublicIngressObservationRequest,
    records: ["public_ingress_observation_id", "public_ingress_incident_id"],
  }),
  productProfileWrite: post({
    path: "/v1/product-profiles",
    action: "product_profile.write",
    summary: "Create or replace a product profile",
    request: ProductProfileWriteRequest,
    records: ["product_profile"],
  }),
  previewDesiredState: post({
    path: "/v1/previews/desired-state",
    action: "preview_desired_state.write",
    summary: "Discover the previews a product wants (its open pull requests) and record them",
    request: PreviewDesiredStateRequest,
    records: ["preview_desired_state_id"],
  }),
  previewLifecyclePlan: post({
    path: "/v1/previews/lifecycle-plan",
    action: "preview_lifecycle_plan.write",
    summary: "Plan keep / orphaned / missing previews from the latest desired state and inventory scan",
    request: PreviewLifecyclePlanRequest,
    records: ["preview_lifecycle_plan_id"],
  }),
  previewLifecycleCleanup: post({
    path: "/v1/previews/lifecycle-cleanup",
    action: "preview_cleanup.write",
    summary: "Report (apply=false) or approve (apply=true) cleanup of orphaned previews",
    description: "apply=true needs the preview_cleanup.apply action and an existing passing lifecycle plan; the cleanup then runs as a guarded operation.",
    request: PreviewLifecycleCleanupRequest,
    records: ["preview_lifecycle_cleanup_id"],
  }),
  previewPrFeedback: post({
    path: "/v1/previews/pr-feedback",
    action: "preview_pr_feedback.write",
    summary: "Record the outcome of publishing preview status to a pull request",
    request: PreviewPrFeedbackRequest,
    records: ["preview_pr_feedback_id"],
  }),
  githubActionsGrant: post({
    path: "/v1/authz-policies/github-actions/grants",
    action: "authz_policy_grant.write",
    summary: "Add a GitHub Actions rule to the authorization policy",
    request: GithubActionsGrantRequest,
    records: ["authz_policy_record_id"],
  }),

  deploymentRead: get({ path: "/v1/deployments/{id}", action: "deployment.read", summary: "One deployment record", response: recordOf(DeploymentRecord) }),
  promotionRead: get({ path: "/v1/promotions/{id}", action: "promotion.read", summary: "One promotion record", response: recordOf(PromotionRecord) }),
  backupGateRead: get({ path: "/v1/backup-gates/{id}", action: "backup_gate.read", summary: "One backup gate record", response: recordOf(BackupGateRecord) }),
  artifactRead: get({ path: "/v1/artifacts/{id}", action: "artifact.read", summary: "One artifact manifest", response: recordOf(ArtifactIdentityManifest) }),
  inventoryRead: get({
    path: "/v1/inventory/{context}/{instance}",
    action: "inventory.read",
    summary: "What runs in a lane now",
    response: recordOf(EnvironmentInventory),
  }),
  releaseTupleRead: get({
    path: "/v1/release-tuples/{context}/{channel}",
    action: "release_tuple.read",
    summary: "The current release tuple of a channel",
    response: recordOf(ReleaseTupleRecord),
  }),
  previewRead: get({ path: "/v1/previews/{id}", action: "preview.read", summary: "One preview", response: recordOf(PreviewRecord) }),
  previewHistory: get({
    path: "/v1/previews/{id}/history",
    action: "preview.read",
    summary: "A preview and its generations, newest first",
    response: z.object({ preview: asSent(PreviewRecord), generations: z.array(asSent(PreviewGenerationRecord)) }),
  }),
  productProfileList: get({
    path: "/v1/product-profiles",
    action: "product_profile.read",
    summary: "Product profiles the caller may read",
    query: z.object({ driver_id: z.string().optional() }).extend(pageQuery.shape),
    response: listOf(asSent(ProductProfileRecord)),
  }),
  productProfileRead: get({
    path: "/v1/product-profiles/{product}",
    action: "product_profile.read",
    summary: "One product profile",
    response: recordOf(ProductProfileRecord),
  }),
  productList: get({
    path: "/v1/products",
    action: "product.read",
    summary: "Products the caller may read, with their lanes' trust and health, open incidents and live previews",
    description:
      "A product is listed when product.read is allowed in at least one of its contexts; only lanes in readable contexts are shown. `products` repeats `items` under upstream's key.",
    query: pageQuery,
    response: z.object({
      items: z.array(asSent(ProductOverview)),
      next_cursor: z.string().nullable(),
      products: z.array(asSent(ProductOverview)),
    }),
  }),
  productRead: get({
    path: "/v1/products/{product}",
    action: "product.read",
    summary: "One product's overview (upstream key `product`)",
    response: z.object({ product: asSent(ProductOverview) }),
  }),
  productActivity: get({
    path: "/v1/products/{product}/activity",
    action: "product.read",
    summary: "A product's records newest first, across its lane, historical and preview contexts",
    description:
      "Keyset-paginated on (occurred_at, kind, id). `kind` filters event types (repeat or comma-separate); `lane` keeps one lane instance (`preview` keeps preview records). Items outside the caller's readable contexts are left out. `activity` repeats the page under upstream's key.",
    query: pageQuery.extend({
      kind: z.string().optional().meta({ description: `Event types: ${ProductActivityEventType.options.join(", ")}` }),
      lane: z.string().optional().meta({ description: "A lane instance (testing, prod) or preview" }),
    }),
    response: z.object({
      items: z.array(asSent(ProductActivityEvent)),
      next_cursor: z.string().nullable(),
      activity: asSent(ProductActivityReadModel),
    }),
  }),
  productEnvironmentRead: get({
    path: "/v1/products/{product}/environments/{env}",
    action: "product.read",
    summary: "The lane summary of one product lane ({env} is the lane instance)",
    description: "Authorized against the product and the lane's context. Runtime settings and secrets appear as key names and binding status only.",
    response: z.object({ summary: asSent(LaneSummary) }),
  }),
  protectedArtifacts: get({
    path: "/v1/artifacts/protected",
    action: "artifact.read",
    summary: "The artifacts and images registry cleanup must keep for a product (upstream key `protected_artifacts`)",
    description:
      "`product` is required (400 without it, 404 for an unknown product). Warnings mean the set may be incomplete for the scope they name: cleanup consumers must fail closed. Records in contexts the caller may not read are withheld and counted in a warning.",
    query: z.object({
      product: z.string().meta({ description: "The product whose artifacts are protected" }),
      context: z.string().optional().meta({ description: "Only this exact context" }),
    }),
    response: z.object({ protected_artifacts: asSent(ProtectedArtifactSet) }),
  }),
} as const;

export type V1Catalog = typeof v1Catalog;
export { pageQuery, listOf };
