/**
 * The incident list's filters as URL search parameters, so every view has a
 * stable, shareable URL (`/incidents?status=open&product=x&lane=ctx/prod`).
 */
export type IncidentStatusFilter = "open" | "resolved" | "all";

export interface IncidentFilters {
  status: IncidentStatusFilter;
  product?: string;
  context?: string;
  instance?: string;
}

type Params = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(params: Params, name: string): string | undefined {
  if (typeof (params as { get?: unknown }).get === "function") return (params as { get(name: string): string | null }).get(name) ?? undefined;
  const value = (params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

export function incidentFilters(params: Params, fixedProduct?: string): IncidentFilters {
  const status = read(params, "status");
  const lane = read(params, "lane")?.trim() ?? "";
  const slash = lane.indexOf("/");
  const product = fixedProduct ?? (read(params, "product")?.trim() || undefined);
  return {
    status: status === "resolved" || status === "all" ? status : "open",
    product,
    ...(product && slash > 0 ? { context: lane.slice(0, slash), instance: lane.slice(slash + 1) } : {}),
  };
}

/** The procedure input for these filters (the same on the server prefetch and in the browser). */
export function incidentListInput(filters: IncidentFilters) {
  return {
    ...(filters.product ? { product: filters.product } : {}),
    ...(filters.context ? { context: filters.context } : {}),
    ...(filters.instance ? { instance: filters.instance } : {}),
    ...(filters.status === "all" ? {} : { status: filters.status }),
    limit: 20,
  };
}
