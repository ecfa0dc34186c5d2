import { createHash } from "node:crypto";

/**
 * Canonical JSON, byte-compatible with Python's
 * json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True):
 * the form the upstream hashes for idempotency fingerprints and policy digests.
 */


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
  const scalar = scalarJson(value);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  if (typeof value === "object") {
    return `{${sortedEntries(value).map(([key, item]) => `${escapeJsonString(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
}

/**
 * The indented form, byte-compatible with Python's
 * json.dumps(value, indent=2, sort_keys=True) (ensure_ascii on): how the
 * upstream filesystem store writes record files. Separators are "," at line
 * ends and ": " after keys, empty containers stay `{}` / `[]`, and there is
 * no trailing newline.
 */
export function canonicalJsonPretty(value: unknown, indent = 2): string {
  const step = " ".repeat(indent);
  const write = (item: unknown, depth: number): string => {
    const scalar = scalarJson(item);
    if (scalar !== undefined) return scalar;
    const inner = step.repeat(depth + 1);
    const outer = step.repeat(depth);
    if (Array.isArray(item)) {
      if (item.length === 0) return "[]";
      return `[\n${item.map((entry) => inner + write(entry, depth + 1)).join(",\n")}\n${outer}]`;
    }
    if (typeof item === "object") {
      const entries = sortedEntries(item);
      if (entries.length === 0) return "{}";
      const lines = entries.map(([key, entry]) => `${inner}${escapeJsonString(key)}: ${write(entry, depth + 1)}`);
      return `{\n${lines.join(",\n")}\n${outer}}`;
    }
    throw new TypeError(`canonical JSON cannot encode a ${typeof item}`);
  };
  return write(value, 0);
}

/** JSON text of null, booleans, strings and numbers; undefined for containers. */
function scalarJson(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return escapeJsonString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot encode NaN or Infinity");
    return Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
  }
  if (typeof value === "bigint") return value.toString();
  return undefined;
}

/** Object entries in Python's sort_keys order, leaving out undefined values. */
function sortedEntries(value: unknown): Array<[string, unknown]> {
  return Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([left], [right]) => compareCodePoints(left, right));
}


/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(input: string): string {
  return createHash("sha256").update(input, "utf8").digest("hex");
}

/** SHA-256 of the canonical JSON of a value. */
export function canonicalJsonSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
