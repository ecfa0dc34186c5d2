import { LaunchplaneError } from "@/server/errors";
import { isStorableText } from "@/server/http/storable-text";

/**
 * Reads a request body without ever holding more than `maxBytes`: a declared
 * Content-Length over the limit is refused before reading, and a streamed
 * body is cut off as soon as it passes the limit.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new LaunchplaneError("payload_too_large", `request bodies are limited to ${maxBytes} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
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
