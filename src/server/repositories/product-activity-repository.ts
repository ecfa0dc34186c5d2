import type { DbClient } from "@/server/repositories/db-client";
import { Prisma } from "@/generated/prisma/client";
import { ProductActivityEventType } from "@/server/contracts/product-activity";

/** The record families the activity feed reads (its event types); each becomes one or two branches of the union. */
export const ACTIVITY_KINDS = ProductActivityEventType.options;
export type ActivityKind = ProductActivityEventType;

export const PREVIEW_ENVIRONMENT = "preview";

/** A position in the feed: items strictly after it are older, or equally old and ordered after it. */
export interface ActivityPosition {
  occurredAt: Date;
  kind: string;
  id: string;
}

export interface ActivityQuery {
  product: string;
  /** Only records in these contexts (the product's readable contexts). */
  contexts: readonly string[];
  kinds: readonly ActivityKind[];
  /** Only this lane instance (or, for "preview", preview records). */
  lane?: string;
  after?: ActivityPosition;
  take: number;
}

export interface ActivityRow {
  kind: ActivityKind;
  id: string;
  occurred_at: Date;
  context: string;
  environment: string;
  status: string;
  /** The few promoted or payload fields the event's title and links need. */
  detail: Record<string, unknown>;
}

interface Branch {
  kind: ActivityKind;
  /** FROM clause, with the alias `r` for the row that carries product/context/time. */
  from: Prisma.Sql;
  id: Prisma.Sql;
  time: Prisma.Sql;
  context: Prisma.Sql;
  /** Column compared with a lane filter; null for preview records. */
  lane: Prisma.Sql | null;
  environment: Prisma.Sql;
  status: Prisma.Sql;
  detail: Prisma.Sql;
  where?: Prisma.Sql;
}

const ROLLBACK_ATTEMPTED = Prisma.sql`COALESCE((r.payload->'rollback'->>'attempted')::boolean, false)`;

function promotionDetail(extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`jsonb_build_object('from_instance', r.from_instance, 'to_instance', r.to_instance, 'artifact_id', r.artifact_id,
    'deployment_record_id', r.deployment_record_id, 'backup_record_id', r.backup_record_id ${extra})`;
}

function incidentBranch(status: "open" | "resolved"): Branch {
  return {
    kind: "incident",
    from: Prisma.sql`launchplane_public_ingress_incidents r`,
    id: Prisma.sql`r.incident_id`,
    time: Prisma.sql`r.opened_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.instance`,
    environment: Prisma.sql`r.instance`,
    status: Prisma.sql`r.status`,
    detail: Prisma.sql`jsonb_build_object('check_name', r.check_name, 'check_kind', r.check_kind,
      'resolved_at', r.payload->>'resolved_at', 'summary', r.payload->>'summary')`,
    // One branch per status so each walks the (product, status, opened_at) index in order.
    where: Prisma.sql`AND r.status = ${status}`,
  };
}

