/** The audit list's filters as URL search parameters (`/audit?actor=&product=&action=&actor_kind=`). */
export type AuditFilterParams = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export const ACTOR_KINDS = ["workflow", "operator", "system"] as const;

function read(params: AuditFilterParams, name: string): string {
  if (typeof (params as { get?: unknown }).get === "function") return (params as { get(name: string): string | null }).get(name)?.trim() ?? "";
  const value = (params as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/** The procedure input for the URL's filters (the same on the server prefetch and in the browser). */
export function auditListInput(params: AuditFilterParams) {
  const kind = read(params, "actor_kind");
  return {
    ...(read(params, "actor") ? { actor: read(params, "actor") } : {}),
    ...(read(params, "product") ? { product: read(params, "product") } : {}),
    ...(read(params, "action") ? { action: read(params, "action") } : {}),
    ...(ACTOR_KINDS.includes(kind as (typeof ACTOR_KINDS)[number]) ? { actorKind: kind as (typeof ACTOR_KINDS)[number] } : {}),
    limit: 50,
  };
}

