import { expect } from "vitest";

/**
 * Signs `login` in through Auth.js's development provider on a server run
 * with LAUNCHPLANE_DEV_LOGIN=1 (the CSRF token, then the provider's
 * callback) and returns the Cookie header of the new session.
 */
export async function signIn(baseUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const separator = pair!.indexOf("=");
      jar.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1).trim());
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  expect(csrf.status).toBe(200);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${baseUrl}/api/auth/callback/dev`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, login, organizations: "", teams: "", callbackUrl: `${baseUrl}/` }),
  });
  expect(callback.status, await callback.clone().text()).toBe(302);
  keep(callback);
  return header();
}
