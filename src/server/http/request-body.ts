import { LaunchplaneError } from "@/server/errors";
import { isStorableText } from "@/server/http/storable-text";

/**
 * A body over the limit. When the rest of it was read and dropped, the
 * connection can carry the next request; otherwise the answer closes it.
 */
export class PayloadTooLarge extends LaunchplaneError {
  constructor(
    maxBytes: number,
    readonly connectionReusable: boolean,
  ) {
    super("payload_too_large", `request bodies are limited to ${maxBytes} bytes`);
  }
}

/**
 * How much of an oversized body is still read and dropped (never kept), so a
 * client that is still sending can finish and read the 413 instead of
 * failing with a reset connection. Past either bound the rest is abandoned.
 */
const DISCARD_MAX_BYTES = 8 * 1024 * 1024;
const DISCARD_MAX_MS = 5_000;

/**
 * Reads a request body without ever holding more than `maxBytes`: a declared
 * Content-Length over the limit is refused before reading, and a streamed
 * body is refused as soon as it passes the limit.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  // Never read: the server drops an unread body after the answer, unless it is too big to be worth it.
  if (declared !== null && Number(declared) > maxBytes) throw new PayloadTooLarge(maxBytes, Number(declared) <= DISCARD_MAX_BYTES);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) throw new PayloadTooLarge(maxBytes, await discardRest(reader));
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads and drops the rest of a body within the bounds; true when it ended. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
  const deadline = Date.now() + DISCARD_MAX_MS;
  let discarded = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    while (discarded <= DISCARD_MAX_BYTES) {
      const timeLeft = deadline - Date.now();
      if (timeLeft <= 0) break;
      const expired = new Promise<"expired">((resolve) => (timer = setTimeout(() => resolve("expired"), timeLeft)));
      const next = await Promise.race([reader.read(), expired]);
      clearTimeout(timer);
      if (next === "expired") break;
      if (next.done) return true;
      discarded += next.value.byteLength;
    }
  } catch {
    // The client went away; nothing to keep open.
  } finally {
    clearTimeout(timer);
  }
  await reader.cancel().catch(() => undefined);
  return false;
}

/**
 * Parses JSON text; malformed JSON is a 400, never a 500. So are strings or
 * keys the database cannot store (NUL, unpaired surrogates), which JSON
 * allows as escapes.
 */
export function parseJson(text: string): unknown {
  if (!text.trim()) throw new LaunchplaneError("invalid_request", "the request body must be a JSON object");
  let storable = true;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, member: unknown) => {
      if (!isStorableText(key) || (typeof member === "string" && !isStorableText(member))) storable = false;
      return member;
    });
  } catch {
    throw new LaunchplaneError("invalid_request", "the request body is not valid JSON");
  }
  if (!storable) {
    throw new LaunchplaneError("invalid_request", "the request body has a string with a NUL character or an unpaired surrogate");
  }
  return value;
}
