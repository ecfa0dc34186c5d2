// Ingress canary route: stored route authority (domain, provider host guard, certificate, edge endpoint) for canary applies.
// Mirrors upstream control_plane/contracts/ingress_canary_route_record.py.
import { z } from "zod";

import { nonBlank, schemaVersion, timestamp } from "./primitives";

export const ingressCanaryRouteStatus = z.enum(["active", "disabled"]);
export type IngressCanaryRouteStatus = z.infer<typeof ingressCanaryRouteStatus>;

/** A single path-safe segment: no whitespace, no "/" or "\\". */
export const canaryKey = nonBlank("ingress canary route canary_key")
  .trim()
  .refine((value) => !/[\s/\\]/.test(value), { message: "ingress canary route key must be a single path-safe segment" });

/** One domain name, lower-cased with trailing dots removed; no whitespace, ":", "/", "\\" or ",". */
export const canaryDomainName = z.string().transform((raw, ctx) => {
  const domain = raw.trim().replace(/\.+$/, "").toLowerCase();
  if (!domain || /[\s:/\\,]/.test(domain)) {
    ctx.addIssue({ code: "custom", message: "ingress canary route domain_name must be one domain name" });
    return z.NEVER;
  }
  return domain;
});

export const IngressCanaryRouteRecordFields = z.strictObject({
  schema_version: schemaVersion,
  canary_key: canaryKey,
  product: nonBlank("ingress canary route product").trim(),
  context: nonBlank("ingress canary route context").trim(),
  domain_name: canaryDomainName,
  expected_host_id: z.number().int().min(1),
  edge_endpoint_key: nonBlank("ingress canary route edge_endpoint_key").trim(),
  /** An existing provider certificate id (>= 0), or "new" to request one. */
  certificate_id: z.union([z.number().int().min(0), z.literal("new")]),
  status: ingressCanaryRouteStatus.default("active"),
  source_label: z.string().trim().default(""),
  updated_at: timestamp,
});

export const IngressCanaryRouteRecord = IngressCanaryRouteRecordFields.superRefine((value, ctx) => {
  if (value.schema_version !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["schema_version"],
      message: "Unsupported ingress canary route record schema version",
    });
  }
});
export type IngressCanaryRouteRecord = z.output<typeof IngressCanaryRouteRecord>;
