// Private health endpoint record: Launchplane-owned private monitor URL for one product lane,
// referenced from profile private_http checks by endpoint_key. Mirrors upstream control_plane/
// contracts/private_health_endpoint_record.py, the apply envelope of POST
// /v1/private-health-endpoints/apply, and the URL classification of control_plane/notifications.py.
import { z } from "zod";

import { nonBlank, schemaVersion } from "./primitives";

// ---------------------------------------------------------------------------------------------
// URL classification (structural only: no DNS lookups)
// ---------------------------------------------------------------------------------------------

export type PublicUrlError = "invalid_url" | "private_url";

interface ParsedHttpUrl {
  hostname: string;
}

function parseHttpUrl(raw: string): ParsedHttpUrl | null {
  const text = raw.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (!scheme || !["http", "https"].includes(scheme[1]!.toLowerCase())) return null;
  // User information (even an empty one) is refused, so look at the raw authority.
  const authority = text.slice(scheme[0].length).split(/[/?#]/, 1)[0] ?? "";
  if (!authority || authority.includes("@") || authority.includes("%")) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return null;
  }
  let hostname = parsed.hostname.toLowerCase();
  if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
  hostname = hostname.replace(/\.+$/, "");
  if (!hostname) return null;
  return { hostname };
}

function privateHostname(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    [".localhost", ".local", ".internal", ".invalid"].some((suffix) => hostname.endsWith(suffix))
  );
}

