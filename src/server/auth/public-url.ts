/**
 * The URL a request was made to, as the browser sees it. Next hands route
 * handlers and the proxy a URL built from the address the server listens on
 * (e.g. http://localhost:3000), not from the Host the browser used, so OAuth
 * redirect URIs and redirects are rebuilt here from X-Forwarded-Host / Host
 * and X-Forwarded-Proto — the same headers Auth.js uses for server actions.
 * With AUTH_URL set, Auth.js uses that instead and this is not needed.
 */
export function publicRequestUrl(requestUrl: string, headers: Headers): URL {
  const url = new URL(requestUrl);
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]?.trim();
  const forwardedProto = (headers.get("x-forwarded-proto") ?? "").split(",")[0]?.trim();
  const proto = forwardedProto === "http" || forwardedProto === "https" ? forwardedProto : url.protocol.slice(0, -1);
  if (!host) return url;
  try {
    // Rebuilt whole: setting only `host` would keep the listen port when the public host has none.
    return new URL(`${url.pathname}${url.search}`, `${proto}://${host}`);
  } catch {
    return url;
  }
}
