-- Rollbacks in product activity and lane timelines: a promotion whose
-- rollback was attempted, newest first per product, without reading every
-- promotion of the product (the predicate matches the activity query's).
CREATE INDEX "launchplane_promotions_rollback_idx" ON "launchplane_promotions" ("product", "occurred_at" DESC, "record_id" DESC)
  WHERE COALESCE(((payload -> 'rollback') ->> 'attempted')::boolean, false);