function parseIpv4(text: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** 128-bit IPv6 address as a bigint (accepts "::" compression; no zone ids). */
function parseIpv6(text: string): bigint | null {
  if (!text.includes(":")) return null;
  let head = text;
  let tail = "";
  const doubleColon = text.indexOf("::");
  if (doubleColon !== -1) {
    if (text.indexOf("::", doubleColon + 1) !== -1) return null;
    head = text.slice(0, doubleColon);
    tail = text.slice(doubleColon + 2);
  }
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const expandV4 = (parts: string[]): string[] | null => {
    const last = parts[parts.length - 1];
    if (last === undefined || !last.includes(".")) return parts;
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    return [...parts.slice(0, -1), (v4 >>> 16).toString(16), (v4 & 0xffff).toString(16)];
  };
  const headGroups = groups(head);
  const tailGroups = expandV4(groups(tail));
  const headExpanded = doubleColon === -1 ? expandV4(headGroups) : headGroups;
  if (!tailGroups || !headExpanded) return null;
  const missing = 8 - headExpanded.length - tailGroups.length;
  if (doubleColon === -1 ? missing !== 0 : missing < 1) return null;
  const all = [...headExpanded, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tailGroups];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

const v4 = (address: string, prefix: number) => ({ base: parseIpv4(address)!, prefix });
/** IPv4 ranges Python's ipaddress treats as non-global, private, reserved or multicast. */
const IPV4_NON_PUBLIC = [
  v4("0.0.0.0", 8),
  v4("10.0.0.0", 8),
  v4("100.64.0.0", 10),
  v4("127.0.0.0", 8),
  v4("169.254.0.0", 16),
  v4("172.16.0.0", 12),
  v4("192.0.0.0", 24),
  v4("192.0.2.0", 24),
  v4("192.168.0.0", 16),
  v4("198.18.0.0", 15),
  v4("198.51.100.0", 24),
  v4("203.0.113.0", 24),
  v4("224.0.0.0", 4),
  v4("240.0.0.0", 4),
];
/** Global exceptions inside 192.0.0.0/24. */
const IPV4_GLOBAL_EXCEPTIONS = [parseIpv4("192.0.0.9")!, parseIpv4("192.0.0.10")!];

const inV4 = (address: number, range: { base: number; prefix: number }) =>
  Math.floor(address / 2 ** (32 - range.prefix)) === Math.floor(range.base / 2 ** (32 - range.prefix));

function isPublicIpv4(address: number): boolean {
  if (IPV4_GLOBAL_EXCEPTIONS.includes(address)) return true;
  return !IPV4_NON_PUBLIC.some((range) => inV4(address, range));
}

const v6 = (address: string, prefix: number) => ({ base: parseIpv6(address)!, prefix: BigInt(prefix) });
const inV6 = (address: bigint, range: { base: bigint; prefix: bigint }) =>
  address >> (128n - range.prefix) === range.base >> (128n - range.prefix);

/**
 * Outside these prefixes Python classifies every IPv6 address as reserved (only 2000::/3,
 * fc00::/7, fe80::/10 and fec0::/10 are not).
 */
const IPV6_UNRESERVED = [v6("2000::", 3), v6("fec0::", 10)];
const IPV6_PRIVATE = [v6("2001::", 23), v6("2001:db8::", 32)];
const IPV6_PRIVATE_EXCEPTIONS = [
  v6("2001:1::1", 128),
  v6("2001:1::2", 128),
  v6("2001:3::", 32),
  v6("2001:4:112::", 48),
  v6("2001:20::", 28),
  v6("2001:30::", 28),
];
const IPV6_SIX_TO_FOUR = v6("2002::", 16);

function isPublicIpv6(address: bigint): boolean {
  if (!IPV6_UNRESERVED.some((range) => inV6(address, range))) return false;
  if (
    IPV6_PRIVATE.some((range) => inV6(address, range)) &&
    !IPV6_PRIVATE_EXCEPTIONS.some((range) => inV6(address, range))
  ) {
    return false;
  }
  if (inV6(address, IPV6_SIX_TO_FOUR)) {
    const embedded = Number((address >> 80n) & 0xffffffffn);
    if (!isPublicIpv4(embedded)) return false;
  }
  return true;
}

/**
 * Upstream's structural public-URL check: "invalid_url" when the URL is not a plain http(s) URL
 * (no user info, no scoped host), "private_url" for localhost / .localhost / .local / .internal /
 * .invalid names and non-public IP literals, "" otherwise. Any other DNS name counts as public
 * (including single-label names such as "worker").
 */
export function publicUrlError(url: string): PublicUrlError | "" {
  const parsed = parseHttpUrl(url);
  if (!parsed) return "invalid_url";
  if (privateHostname(parsed.hostname)) return "private_url";
  const ipv4 = parseIpv4(parsed.hostname);
  if (ipv4 !== null) return isPublicIpv4(ipv4) ? "" : "private_url";
  const ipv6 = parseIpv6(parsed.hostname);
  if (ipv6 !== null) return isPublicIpv6(ipv6) ? "" : "private_url";
  return "";
}

/** Why a URL cannot be a private health endpoint, or null when it is a private/internal URL. */
export function privateHealthEndpointUrlError(url: string): string | null {
  const error = publicUrlError(url);
  if (error === "invalid_url") return "private health endpoint url must be a valid HTTP URL";
  if (error === "") return "private health endpoint url must not be public";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Record and apply request
// ---------------------------------------------------------------------------------------------

export const privateHealthEndpointStatus = z.enum(["active", "disabled"]);
export type PrivateHealthEndpointStatus = z.infer<typeof privateHealthEndpointStatus>;

const requiredText = () =>
  z
    .string()
    .trim()
    .refine((value) => value.length > 0, {
      message: "private health endpoint record requires non-empty text fields",
    });

export const PrivateHealthEndpointRecordFields = z.strictObject({
  schema_version: schemaVersion,
  endpoint_key: requiredText(),
  product: requiredText(),
  context: requiredText(),
  instance: requiredText(),
  url: requiredText(),
  status: privateHealthEndpointStatus.default("active"),
  /** Provenance label; payload-only. */
  source_label: z.string().trim().default(""),
  updated_at: requiredText(),
});

export const PrivateHealthEndpointRecord = PrivateHealthEndpointRecordFields.superRefine((record, ctx) => {
  if (record.schema_version !== 1) {
    ctx.addIssue({ code: "custom", message: "Unsupported private health endpoint record schema version" });
    return;
  }
  const error = privateHealthEndpointUrlError(record.url);
  if (error) ctx.addIssue({ code: "custom", message: error, path: ["url"] });
});
export type PrivateHealthEndpointRecord = z.output<typeof PrivateHealthEndpointRecord>;

export const PRIVATE_HEALTH_ENDPOINT_APPLY_CONFIRMATION = "APPLY LAUNCHPLANE PRIVATE HEALTH ENDPOINT";

/**
 * Body of POST /v1/private-health-endpoints/apply (action private_health_endpoint.apply, scoped to
 * the endpoint's product and context). Dry-run by default; apply needs a reason and the exact
 * confirmation text.
 */
export const PrivateHealthEndpointApplyRequest = z
  .strictObject({
    schema_version: schemaVersion,
    mode: z.enum(["dry-run", "apply"]).default("dry-run"),
    endpoint: PrivateHealthEndpointRecord,
    reason: z.string().trim().default(""),
    confirmation: z.string().trim().default(""),
  })
  .superRefine((request, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (request.schema_version !== 1) {
      fail("Unsupported private health endpoint apply schema version");
      return;
    }
    if (request.mode !== "apply") return;
    if (!request.reason) fail("Private health endpoint apply requires a reason");
    if (request.confirmation !== PRIVATE_HEALTH_ENDPOINT_APPLY_CONFIRMATION) {
      fail("Private health endpoint apply requires exact confirmation text");
    }
  });
export type PrivateHealthEndpointApplyRequest = z.output<typeof PrivateHealthEndpointApplyRequest>;

/** The lane a profile private_http check resolves its endpoint_key against. */
export const PrivateHealthEndpointLookup = z.strictObject({
  endpoint_key: nonBlank("endpoint_key"),
  product: nonBlank("product"),
  context: nonBlank("context"),
  instance: nonBlank("instance"),
});
export type PrivateHealthEndpointLookup = z.output<typeof PrivateHealthEndpointLookup>;

/**
 * How a profile private_http check resolves its endpoint: fail closed when the record is
 * missing, disabled, or scoped to another product/lane.
 */
export function resolvePrivateHealthEndpoint(
  lookup: PrivateHealthEndpointLookup,
  record: PrivateHealthEndpointRecord | null,
): { ok: true; url: string } | { ok: false; reason: "missing" | "disabled" | "scope_mismatch" } {
  if (!record || record.endpoint_key !== lookup.endpoint_key) return { ok: false, reason: "missing" };
  if (
    record.product !== lookup.product ||
    record.context !== lookup.context ||
    record.instance !== lookup.instance
  ) {
    return { ok: false, reason: "scope_mismatch" };
  }
  if (record.status !== "active") return { ok: false, reason: "disabled" };
  return { ok: true, url: record.url };
}
