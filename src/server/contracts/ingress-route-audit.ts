// Ingress route audit: pending/planned/applied/unchanged evidence of an ingress provider plan or apply.
// Mirrors upstream control_plane/contracts/ingress_route_audit_record.py.
import { z } from "zod";

import { sha256Hex, canonicalJson } from "./canonical-json";
import { nonBlank, recordId, schemaVersion, timestamp } from "./primitives";

export const ingressRouteAuditMode = z.enum(["dry-run", "apply"]);
export type IngressRouteAuditMode = z.infer<typeof ingressRouteAuditMode>;

export const ingressRouteAuditStatus = z.enum(["pending", "planned", "applied", "unchanged"]);
export type IngressRouteAuditStatus = z.infer<typeof ingressRouteAuditStatus>;

export const ingressRouteTlsOwner = z.enum(["launchplane", "provider", "external", "none", "unknown"]);
export type IngressRouteTlsOwner = z.infer<typeof ingressRouteTlsOwner>;

/** Trim + lower-case, drop blanks, de-duplicate keeping first occurrence. */
const lowerDistinct = (values: string[]) => [
  ...new Set(values.map((value) => value.trim().toLowerCase()).filter((value) => value !== "")),
];

export const IngressRouteAuditOperation = z.strictObject({
  action: z.string(),
  host_id: z.number().int().min(1).nullish(),
  domain_names: z.array(z.string()),
  requires_apply: z.boolean(),
  change_categories: z
    .array(z.string())
    .default(() => [])
    .transform(lowerDistinct),
});
export type IngressRouteAuditOperation = z.output<typeof IngressRouteAuditOperation>;

export const IngressRouteAuditRecordFields = z.strictObject({
  schema_version: schemaVersion,
  record_id: recordId,
  product: nonBlank("ingress route audit product").trim(),
  context: nonBlank("ingress route audit context").trim(),
  provider: nonBlank("ingress route audit provider").trim().default("npmplus"),
  mode: ingressRouteAuditMode,
  status: ingressRouteAuditStatus,
  dry_run: z.boolean(),
  requested_domains: z.array(z.string()).transform(lowerDistinct),
  edge_endpoint_key: z.string().trim().default(""),
  tls_owner: ingressRouteTlsOwner.default("unknown"),
  provider_certificate_ref: z.string().trim().default(""),
  expected_host_id: z.number().int().min(1).nullish(),
  provider_host_id: z.number().int().min(1).nullish(),
  operations: z.array(IngressRouteAuditOperation),
  trace_id: nonBlank("ingress route audit trace_id").trim(),
  idempotency_key: z.string().trim().default(""),
  reason: nonBlank("ingress route audit reason").trim(),
  recorded_at: timestamp,
});

export const IngressRouteAuditRecord = IngressRouteAuditRecordFields.superRefine((value, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if ((value.tls_owner === "none" || value.tls_owner === "unknown") && value.provider_certificate_ref) {
    issue("provider_certificate_ref", "ingress route audit without managed TLS cannot include a provider certificate");
  }
  if (value.requested_domains.length === 0) issue("requested_domains", "ingress route audit requires requested_domains");
  if (value.operations.length === 0) issue("operations", "ingress route audit requires operations");
  if (value.mode === "dry-run" && !value.dry_run) issue("dry_run", "dry-run ingress audit must have dry_run=true");
  if (value.mode === "apply" && value.dry_run) issue("dry_run", "apply ingress audit must have dry_run=false");
});
export type IngressRouteAuditRecord = z.output<typeof IngressRouteAuditRecord>;

/**
 * Upstream `build_ingress_route_audit_record_id`:
 * `ingress-route-audit-<trace_id>-<16 hex of sha256({trace_id, product, context, sorted domains})>`.
 */
export function buildIngressRouteAuditRecordId(input: {
  trace_id: string;
  product: string;
  context: string;
  domains: readonly string[];
}): string {
  const traceId = input.trace_id.trim();
  if (!traceId) throw new Error("ingress route audit id requires trace_id");
  const domains = input.domains
    .map((domain) => domain.trim().toLowerCase())
    .filter((domain) => domain !== "")
    .sort();
  const material = canonicalJson({
    trace_id: traceId,
    product: input.product.trim(),
    context: input.context.trim(),
    domains,
  });
  return `ingress-route-audit-${traceId}-${sha256Hex(material).slice(0, 16)}`;
}
