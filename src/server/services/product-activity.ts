import type { ReadScope } from "@/server/auth/authorize";
import {
  type ProductActivityEvent,
  ProductActivityEventType,
  type ProductActivityPage,
  type ProductActivityRecordRef,
} from "@/server/contracts/product-activity";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import {
  ACTIVITY_KINDS,
  type ActivityPosition,
  type ActivityRow,
  productActivityRepository,
} from "@/server/repositories/product-activity-repository";
import { decodeCursor, encodeCursor, pageLimit } from "@/server/services/list-page";
import { readableProduct, readableProductContexts, requireProductProfile } from "@/server/services/product-read-access";

export interface ProductActivityQuery {
  /** Opaque cursor from a previous page's next_cursor. */
  cursor?: string | null;
  /** Page size, default 50, at most 200. */
  limit?: number;
  /** Only these event types (default: all). */
  kinds?: readonly ProductActivityEventType[];
  /** Only this lane instance; "preview" selects preview records. */
  lane?: string;
  /** Only records in contexts this scope may read; omit for trusted in-process callers. */
  scope?: ReadScope;
  /** The product's profile when the caller already read it. */
  profile?: ProductProfileRecord;
}

/**
 * A product's activity, newest first (GET /v1/products/{product}/activity):
 * deployments, promotions and rollbacks, backup gates, release tuple changes,
 * previews and their generations, desired states, cleanups, PR feedback,
 * public ingress incidents and audit events, over every context the product
 * owns or once owned (lanes, historical_contexts, preview context).
 *
 * Cursor-paginated on (occurred_at, kind, id) descending, so a walk over all
 * pages returns every item once even when many share a timestamp. Two
 * queries per page whatever the history size: the profile and one UNION ALL
 * statement. 404 for an unknown product, 403 when the scope reaches none of
 * its contexts; items in contexts outside the scope are left out.
 */
export async function readProductActivity(db: DbClient, product: string, query: ProductActivityQuery = {}): Promise<ProductActivityPage> {
  const limit = pageLimit(query.limit);
  const after = activityPosition(decodeCursor(query.cursor, isActivityCursor));
  const profile = await readableProduct(db, product, query.scope, "activity", query.profile);

  const rows = await productActivityRepository(db).page({
    product,
    contexts: readableProductContexts(profile, query.scope),
    kinds: query.kinds && query.kinds.length > 0 ? query.kinds : ACTIVITY_KINDS,
    lane: query.lane?.trim() || undefined,
    after,
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const events = page.map((row) => activityEvent(profile, row));
  const last = page.at(-1);
  return {
    items: events,
    next_cursor: rows.length > limit && last ? encodeCursor([last.occurred_at.toISOString(), last.kind, last.id]) : null,
    activity: {
      schema_version: 1,
      product: profile.product,
      display_name: profile.display_name,
      repository: profile.repository,
      driver_id: profile.driver_id,
      events,
    },
  };
}

/**
 * The console's lane timeline: the product's activity for one lane (404 when
 * the product has no such lane), optionally only some kinds.
 */
export async function readLaneTimeline(
  db: DbClient,
  product: string,
  instance: string,
  query: Omit<ProductActivityQuery, "lane"> = {},
): Promise<ProductActivityPage> {
  const profile = await requireProductProfile(db, product, query.profile);
  if (!profile.lanes.some((lane) => lane.instance === instance)) {
    throw new LaunchplaneError("not_found", `Product '${product}' has no environment '${instance}'.`);
  }
  return readProductActivity(db, product, { ...query, profile, lane: instance });
}

/** `?kind=` values (repeated and/or comma-separated); 400 for an unknown kind. */
export function parseActivityKinds(values: readonly string[]): ProductActivityEventType[] {
  const kinds = new Set<ProductActivityEventType>();
  for (const value of values.flatMap((entry) => entry.split(","))) {
    const kind = value.trim();
    if (!kind) continue;
    const parsed = ProductActivityEventType.safeParse(kind);
    if (!parsed.success) {
      throw new LaunchplaneError("invalid_request", `kind must be one of ${ProductActivityEventType.options.join(", ")}; got '${kind}'`);
    }
    kinds.add(parsed.data);
  }
  return [...kinds];
}

/** A page of activity ends at its last item: `[occurred_at, kind, id]`. */
function isActivityCursor(value: unknown): value is [string, string, string] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === "string")) return false;
  const [at, kind, id] = value as [string, string, string];
  return !Number.isNaN(new Date(at).getTime()) && (ACTIVITY_KINDS as readonly string[]).includes(kind) && id !== "";
}

function activityPosition(cursor: [string, string, string] | null): ActivityPosition | undefined {
  return cursor ? { occurredAt: new Date(cursor[0]), kind: cursor[1], id: cursor[2] } : undefined;
}

// ---------------------------------------------------------------------------
// Events (upstream ProductActivityEvent wording where upstream has the type)
// ---------------------------------------------------------------------------

