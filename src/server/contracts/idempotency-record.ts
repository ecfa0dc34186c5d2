// Idempotency record: stored replay of an accepted /v1 write, plus the canonical-JSON and SHA-256 helpers it relies on.
// Mirrors upstream control_plane/contracts/idempotency_record.py (schema v1) and contracts/canonical_json.py.
import { z } from "zod";

// ---------------------------------------------------------------------------
// SHA-256 (pure TypeScript so contracts stay importable outside Node, e.g. in
// console forms). Verified against node:crypto in the unit tests.
// ---------------------------------------------------------------------------

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const SHA256_H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const rotr = (value: number, bits: number) => (value >>> bits) | (value << (32 - bits));

/** Lowercase hex SHA-256 of a UTF-8 string (or raw bytes). */
export function sha256Hex(input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const paddedLength = Math.ceil((bytes.length + 9) / 64) * 64;
  const padded = new Uint8Array(paddedLength);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = bytes.length * 8;
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(paddedLength - 4, bitLength >>> 0);

  const hash = [...SHA256_H0];
  const w = new Uint32Array(64);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let i = 0; i < 16; i += 1) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i += 1) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = hash as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i += 1) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const choice = (e & f) ^ (~e & g);
      const t1 = (h + s1 + choice + SHA256_K[i]! + w[i]!) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + majority) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const round = [a, b, c, d, e, f, g, h];
    for (let i = 0; i < 8; i += 1) hash[i] = (hash[i]! + round[i]!) >>> 0;
  }
  return hash.map((word) => word.toString(16).padStart(8, "0")).join("");
}

// ---------------------------------------------------------------------------
// Canonical JSON, byte-compatible with Python
// json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).
// ---------------------------------------------------------------------------

function escapeJsonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    switch (unit) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      default:
        // Python's ensure_ascii escapes everything outside printable ASCII (0x20-0x7e),
        // one UTF-16 unit at a time (astral characters become surrogate pairs).
        out += unit < 0x20 || unit > 0x7e ? `\\u${unit.toString(16).padStart(4, "0")}` : value[i];
    }
  }
  return `${out}"`;
}

/** Python orders dict keys by code point; JS sorts by UTF-16 unit. */
function compareCodePoints(left: string, right: string): number {
  const a = Array.from(left);
  const b = Array.from(right);
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = a[i]!.codePointAt(0)! - b[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

/** Python `repr(float)` formatting for a finite, non-integral number. */
function pythonFloatRepr(value: number): string {
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return value.toString();
}

/**
 * Canonical JSON text: sorted keys (by code point), compact separators, non-ASCII escaped.
 * Integral numbers are written as integers; other numbers use Python float formatting.
 * Keys whose value is `undefined` are left out, as JSON.stringify would.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return escapeJsonString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot encode NaN or Infinity");
    return Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => compareCodePoints(left, right));
    return `{${entries.map(([key, item]) => `${escapeJsonString(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
}

/** SHA-256 of the canonical JSON of a value. */
export function canonicalJsonSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Idempotency fingerprint of a decoded request body (upstream `_request_fingerprint`). */
export function requestFingerprint(payload: unknown): string {
  return canonicalJsonSha256(payload);
}

/**
 * Caller scope for workflow identities (upstream `_idempotency_scope`):
 * `repository|workflow_ref (or job_workflow_ref)|sub`, each part trimmed.
 */
export function workflowIdempotencyScope(identity: {
  repository: string;
  workflow_ref?: string;
  job_workflow_ref?: string;
  sub: string;
}): string {
  const workflowRef = identity.workflow_ref || identity.job_workflow_ref || "";
  return [identity.repository.trim(), workflowRef.trim(), identity.sub.trim()].join("|");
}

/** `idempotency-<first 24 hex of sha256(scope\nroute\nkey)>` (upstream `build_launchplane_idempotency_record_id`). */
export function buildIdempotencyRecordId(input: {
  scope: string;
  route_path: string;
  idempotency_key: string;
}): string {
  const material = `${input.scope.trim()}\n${input.route_path.trim()}\n${input.idempotency_key.trim()}`;
  return `idempotency-${sha256Hex(material).slice(0, 24)}`;
}

// ---------------------------------------------------------------------------
// The stored record.
// ---------------------------------------------------------------------------

/**
 * Upstream declares this model without `extra="forbid"`, so unknown keys are tolerated (and kept).
 * Its string fields carry no blank checks and `schema_version` has no lower bound.
 */
export const IdempotencyRecord = z.looseObject({
  schema_version: z.number().int().default(1),
  record_id: z.string(),
  scope: z.string(),
  route_path: z.string(),
  idempotency_key: z.string(),
  request_fingerprint: z.string(),
  response_status_code: z.number().int().min(100).max(599),
  response_trace_id: z.string(),
  recorded_at: z.string(),
  response_payload: z.record(z.string(), z.unknown()),
});
export type IdempotencyRecord = z.output<typeof IdempotencyRecord>;
