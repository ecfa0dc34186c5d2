// Edge endpoint: the Launchplane-owned provider upstream (IPv4 host, scheme, port) ingress routes forward to.
// Mirrors upstream control_plane/contracts/edge_endpoint_record.py.
import { z } from "zod";

import { nonBlank, schemaVersion, timestamp } from "./primitives";

export const edgeEndpointProvider = z.enum(["dokploy"]);
export const edgeEndpointStatus = z.enum(["active", "disabled"]);
export type EdgeEndpointStatus = z.infer<typeof edgeEndpointStatus>;
export const edgeEndpointUpstreamHostKind = z.enum(["ip"]);
export const edgeEndpointUpstreamScheme = z.enum(["http", "https"]);

/**
 * Dotted-quad IPv4 check matching upstream `_is_ipv4_address`: four decimal parts, no leading
 * zeros, each 0-255. (Upstream uses `str.isdecimal`, which also admits non-ASCII digits; we keep ASCII.)
 */
export function isIpv4Address(value: string): boolean {
  const parts = value.split(".");
  if (parts.length !== 4) return false;
  return parts.every((part) => /^[0-9]+$/.test(part) && !(part.length > 1 && part.startsWith("0")) && Number(part) <= 255);
}

export const EdgeEndpointRecordFields = z.strictObject({
  schema_version: schemaVersion,
  endpoint_key: nonBlank("edge endpoint endpoint_key").trim(),
  provider: edgeEndpointProvider.default("dokploy"),
  server_name: nonBlank("edge endpoint server_name").trim(),
  upstream_host: nonBlank("edge endpoint upstream_host").trim(),
  upstream_host_kind: edgeEndpointUpstreamHostKind.default("ip"),
  upstream_scheme: edgeEndpointUpstreamScheme.default("https"),
  upstream_port: z.number().int().min(1).max(65535),
  status: edgeEndpointStatus.default("active"),
  source_label: z.string().trim().default(""),
  updated_at: timestamp,
});

export const EdgeEndpointRecord = EdgeEndpointRecordFields.superRefine((value, ctx) => {
  if (value.schema_version !== 1) {
    ctx.addIssue({ code: "custom", path: ["schema_version"], message: "Unsupported edge endpoint record schema version" });
  }
  if (!isIpv4Address(value.upstream_host)) {
    ctx.addIssue({ code: "custom", path: ["upstream_host"], message: "edge endpoint upstream_host must be an IPv4 address" });
  }
});
export type EdgeEndpointRecord = z.output<typeof EdgeEndpointRecord>;
