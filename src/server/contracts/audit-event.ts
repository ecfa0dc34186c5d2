// Audit trail: who (workflow, operator or the service itself) did what to which record, and why.
// Ours, not an upstream family: upstream kept audit metadata inside each record's payload.
import { z } from "zod";

import { humanRole } from "./authz-policy";
import { nonBlank, recordId, timestamp } from "./primitives";

export const auditActorKind = z.enum(["workflow", "operator", "system"]);
export type AuditActorKind = z.infer<typeof auditActorKind>;

/** The identity facts an audit event keeps: never raw token claims, never credentials. */
export const AuditActor = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("workflow"),
    repository: z.string(),
    workflow_ref: z.string(),
    job_workflow_ref: z.string(),
    ref: z.string(),
    event_name: z.string(),
    environment: z.string(),
    sha: z.string(),
    run_id: z.string(),
    sub: z.string(),
  }),
  z.strictObject({
    kind: z.literal("operator"),
    login: z.string(),
    role: humanRole.optional(),
  }),
  /** Work the service does on its own behalf (start-up seeding, scheduled jobs). */
  z.strictObject({
    kind: z.literal("system"),
    name: nonBlank("system actor name"),
  }),
]);
export type AuditActor = z.output<typeof AuditActor>;

export const AuditEvent = z.strictObject({
  schema_version: z.number().int().min(1).default(1),
  event_id: recordId,
  occurred_at: timestamp,
  actor: AuditActor,
  action: nonBlank("audit event action"),
  product: z.string().default(""),
  context: z.string().default(""),
  instance: z.string().default(""),
  target_type: z.string().default(""),
  target_id: z.string().default(""),
  trace_id: z.string().default(""),
  /** Non-secret detail; keys that may carry secret material are removed before storage. */
  detail: z.record(z.string(), z.unknown()).default(() => ({})),
  /** Paths of detail keys that were removed because they may carry secret material. */
  redacted_keys: z.array(z.string()).default(() => []),
});
export type AuditEvent = z.output<typeof AuditEvent>;

/** The filterable actor column: a workflow's repository, an operator's login, `system:<name>`. */
export function auditActorName(actor: AuditActor): string {
  if (actor.kind === "workflow") return actor.repository;
  if (actor.kind === "operator") return actor.login;
  return `system:${actor.name}`;
}
