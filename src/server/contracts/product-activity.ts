// Product activity: a product's records as one newest-first feed. Event fields mirror upstream
// ProductActivityEvent (control_plane/contracts/product_environment_read_model.py); the
// release_tuple, preview_generation, incident and audit event types are this project's
// extensions. A read model, never stored.
import { z } from "zod";

export const ProductActivityEventType = z.enum([
  "audit",
  "backup_gate",
  "deployment",
  "incident",
  "preview",
  "preview_cleanup",
  "preview_desired_state",
  "preview_generation",
  "preview_pr_feedback",
  "promotion",
  "release_tuple",
  "rollback",
]);
export type ProductActivityEventType = z.infer<typeof ProductActivityEventType>;

export const ProductActivityRecordRef = z.strictObject({
  record_type: z.string(),
  record_id: z.string(),
});
export type ProductActivityRecordRef = z.output<typeof ProductActivityRecordRef>;

export const ProductActivityEvent = z.strictObject({
  /** `<event_type>:<id>`; the id is the record's (a history row id for release tuples). */
  event_id: z.string(),
  event_type: ProductActivityEventType,
  product: z.string(),
  context: z.string(),
  /** The lane instance; "preview" for preview records; "" for product-wide audit events. */
  environment: z.string(),
  driver_id: z.string(),
  action_id: z.string(),
  status: z.string(),
  occurred_at: z.string(),
  title: z.string(),
  summary: z.string(),
  records: z.array(ProductActivityRecordRef),
  trust_state: z.literal("recorded"),
});
export type ProductActivityEvent = z.output<typeof ProductActivityEvent>;

/** Upstream ProductActivityReadModel (one page of events here). */
export const ProductActivityReadModel = z.strictObject({
  schema_version: z.literal(1),
  product: z.string(),
  display_name: z.string(),
  repository: z.string(),
  driver_id: z.string(),
  events: z.array(ProductActivityEvent),
});
export type ProductActivityReadModel = z.output<typeof ProductActivityReadModel>;

/** One page: DECISIONS 4 list keys, plus upstream's `activity` for existing clients. */
export const ProductActivityPage = z.strictObject({
  items: z.array(ProductActivityEvent),
  next_cursor: z.string().nullable(),
  activity: ProductActivityReadModel,
});
export type ProductActivityPage = z.output<typeof ProductActivityPage>;
