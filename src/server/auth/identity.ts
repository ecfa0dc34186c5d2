import { workflowIdempotencyScope } from "@/server/contracts/idempotency-record";

/**
 * Who is asking. Workflows (GitHub Actions OIDC) and operators (GitHub login)
 * are both identities; `authorize` answers for both.
 */
export interface WorkflowIdentity {
  kind: "workflow";
  repository: string;
  repository_owner: string;
  workflow_ref: string;
  job_workflow_ref: string;
  ref: string;
  ref_type: string;
  event_name: string;
  environment: string;
  sub: string;
  sha: string;
  run_id: string;
}

export type OperatorRole = "read_only" | "admin";

export interface OperatorIdentity {
  kind: "operator";
  login: string;
  organizations: string[];
  teams: string[];
}

export type Identity = WorkflowIdentity | OperatorIdentity;

/** The idempotency scope of an identity (upstream's scope for workflows). */
export function identityScope(identity: Identity): string {
  return identity.kind === "workflow" ? workflowIdempotencyScope(identity) : `operator|${identity.login}`;
}

/** A short human-readable actor for audit trails. */
export function identityLabel(identity: Identity): string {
  return identity.kind === "workflow" ? `${identity.repository} (${identity.workflow_ref})` : identity.login;
}