const BRANCHES: readonly Branch[] = [
  {
    kind: "deployment",
    from: Prisma.sql`launchplane_deployments r`,
    id: Prisma.sql`r.record_id`,
    time: Prisma.sql`r.occurred_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.instance`,
    environment: Prisma.sql`r.instance`,
    status: Prisma.sql`r.deploy_status`,
    detail: Prisma.sql`jsonb_build_object('artifact_id', r.artifact_id, 'source_git_ref', r.source_git_ref)`,
  },
  {
    kind: "promotion",
    from: Prisma.sql`launchplane_promotions r`,
    id: Prisma.sql`r.record_id`,
    time: Prisma.sql`r.occurred_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.to_instance`,
    environment: Prisma.sql`r.to_instance`,
    status: Prisma.sql`r.deploy_status`,
    detail: promotionDetail(),
    where: Prisma.sql`AND NOT ${ROLLBACK_ATTEMPTED}`,
  },
  {
    kind: "rollback",
    from: Prisma.sql`launchplane_promotions r`,
    id: Prisma.sql`r.record_id`,
    time: Prisma.sql`r.occurred_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.to_instance`,
    environment: Prisma.sql`r.to_instance`,
    status: Prisma.sql`COALESCE(r.payload->'rollback'->>'status', '')`,
    detail: promotionDetail(
      Prisma.sql`, 'rollback_started_at', r.payload->'rollback'->>'started_at', 'rollback_finished_at', r.payload->'rollback'->>'finished_at',
        'rollback_deployment_record_id', r.payload->'rollback'->>'deployment_record_id'`,
    ),
    where: Prisma.sql`AND ${ROLLBACK_ATTEMPTED}`,
  },
  {
    kind: "backup_gate",
    from: Prisma.sql`launchplane_backup_gates r`,
    id: Prisma.sql`r.record_id`,
    time: Prisma.sql`r.occurred_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.instance`,
    environment: Prisma.sql`r.instance`,
    status: Prisma.sql`r.status`,
    detail: Prisma.sql`jsonb_build_object('required', r.required)`,
  },
  {
    kind: "release_tuple",
    from: Prisma.sql`launchplane_release_tuple_history r`,
    id: Prisma.sql`r.id::text`,
    time: Prisma.sql`r.minted_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.channel`,
    environment: Prisma.sql`r.channel`,
    status: Prisma.sql`r.provenance`,
    detail: Prisma.sql`jsonb_build_object('tuple_id', r.tuple_id, 'artifact_id', r.artifact_id, 'deployment_record_id', r.deployment_record_id,
      'promotion_record_id', r.promotion_record_id, 'promoted_from_channel', r.payload->>'promoted_from_channel')`,
  },
  incidentBranch("open"),
  incidentBranch("resolved"),
  {
    kind: "audit",
    from: Prisma.sql`launchplane_audit_events r`,
    id: Prisma.sql`r.event_id`,
    time: Prisma.sql`r.occurred_at`,
    context: Prisma.sql`r.context`,
    lane: Prisma.sql`r.instance`,
    environment: Prisma.sql`r.instance`,
    status: Prisma.sql`'recorded'::text`,
    detail: Prisma.sql`jsonb_build_object('action', r.action, 'actor', r.actor, 'actor_kind', r.actor_kind,
      'target_type', r.target_type, 'target_id', r.target_id)`,
    // Operator actions only: a workflow's writes already appear as the records they wrote.
    where: Prisma.sql`AND r.actor_kind = 'operator'`,
  },
  {
    kind: "preview",
    from: Prisma.sql`launchplane_previews r`,
    id: Prisma.sql`r.preview_id`,
    time: Prisma.sql`r.updated_at`,
    context: Prisma.sql`r.context`,
    lane: null,
    environment: Prisma.sql`${PREVIEW_ENVIRONMENT}::text`,
    status: Prisma.sql`r.state`,
    detail: Prisma.sql`jsonb_build_object('preview_label', r.payload->>'preview_label', 'anchor_repo', r.anchor_repo,
      'anchor_pr_number', r.anchor_pr_number)`,
  },
  {
    kind: "preview_generation",
    // Generations carry no context of their own: it is their preview's.
    from: Prisma.sql`launchplane_preview_generations r JOIN launchplane_previews p ON p.preview_id = r.preview_id`,
    id: Prisma.sql`r.generation_id`,
    time: Prisma.sql`r.requested_at`,
    context: Prisma.sql`p.context`,
    lane: null,
    environment: Prisma.sql`${PREVIEW_ENVIRONMENT}::text`,
    status: Prisma.sql`r.state`,
    detail: Prisma.sql`jsonb_build_object('preview_id', r.preview_id, 'sequence', r.sequence, 'artifact_id', r.artifact_id,
      'overall_health_status', r.payload->>'overall_health_status')`,
  },
  {
    kind: "preview_desired_state",
    from: Prisma.sql`launchplane_preview_desired_states r`,
    id: Prisma.sql`r.desired_state_id`,
    time: Prisma.sql`r.discovered_at`,
    context: Prisma.sql`r.context`,
    lane: null,
    environment: Prisma.sql`${PREVIEW_ENVIRONMENT}::text`,
    status: Prisma.sql`r.status`,
    detail: Prisma.sql`jsonb_build_object('desired_count', r.desired_count, 'repository', r.repository)`,
  },
  {
    kind: "preview_cleanup",
    from: Prisma.sql`launchplane_preview_lifecycle_cleanups r`,
    id: Prisma.sql`r.cleanup_id`,
    time: Prisma.sql`r.requested_at`,
    context: Prisma.sql`r.context`,
    lane: null,
    environment: Prisma.sql`${PREVIEW_ENVIRONMENT}::text`,
    status: Prisma.sql`r.status`,
    detail: Prisma.sql`jsonb_build_object('plan_id', r.plan_id, 'apply', r.apply)`,
  },
  {
    kind: "preview_pr_feedback",
    from: Prisma.sql`launchplane_preview_pr_feedbacks r`,
    id: Prisma.sql`r.feedback_id`,
    time: Prisma.sql`r.requested_at`,
    context: Prisma.sql`r.context`,
    lane: null,
    environment: Prisma.sql`${PREVIEW_ENVIRONMENT}::text`,
    status: Prisma.sql`r.status`,
    detail: Prisma.sql`jsonb_build_object('anchor_repo', r.anchor_repo, 'anchor_pr_number', r.anchor_pr_number,
      'delivery_status', r.delivery_status)`,
  },
];

