-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "launchplane_artifact_manifests" (
    "artifact_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "source_commit" TEXT NOT NULL,
    "image_repository" TEXT NOT NULL,
    "image_digest" TEXT NOT NULL,
    "operation_id" TEXT,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_artifact_manifests_pkey" PRIMARY KEY ("artifact_id")
);

-- CreateTable
CREATE TABLE "launchplane_deployments" (
    "record_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "artifact_id" TEXT NOT NULL,
    "source_git_ref" TEXT NOT NULL,
    "deploy_status" TEXT NOT NULL,
    "deploy_started_at" TIMESTAMPTZ(3),
    "deploy_finished_at" TIMESTAMPTZ(3),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "runtime_identity" JSONB,
    "runtime_identity_status" TEXT NOT NULL DEFAULT 'unchecked',
    "operation_id" TEXT,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_deployments_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_promotions" (
    "record_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "from_instance" TEXT NOT NULL,
    "to_instance" TEXT NOT NULL,
    "artifact_id" TEXT NOT NULL,
    "deployment_record_id" TEXT NOT NULL,
    "backup_record_id" TEXT NOT NULL,
    "deploy_status" TEXT NOT NULL,
    "deploy_started_at" TIMESTAMPTZ(3),
    "deploy_finished_at" TIMESTAMPTZ(3),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "operation_id" TEXT,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_promotions_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_backup_gates" (
    "record_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "operation_id" TEXT,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_backup_gates_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_inventories" (
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "artifact_id" TEXT NOT NULL,
    "source_git_ref" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deployment_record_id" TEXT NOT NULL,
    "promotion_record_id" TEXT NOT NULL DEFAULT '',
    "promoted_from_instance" TEXT NOT NULL DEFAULT '',
    "runtime_identity" JSONB,
    "runtime_identity_status" TEXT NOT NULL DEFAULT 'unchecked',
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_inventories_pkey" PRIMARY KEY ("context","instance")
);

-- CreateTable
CREATE TABLE "launchplane_release_tuples" (
    "context" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "tuple_id" TEXT NOT NULL,
    "artifact_id" TEXT NOT NULL,
    "provenance" TEXT NOT NULL,
    "minted_at" TIMESTAMPTZ(3) NOT NULL,
    "deployment_record_id" TEXT NOT NULL DEFAULT '',
    "promotion_record_id" TEXT NOT NULL DEFAULT '',
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_release_tuples_pkey" PRIMARY KEY ("context","channel")
);

-- CreateTable
CREATE TABLE "launchplane_release_tuple_history" (
    "id" BIGSERIAL NOT NULL,
    "context" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "tuple_id" TEXT NOT NULL,
    "artifact_id" TEXT NOT NULL,
    "provenance" TEXT NOT NULL,
    "minted_at" TIMESTAMPTZ(3) NOT NULL,
    "deployment_record_id" TEXT NOT NULL DEFAULT '',
    "promotion_record_id" TEXT NOT NULL DEFAULT '',
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_release_tuple_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "launchplane_previews" (
    "preview_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "anchor_repo" TEXT NOT NULL,
    "anchor_pr_number" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_previews_pkey" PRIMARY KEY ("preview_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_generations" (
    "generation_id" TEXT NOT NULL,
    "preview_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "artifact_id" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "operation_id" TEXT,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_generations_pkey" PRIMARY KEY ("generation_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_enablements" (
    "record_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "anchor_repo" TEXT NOT NULL,
    "anchor_pr_number" INTEGER NOT NULL,
    "pr_state" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_enablements_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_inventory_scans" (
    "scan_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "preview_count" INTEGER NOT NULL,
    "scanned_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_inventory_scans_pkey" PRIMARY KEY ("scan_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_desired_states" (
    "desired_state_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "desired_count" INTEGER NOT NULL,
    "discovered_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_desired_states_pkey" PRIMARY KEY ("desired_state_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_lifecycle_plans" (
    "plan_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "inventory_scan_id" TEXT NOT NULL,
    "desired_state_id" TEXT NOT NULL,
    "planned_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_lifecycle_plans_pkey" PRIMARY KEY ("plan_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_lifecycle_cleanups" (
    "cleanup_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "apply" BOOLEAN NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_lifecycle_cleanups_pkey" PRIMARY KEY ("cleanup_id")
);

-- CreateTable
CREATE TABLE "launchplane_preview_pr_feedbacks" (
    "feedback_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "anchor_repo" TEXT NOT NULL,
    "anchor_pr_number" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "delivery_status" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_preview_pr_feedbacks_pkey" PRIMARY KEY ("feedback_id")
);

-- CreateTable
CREATE TABLE "launchplane_product_profiles" (
    "product" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_product_profiles_pkey" PRIMARY KEY ("product")
);

-- CreateTable
CREATE TABLE "launchplane_runtime_environments" (
    "scope" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "instance" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_runtime_environments_pkey" PRIMARY KEY ("scope","context","instance")
);

-- CreateTable
CREATE TABLE "launchplane_secrets" (
    "secret_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "integration" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "instance" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "current_version_id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_secrets_pkey" PRIMARY KEY ("secret_id")
);

-- CreateTable
CREATE TABLE "launchplane_secret_versions" (
    "version_id" TEXT NOT NULL,
    "secret_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_secret_versions_pkey" PRIMARY KEY ("version_id")
);

-- CreateTable
CREATE TABLE "launchplane_secret_bindings" (
    "binding_id" TEXT NOT NULL,
    "secret_id" TEXT NOT NULL,
    "integration" TEXT NOT NULL,
    "binding_key" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "instance" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_secret_bindings_pkey" PRIMARY KEY ("binding_id")
);

-- CreateTable
CREATE TABLE "launchplane_secret_audit_events" (
    "event_id" TEXT NOT NULL,
    "secret_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_secret_audit_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "launchplane_runtime_key_safety_policies" (
    "record_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "policy_sha256" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_runtime_key_safety_policies_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_private_health_endpoints" (
    "endpoint_key" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_private_health_endpoints_pkey" PRIMARY KEY ("endpoint_key")
);

-- CreateTable
CREATE TABLE "launchplane_edge_endpoints" (
    "endpoint_key" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "server_name" TEXT NOT NULL,
    "upstream_host" TEXT NOT NULL,
    "upstream_scheme" TEXT NOT NULL,
    "upstream_port" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_edge_endpoints_pkey" PRIMARY KEY ("endpoint_key")
);

-- CreateTable
CREATE TABLE "launchplane_ingress_canary_routes" (
    "canary_key" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "domain_name" TEXT NOT NULL,
    "expected_host_id" INTEGER NOT NULL,
    "edge_endpoint_key" TEXT NOT NULL,
    "certificate_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_ingress_canary_routes_pkey" PRIMARY KEY ("canary_key")
);

-- CreateTable
CREATE TABLE "launchplane_ingress_route_audits" (
    "record_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "provider_host_id" INTEGER,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_ingress_route_audits_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_provider_targets" (
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "target_category" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "provider_target_type" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_provider_targets_pkey" PRIMARY KEY ("context","instance")
);

-- CreateTable
CREATE TABLE "launchplane_dokploy_targets" (
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_dokploy_targets_pkey" PRIMARY KEY ("context","instance")
);

-- CreateTable
CREATE TABLE "launchplane_dokploy_target_ids" (
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_dokploy_target_ids_pkey" PRIMARY KEY ("context","instance")
);

-- CreateTable
CREATE TABLE "launchplane_odoo_instance_overrides" (
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_odoo_instance_overrides_pkey" PRIMARY KEY ("context","instance")
);

-- CreateTable
CREATE TABLE "launchplane_generic_web_rollback_plans" (
    "plan_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rollback_deployment_record_id" TEXT NOT NULL,
    "planned_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_generic_web_rollback_plans_pkey" PRIMARY KEY ("plan_id")
);

-- CreateTable
CREATE TABLE "launchplane_public_ingress_observations" (
    "record_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "check_name" TEXT NOT NULL,
    "check_kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failure_code" TEXT,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "operation_id" TEXT,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_public_ingress_observations_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_public_ingress_incidents" (
    "incident_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "check_name" TEXT NOT NULL,
    "check_kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "latest_observed_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_public_ingress_incidents_pkey" PRIMARY KEY ("incident_id")
);

-- CreateTable
CREATE TABLE "launchplane_notification_policies" (
    "policy_id" TEXT NOT NULL,
    "product" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL DEFAULT '',
    "instance" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_notification_policies_pkey" PRIMARY KEY ("policy_id")
);

-- CreateTable
CREATE TABLE "launchplane_notification_attempts" (
    "attempt_id" TEXT NOT NULL,
    "incident_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "destination_kind" TEXT NOT NULL,
    "delivery_status" TEXT NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_notification_attempts_pkey" PRIMARY KEY ("attempt_id")
);

-- CreateTable
CREATE TABLE "launchplane_authz_policies" (
    "record_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "policy_sha256" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_authz_policies_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_idempotency_records" (
    "record_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "route_path" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "response_status_code" INTEGER NOT NULL,
    "response_trace_id" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "launchplane_idempotency_records_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "launchplane_audit_events" (
    "event_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "product" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL DEFAULT '',
    "instance" TEXT NOT NULL DEFAULT '',
    "target_type" TEXT NOT NULL DEFAULT '',
    "target_id" TEXT NOT NULL DEFAULT '',
    "trace_id" TEXT NOT NULL DEFAULT '',
    "payload" JSONB NOT NULL,

    CONSTRAINT "launchplane_audit_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "launchplane_artifact_manifests_image_repository_image_diges_idx" ON "launchplane_artifact_manifests"("image_repository", "image_digest");

-- CreateIndex
CREATE INDEX "launchplane_artifact_manifests_source_commit_idx" ON "launchplane_artifact_manifests"("source_commit");

-- CreateIndex
CREATE INDEX "launchplane_artifact_manifests_product_stored_at_idx" ON "launchplane_artifact_manifests"("product", "stored_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_deployments_context_instance_occurred_at_record_idx" ON "launchplane_deployments"("context", "instance", "occurred_at" DESC, "record_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_deployments_artifact_id_idx" ON "launchplane_deployments"("artifact_id");

-- CreateIndex
CREATE INDEX "launchplane_deployments_product_occurred_at_idx" ON "launchplane_deployments"("product", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_deployments_operation_id_idx" ON "launchplane_deployments"("operation_id");

-- CreateIndex
CREATE INDEX "launchplane_promotions_context_to_instance_occurred_at_reco_idx" ON "launchplane_promotions"("context", "to_instance", "occurred_at" DESC, "record_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_promotions_context_from_instance_to_instance_idx" ON "launchplane_promotions"("context", "from_instance", "to_instance");

-- CreateIndex
CREATE INDEX "launchplane_promotions_deployment_record_id_idx" ON "launchplane_promotions"("deployment_record_id");

-- CreateIndex
CREATE INDEX "launchplane_promotions_backup_record_id_idx" ON "launchplane_promotions"("backup_record_id");

-- CreateIndex
CREATE INDEX "launchplane_promotions_artifact_id_idx" ON "launchplane_promotions"("artifact_id");

-- CreateIndex
CREATE INDEX "launchplane_promotions_product_occurred_at_idx" ON "launchplane_promotions"("product", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_promotions_operation_id_idx" ON "launchplane_promotions"("operation_id");

-- CreateIndex
CREATE INDEX "launchplane_backup_gates_context_instance_occurred_at_recor_idx" ON "launchplane_backup_gates"("context", "instance", "occurred_at" DESC, "record_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_backup_gates_product_occurred_at_idx" ON "launchplane_backup_gates"("product", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_backup_gates_operation_id_idx" ON "launchplane_backup_gates"("operation_id");

-- CreateIndex
CREATE INDEX "launchplane_inventories_product_idx" ON "launchplane_inventories"("product");

-- CreateIndex
CREATE INDEX "launchplane_inventories_artifact_id_idx" ON "launchplane_inventories"("artifact_id");

-- CreateIndex
CREATE INDEX "launchplane_release_tuples_artifact_id_idx" ON "launchplane_release_tuples"("artifact_id");

-- CreateIndex
CREATE INDEX "launchplane_release_tuples_product_idx" ON "launchplane_release_tuples"("product");

-- CreateIndex
CREATE UNIQUE INDEX "launchplane_release_tuples_tuple_id_key" ON "launchplane_release_tuples"("tuple_id");

-- CreateIndex
CREATE INDEX "launchplane_release_tuple_history_context_channel_minted_at_idx" ON "launchplane_release_tuple_history"("context", "channel", "minted_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_release_tuple_history_tuple_id_idx" ON "launchplane_release_tuple_history"("tuple_id");

-- CreateIndex
CREATE INDEX "launchplane_release_tuple_history_product_minted_at_idx" ON "launchplane_release_tuple_history"("product", "minted_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_previews_product_updated_at_idx" ON "launchplane_previews"("product", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_previews_product_state_updated_at_idx" ON "launchplane_previews"("product", "state", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_previews_context_state_idx" ON "launchplane_previews"("context", "state");

-- CreateIndex
CREATE UNIQUE INDEX "launchplane_previews_context_anchor_repo_anchor_pr_number_key" ON "launchplane_previews"("context", "anchor_repo", "anchor_pr_number");

-- CreateIndex
CREATE INDEX "launchplane_preview_generations_preview_id_state_sequence_idx" ON "launchplane_preview_generations"("preview_id", "state", "sequence" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_generations_artifact_id_idx" ON "launchplane_preview_generations"("artifact_id");

-- CreateIndex
CREATE INDEX "launchplane_preview_generations_product_requested_at_idx" ON "launchplane_preview_generations"("product", "requested_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "launchplane_preview_generations_preview_id_sequence_key" ON "launchplane_preview_generations"("preview_id", "sequence");

-- CreateIndex
CREATE INDEX "launchplane_preview_enablements_product_updated_at_idx" ON "launchplane_preview_enablements"("product", "updated_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "launchplane_preview_enablements_context_anchor_repo_anchor__key" ON "launchplane_preview_enablements"("context", "anchor_repo", "anchor_pr_number");

-- CreateIndex
CREATE INDEX "launchplane_preview_inventory_scans_context_scanned_at_scan_idx" ON "launchplane_preview_inventory_scans"("context", "scanned_at" DESC, "scan_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_inventory_scans_product_scanned_at_idx" ON "launchplane_preview_inventory_scans"("product", "scanned_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_desired_states_context_discovered_at_de_idx" ON "launchplane_preview_desired_states"("context", "discovered_at" DESC, "desired_state_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_desired_states_product_discovered_at_idx" ON "launchplane_preview_desired_states"("product", "discovered_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_lifecycle_plans_context_planned_at_idx" ON "launchplane_preview_lifecycle_plans"("context", "planned_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_lifecycle_plans_product_planned_at_idx" ON "launchplane_preview_lifecycle_plans"("product", "planned_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_lifecycle_cleanups_context_requested_at_idx" ON "launchplane_preview_lifecycle_cleanups"("context", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_lifecycle_cleanups_plan_id_idx" ON "launchplane_preview_lifecycle_cleanups"("plan_id");

-- CreateIndex
CREATE INDEX "launchplane_preview_lifecycle_cleanups_product_requested_at_idx" ON "launchplane_preview_lifecycle_cleanups"("product", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_pr_feedbacks_context_requested_at_idx" ON "launchplane_preview_pr_feedbacks"("context", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_pr_feedbacks_anchor_repo_anchor_pr_numb_idx" ON "launchplane_preview_pr_feedbacks"("anchor_repo", "anchor_pr_number", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_pr_feedbacks_product_requested_at_idx" ON "launchplane_preview_pr_feedbacks"("product", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_product_profiles_driver_id_product_idx" ON "launchplane_product_profiles"("driver_id", "product");

-- CreateIndex
CREATE INDEX "launchplane_product_profiles_repository_idx" ON "launchplane_product_profiles"("repository");

-- CreateIndex
CREATE INDEX "launchplane_runtime_environments_context_instance_idx" ON "launchplane_runtime_environments"("context", "instance");

-- CreateIndex
CREATE INDEX "launchplane_secrets_context_instance_idx" ON "launchplane_secrets"("context", "instance");

-- CreateIndex
CREATE UNIQUE INDEX "launchplane_secrets_scope_integration_name_context_instance_key" ON "launchplane_secrets"("scope", "integration", "name", "context", "instance");

-- CreateIndex
CREATE INDEX "launchplane_secret_versions_secret_id_created_at_idx" ON "launchplane_secret_versions"("secret_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_secret_bindings_context_instance_binding_key_idx" ON "launchplane_secret_bindings"("context", "instance", "binding_key");

-- CreateIndex
CREATE INDEX "launchplane_secret_bindings_secret_id_idx" ON "launchplane_secret_bindings"("secret_id");

-- CreateIndex
CREATE INDEX "launchplane_secret_audit_events_secret_id_recorded_at_idx" ON "launchplane_secret_audit_events"("secret_id", "recorded_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_secret_audit_events_event_type_recorded_at_idx" ON "launchplane_secret_audit_events"("event_type", "recorded_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_runtime_key_safety_policies_status_updated_at_idx" ON "launchplane_runtime_key_safety_policies"("status", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_private_health_endpoints_product_context_instan_idx" ON "launchplane_private_health_endpoints"("product", "context", "instance", "status");

-- CreateIndex
CREATE INDEX "launchplane_edge_endpoints_provider_status_idx" ON "launchplane_edge_endpoints"("provider", "status");

-- CreateIndex
CREATE INDEX "launchplane_ingress_canary_routes_product_context_status_idx" ON "launchplane_ingress_canary_routes"("product", "context", "status");

-- CreateIndex
CREATE INDEX "launchplane_ingress_canary_routes_edge_endpoint_key_idx" ON "launchplane_ingress_canary_routes"("edge_endpoint_key");

-- CreateIndex
CREATE INDEX "launchplane_ingress_route_audits_product_context_recorded_a_idx" ON "launchplane_ingress_route_audits"("product", "context", "recorded_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_provider_targets_provider_id_target_id_idx" ON "launchplane_provider_targets"("provider_id", "target_id");

-- CreateIndex
CREATE INDEX "launchplane_generic_web_rollback_plans_context_instance_pla_idx" ON "launchplane_generic_web_rollback_plans"("context", "instance", "planned_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_generic_web_rollback_plans_product_planned_at_idx" ON "launchplane_generic_web_rollback_plans"("product", "planned_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_observations_lane_idx" ON "launchplane_public_ingress_observations"("product", "context", "instance", "observed_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_observations_check_idx" ON "launchplane_public_ingress_observations"("product", "context", "instance", "check_name", "check_kind", "observed_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_incidents_product_status_opened__idx" ON "launchplane_public_ingress_incidents"("product", "status", "opened_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_incidents_product_opened_at_inci_idx" ON "launchplane_public_ingress_incidents"("product", "opened_at" DESC, "incident_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_incidents_opened_at_incident_id_idx" ON "launchplane_public_ingress_incidents"("opened_at" DESC, "incident_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_incidents_product_context_instan_idx" ON "launchplane_public_ingress_incidents"("product", "context", "instance", "status");

-- CreateIndex
CREATE INDEX "launchplane_notification_policies_product_context_instance__idx" ON "launchplane_notification_policies"("product", "context", "instance", "status");

-- CreateIndex
CREATE INDEX "launchplane_notification_attempts_incident_id_attempted_at_idx" ON "launchplane_notification_attempts"("incident_id", "attempted_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_authz_policies_status_updated_at_idx" ON "launchplane_authz_policies"("status", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_idempotency_records_expires_at_idx" ON "launchplane_idempotency_records"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "launchplane_idempotency_records_scope_route_path_idempotenc_key" ON "launchplane_idempotency_records"("scope", "route_path", "idempotency_key");

-- CreateIndex
CREATE INDEX "launchplane_audit_events_occurred_at_event_id_idx" ON "launchplane_audit_events"("occurred_at" DESC, "event_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_audit_events_product_occurred_at_idx" ON "launchplane_audit_events"("product", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_audit_events_product_actor_kind_occurred_at_eve_idx" ON "launchplane_audit_events"("product", "actor_kind", "occurred_at" DESC, "event_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_audit_events_target_type_target_id_idx" ON "launchplane_audit_events"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "launchplane_audit_events_actor_occurred_at_idx" ON "launchplane_audit_events"("actor", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_audit_events_action_occurred_at_idx" ON "launchplane_audit_events"("action", "occurred_at" DESC);


-- Invariants and indexes Prisma's schema language cannot express.

-- Exactly one active authorization policy at a time.
CREATE UNIQUE INDEX "launchplane_authz_policies_one_active" ON "launchplane_authz_policies" ("status") WHERE "status" = 'active';

-- At most one open incident per lane check.
CREATE UNIQUE INDEX "launchplane_public_ingress_incidents_one_open" ON "launchplane_public_ingress_incidents" ("product", "context", "instance", "check_name", "check_kind") WHERE "status" = 'open';

-- Exactly one active runtime key-safety policy.
CREATE UNIQUE INDEX "launchplane_runtime_key_safety_policies_one_active" ON "launchplane_runtime_key_safety_policies" ("status") WHERE "status" = 'active';

-- Rollbacks in product activity and lane timelines: a promotion whose
-- rollback was attempted, newest first per product, without reading every
-- promotion of the product (the predicate matches the activity query's).
CREATE INDEX "launchplane_promotions_rollback_idx" ON "launchplane_promotions" ("product", "occurred_at" DESC, "record_id" DESC)
  WHERE COALESCE(((payload -> 'rollback') ->> 'attempted')::boolean, false);
