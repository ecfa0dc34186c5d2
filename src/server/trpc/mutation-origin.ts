/**
 * Cross-site request forgery guard for console mutations. A mutation must
 * come from a page of this very origin:
 *
 * - it carries the custom header the console's tRPC client sends (a cross-site
 *   form cannot set headers, and a cross-site fetch that sets one needs a CORS
 *   preflight this server never grants);
 * - its Origin (or, failing that, Referer) is the origin the request was sent
 *   to, as named by Host (or X-Forwarded-Host behind a proxy), or the
 *   configured AUTH_URL;
 * - when the browser says Sec-Fetch-Site, that is "same-origin".
 */
export const CSRF_HEADER = "x-launchplane-csrf";
export const CSRF_HEADER_VALUE = "1";

export interface OriginOptions {
  /** Extra accepted origins, e.g. AUTH_URL's origin when a proxy rewrites Host. */
  trustedOrigins?: readonly string[];
}

function originOf(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** Why a mutation request is refused, or null when it passes. */
export function mutationOriginProblem(headers: Headers, options: OriginOptions = {}): string | null {
  if (headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) return `the ${CSRF_HEADER} header is missing`;

  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin") return `a ${fetchSite} request cannot change anything`;

  const claimed = originOf(headers.get("origin")) ?? originOf(headers.get("referer"));
  if (!claimed) return "the request names no origin";

  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]?.trim().toLowerCase();
  const accepted = new Set(options.trustedOrigins?.map((origin) => originOf(origin)).filter((origin) => origin !== null));
  if (host) {
    // Only the host is compared for the request's own origin: a TLS-terminating
    // proxy makes the scheme the server sees differ from the browser's.
    if (new URL(claimed).host.toLowerCase() === host) return null;
  }
  if (accepted.has(claimed)) return null;
  return `origin ${claimed} is not this console`;
}