/**
 * Keyset condition of one branch. The kind is constant within a branch, so
 * the (occurred_at, kind, id) comparison reduces to a time bound plus, for the
 * cursor's own kind, an id tie-break. Kinds are ASCII, so JavaScript's string
 * order equals the "C" collation the SQL orders by.
 */
function keyset(branch: Branch, after: ActivityPosition | undefined): Prisma.Sql {
  if (!after) return Prisma.empty;
  const at = Prisma.sql`${after.occurredAt}::timestamptz`;
  if (branch.kind > after.kind) return Prisma.sql`AND ${branch.time} < ${at}`;
  if (branch.kind < after.kind) return Prisma.sql`AND ${branch.time} <= ${at}`;
  return Prisma.sql`AND ${branch.time} <= ${at} AND (${branch.time} < ${at} OR ${branch.id} COLLATE "C" < ${after.id})`;
}

/** A product's activity feed: every record family of the product as one newest-first stream. */
export function productActivityRepository(db: DbClient) {
  return {
    /**
     * One page of the feed in ONE statement: a UNION ALL of one ordered,
     * limited scan per family, each on its (product, time) index and cut at
     * `take` rows before the merge, so the cost is bounded by `take` times the
     * number of families whatever the history size. Ordered by (occurred_at,
     * kind, id) descending, the keyset the cursor carries.
     */
    async page(query: ActivityQuery): Promise<ActivityRow[]> {
      if (query.contexts.length === 0) return [];
      const contexts = [...query.contexts];
      const selected = new Set(query.kinds);
      const parts = BRANCHES.filter((branch) => selected.has(branch.kind))
        .filter((branch) => branch.lane !== null || query.lane === undefined || query.lane === PREVIEW_ENVIRONMENT)
        .map((branch) => {
          const lane = branch.lane && query.lane !== undefined ? Prisma.sql`AND ${branch.lane} = ${query.lane}` : Prisma.empty;
          return Prisma.sql`(
            SELECT ${branch.kind}::text AS kind, ${branch.id} AS id, ${branch.time} AS occurred_at, ${branch.context} AS context,
                   ${branch.environment} AS environment, ${branch.status} AS status, ${branch.detail} AS detail
              FROM ${branch.from}
             WHERE r.product = ${query.product} AND ${branch.context} = ANY(${contexts}::text[])
                   ${branch.where ?? Prisma.empty} ${lane} ${keyset(branch, query.after)}
             ORDER BY ${branch.time} DESC, ${branch.id} COLLATE "C" DESC
             LIMIT ${query.take})`;
        });
      if (parts.length === 0) return [];
      return db.$queryRaw<ActivityRow[]>`
        SELECT kind, id, occurred_at, context, environment, status, detail
          FROM (${Prisma.join(parts, " UNION ALL ")}) AS activity
         ORDER BY occurred_at DESC, kind COLLATE "C" DESC, id COLLATE "C" DESC
         LIMIT ${query.take}`;
    },
  };
}

export type ProductActivityRepository = ReturnType<typeof productActivityRepository>;
