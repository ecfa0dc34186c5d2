/**
 * Where to go after sign-in: a path on this console only. Absolute URLs,
 * protocol-relative `//host` and backslash tricks fall back to "/", so a
 * crafted sign-in link cannot send an operator elsewhere.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  if ([...value].some((character) => character.charCodeAt(0) < 0x20)) return "/";
  if (value.startsWith("/sign-in") || value.startsWith("/api/auth")) return "/";
  return value;
}