function detailText(detail: Record<string, unknown>, key: string): string {
  const value = detail[key];
  return value === null || value === undefined ? "" : String(value);
}

function ref(recordType: string, recordId: string): ProductActivityRecordRef[] {
  return recordId ? [{ record_type: recordType, record_id: recordId }] : [];
}

interface EventText {
  action: string;
  title: string;
  summary: string;
  records: ProductActivityRecordRef[];
}

function activityEvent(profile: ProductProfileRecord, row: ActivityRow): ProductActivityEvent {
  const text = describe(profile, row);
  return {
    event_id: `${row.kind}:${row.id}`,
    event_type: row.kind,
    product: profile.product,
    context: row.context,
    environment: row.environment,
    driver_id: profile.driver_id,
    action_id: text.action,
    status: row.status,
    occurred_at: row.occurred_at.toISOString(),
    title: text.title,
    summary: text.summary,
    records: text.records,
    trust_state: "recorded",
  };
}

function describe(profile: ProductProfileRecord, row: ActivityRow): EventText {
  const display = profile.display_name;
  const { detail, context, environment, status, id } = row;
  const field = (key: string) => detailText(detail, key);
  switch (row.kind) {
    case "deployment":
      return {
        action: deployActionId(profile.driver_id, environment),
        title: `${display} ${environment} deployment`,
        summary: `Deployment ${status} for ${context}/${environment}.`,
        records: ref("deployment", id),
      };
    case "promotion":
    case "rollback": {
      const action = row.kind === "rollback" ? "prod_rollback" : "prod_promotion";
      return {
        action,
        title: `${display} ${environment} ${action.replace(/_/g, " ")}`,
        summary: `${field("from_instance")} to ${field("to_instance")} ${status}.`,
        records: [...ref("promotion", id), ...ref("deployment", field("deployment_record_id")), ...ref("backup_gate", field("backup_record_id"))],
      };
    }
    case "backup_gate":
      return {
        action: "prod_backup_gate",
        title: `${display} ${environment} backup gate`,
        summary: `Backup gate ${status} for ${context}/${environment}.`,
        records: ref("backup_gate", id),
      };
    case "release_tuple":
      return {
        action: "release_tuple",
        title: `${display} ${environment} release tuple`,
        summary: `Release tuple ${field("tuple_id")} (${status}) pins artifact ${field("artifact_id")}.`,
        records: [
          ...ref("release_tuple", field("tuple_id")),
          ...ref("deployment", field("deployment_record_id")),
          ...ref("promotion", field("promotion_record_id")),
        ],
      };
    case "incident":
      return {
        action: "public_ingress_incident",
        title: `${display} ${environment} incident ${status}`,
        summary: `${field("check_name")} (${field("check_kind")}): ${field("summary")}`,
        records: ref("public_ingress_incident", id),
      };
    case "audit": {
      const target = field("target_type") ? ` on ${field("target_type")} ${field("target_id")}` : "";
      return {
        action: field("action"),
        title: `${display} ${field("action")}`,
        summary: `${field("actor")} (${field("actor_kind")}) ${field("action")}${target}.`,
        records: [...ref("audit_event", id), ...ref(field("target_type"), field("target_id"))],
      };
    }
    case "preview":
      return {
        action: status === "destroyed" ? "preview_destroy" : "preview_refresh",
        title: `${display} preview ${status}`,
        summary: field("preview_label"),
        records: ref("preview", id),
      };
    case "preview_generation":
      return {
        action: "preview_refresh",
        title: `${display} preview generation ${status}`,
        summary: `Generation ${field("sequence")} of ${field("preview_id")} (health ${field("overall_health_status")}).`,
        records: [...ref("preview_generation", id), ...ref("preview", field("preview_id"))],
      };
    case "preview_desired_state":
      return {
        action: "preview_desired_state",
        title: `${display} preview desired state`,
        summary: `${field("desired_count")} desired preview(s).`,
        records: ref("preview_desired_state", id),
      };
    case "preview_cleanup":
      return {
        action: "preview_destroy",
        title: `${display} preview cleanup`,
        summary: `Preview cleanup ${status}${detail.apply === true ? " (apply)" : " (report only)"}.`,
        records: [...ref("preview_lifecycle_cleanup", id), ...ref("preview_lifecycle_plan", field("plan_id"))],
      };
    case "preview_pr_feedback":
      return {
        action: "preview_pr_feedback",
        title: `${display} preview PR feedback`,
        summary: `${field("anchor_repo")}#${field("anchor_pr_number")} ${status} (${field("delivery_status")}).`,
        records: ref("preview_pr_feedback", id),
      };
  }
}

/** Upstream: VeriReel names its stable deploys per lane; every other driver's is `stable_deploy`. */
function deployActionId(driverId: string, instance: string): string {
  if (driverId === "verireel" && (instance === "testing" || instance === "prod")) return `${instance}_deploy`;
  return "stable_deploy";
}
