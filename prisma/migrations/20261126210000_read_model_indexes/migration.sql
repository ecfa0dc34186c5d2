-- CreateIndex
CREATE UNIQUE INDEX "launchplane_release_tuples_tuple_id_key" ON "launchplane_release_tuples"("tuple_id");

-- CreateIndex
CREATE INDEX "launchplane_previews_product_state_updated_at_idx" ON "launchplane_previews"("product", "state", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "launchplane_preview_generations_preview_id_state_sequence_idx" ON "launchplane_preview_generations"("preview_id", "state", "sequence" DESC);

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_incidents_product_opened_at_inci_idx" ON "launchplane_public_ingress_incidents"("product", "opened_at" DESC, "incident_id" DESC);

