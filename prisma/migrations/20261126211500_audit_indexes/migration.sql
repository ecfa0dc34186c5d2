-- CreateIndex
CREATE INDEX "launchplane_audit_events_product_actor_kind_occurred_at_eve_idx" ON "launchplane_audit_events"("product", "actor_kind", "occurred_at" DESC, "event_id" DESC);

-- CreateIndex
CREATE INDEX "launchplane_audit_events_target_type_target_id_idx" ON "launchplane_audit_events"("target_type", "target_id");

