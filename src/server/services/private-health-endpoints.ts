import { canonicalJson } from "@/server/contracts/canonical-json";
import {
  PrivateHealthEndpointApplyRequest,
  PrivateHealthEndpointLookup,
  type PrivateHealthEndpointRecord,
  privateHealthEndpointUrlError,
  resolvePrivateHealthEndpoint,
} from "@/server/contracts/private-health-endpoint";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import type { DbClient } from "@/server/repositories/db-client";
import { privateHealthEndpointRepository } from "@/server/repositories/private-health-endpoint-repository";
import { parseContract } from "@/server/services/contract-input";
import { requireTimestamp } from "@/server/services/record-timestamp";

export type PrivateHealthEndpointAction = "create" | "update" | "unchanged";

export interface PrivateHealthEndpointApplyResult {
  mode: "dry-run" | "apply";
  /** What the apply does (dry-run) or did (apply). */
  action: PrivateHealthEndpointAction;
  applied: boolean;
  endpoint: PrivateHealthEndpointRecord;
  previous: PrivateHealthEndpointRecord | null;
}

/**
 * POST /v1/private-health-endpoints/apply. Dry-run (the default) reports what would change and
 * writes nothing; apply needs a reason and the exact confirmation text (contract). Both refuse:
 *  - a URL that is not private/internal (public DNS names, public IPs, non-HTTP URLs);
 *  - an endpoint_key already owned by another product/context/instance (record_conflict). The
 *    refusal does not name the owner: the caller is only authorized for its own lane.
 * The apply is one conditional upsert, so two lanes racing for a new key cannot both win.
 */
export async function applyPrivateHealthEndpoint(db: DbClient, input: unknown): Promise<PrivateHealthEndpointApplyResult> {
  const request = parseContract(PrivateHealthEndpointApplyRequest, input, "private health endpoint apply request");
  const endpoint = request.endpoint;
  const urlError = privateHealthEndpointUrlError(endpoint.url);
  if (urlError) throw new LaunchplaneError("invalid_request", urlError);
  requireTimestamp(endpoint.updated_at, "private health endpoint updated_at");

  const endpoints = privateHealthEndpointRepository(db);
  const previous = await endpoints.find(endpoint.endpoint_key);
  if (previous && !sameLane(previous, endpoint)) throw keyConflict(endpoint.endpoint_key);
  const action: PrivateHealthEndpointAction = !previous
    ? "create"
    : canonicalJson(previous) === canonicalJson(endpoint)
      ? "unchanged"
      : "update";
  if (request.mode !== "apply" || action === "unchanged") {
    return { mode: request.mode, action, applied: false, endpoint, previous };
  }
  if (!(await endpoints.upsertWithinScope(endpoint))) throw keyConflict(endpoint.endpoint_key);
  void publishRecordEvent({
    kind: "private_health_endpoint",
    product: endpoint.product,
    id: endpoint.endpoint_key,
    context: endpoint.context,
    instance: endpoint.instance,
  });
  return { mode: request.mode, action, applied: true, endpoint, previous };
}

/** GET /v1/private-health-endpoints/records: filtered by product/context/instance, by key. */
export async function listPrivateHealthEndpoints(
  db: DbClient,
  filter: { product?: string; context?: string; instance?: string; status?: "active" | "disabled" } = {},
): Promise<PrivateHealthEndpointRecord[]> {
  return privateHealthEndpointRepository(db).list(filter);
}

/**
 * The URL a profile private_http check monitors: fails closed (with the reason) when the
 * record is missing, disabled or belongs to another product/lane.
 */
export async function resolvePrivateHealthEndpointForLane(db: DbClient, lookup: unknown) {
  const parsed = parseContract(PrivateHealthEndpointLookup, lookup, "private health endpoint lookup");
  const record = await privateHealthEndpointRepository(db).find(parsed.endpoint_key);
  return resolvePrivateHealthEndpoint(parsed, record);
}

function sameLane(left: PrivateHealthEndpointRecord, right: PrivateHealthEndpointRecord): boolean {
  return left.product === right.product && left.context === right.context && left.instance === right.instance;
}

function keyConflict(endpointKey: string): LaunchplaneError {
  return new LaunchplaneError(
    "record_conflict",
    `Private health endpoint key '${endpointKey}' is already owned by another product lane.`,
  );
}
