-- CreateIndex
CREATE INDEX "launchplane_promotions_artifact_id_idx" ON "launchplane_promotions"("artifact_id");

-- CreateIndex
CREATE INDEX "launchplane_release_tuple_history_tuple_id_idx" ON "launchplane_release_tuple_history"("tuple_id");

-- CreateIndex
CREATE INDEX "launchplane_public_ingress_incidents_opened_at_incident_id_idx" ON "launchplane_public_ingress_incidents"("opened_at" DESC, "incident_id" DESC);

