import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { parseDevLogin } from "@/server/auth/dev-login";
import { fetchGithubMemberships } from "@/server/auth/github-memberships";
import type { OperatorIdentity } from "@/server/auth/identity";
import { env } from "@/server/env";
import { logger } from "@/server/logger";

/**
 * Operator sign-in (Auth.js v5, JWT sessions, no database adapter).
 *
 * The token carries who the operator is — login, organizations, teams — as
 * read at sign-in. What they may do is NOT in the token: the role is derived
 * from the active policy on every request (see operator-access.ts), so a
 * policy change applies without signing in again.
 */
export type OperatorClaims = Omit<OperatorIdentity, "kind">;
export type SignInProvider = "github" | "dev";

declare module "next-auth" {
  interface User {
    launchplane?: OperatorClaims;
  }
  interface Session {
    operator?: OperatorClaims & { provider: SignInProvider };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    launchplane?: OperatorClaims;
    provider?: SignInProvider;
  }
}

/** Memberships change rarely but do change; a working day bounds how stale they get. */
const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const SIGN_IN_PATH = "/sign-in";

export function githubSignInConfigured(): boolean {
  const config = env();
  return Boolean(config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET);
}

export function devSignInEnabled(): boolean {
  return env().LAUNCHPLANE_DEV_LOGIN;
}

export function authConfigured(): boolean {
  return Boolean(env().AUTH_SECRET);
}

function githubProvider() {
  const config = env();
  const web = config.LAUNCHPLANE_GITHUB_URL.replace(/\/+$/, "");
  const api = config.LAUNCHPLANE_GITHUB_API_URL.replace(/\/+$/, "");
  return GitHub({
    clientId: config.AUTH_GITHUB_ID,
    clientSecret: config.AUTH_GITHUB_SECRET,
    issuer: `${web}/login/oauth`,
    // read:org lets /user/orgs and /user/teams include private memberships.
    authorization: { url: `${web}/login/oauth/authorize`, params: { scope: "read:user read:org" } },
    token: `${web}/login/oauth/access_token`,
    userinfo: {
      url: `${api}/user`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const response = await fetch(`${api}/user`, {
          headers: {
            Accept: "application/vnd.github+json",
            Authorization: `Bearer ${tokens.access_token ?? ""}`,
            "User-Agent": "launchplane-console",
          },
          signal: AbortSignal.timeout(8000),
          cache: "no-store",
        });
        if (!response.ok) throw new Error(`GitHub /user answered ${response.status}`);
        return (await response.json()) as Record<string, unknown>;
      },
    },
  });
}

function devProvider() {
  return Credentials({
    id: "dev",
    name: "Development sign-in",
    credentials: { login: {}, organizations: {}, teams: {} },
    authorize(credentials) {
      const claims = parseDevLogin(credentials);
      if (!claims) return null;
      return { id: `dev:${claims.login}`, name: claims.login, launchplane: claims };
    },
  });
}

function signInProvider(id: string | undefined): SignInProvider | null {
  return id === "github" || id === "dev" ? id : null;
}

function authConfig(): NextAuthConfig {
  const config = env();
  const providers: NextAuthConfig["providers"] = [];
  if (githubSignInConfigured()) providers.push(githubProvider());
  if (devSignInEnabled()) providers.push(devProvider());

  return {
    secret: config.AUTH_SECRET,
    // Self-hosted behind whatever proxy the operator runs; URLs follow the Host header.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers,
    logger: {
      // Auth.js wraps the useful part in `cause` (e.g. which OAuth check failed); it names no token values.
      error: (error) => {
        const cause = (error as Error & { cause?: { err?: unknown } }).cause?.err;
        logger.error(
          { err: (error as Error & { type?: string }).type ?? error.name, cause: cause instanceof Error ? cause.message : undefined },
          "auth error",
        );
      },
      warn: (code) => logger.warn({ code }, "auth warning"),
      debug: () => undefined,
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "github") return true;
        const login = typeof profile?.login === "string" ? profile.login : "";
        if (!login || !account.access_token) return `${SIGN_IN_PATH}?error=GitHubProfile`;
        try {
          const memberships = await fetchGithubMemberships(env().LAUNCHPLANE_GITHUB_API_URL, account.access_token);
          // Without an adapter, this `user` object is the one the jwt callback receives.
          user.launchplane = { login, ...memberships };
          return true;
        } catch (error) {
          logger.warn({ login, err: error instanceof Error ? error.message : String(error) }, "github memberships unavailable");
          return `${SIGN_IN_PATH}?error=GitHubMemberships`;
        }
      },
      jwt({ token, user, account }) {
        if (user) {
          const provider = signInProvider(account?.provider);
          // A sign-in that did not establish who the operator is yields no session.
          if (!user.launchplane || !provider) return null;
          return { sub: token.sub, name: user.launchplane.login, launchplane: user.launchplane, provider };
        }
        return token;
      },
      session({ session, token }) {
        if (token.launchplane && token.provider) {
          session.operator = { ...token.launchplane, provider: token.provider };
        }
        return session;
      },
    },
  };
}

// Built once from the validated environment. (The lazy `NextAuth(() => config)` form
// makes `auth(handler)` return a promise, which the proxy cannot use.)
export const { handlers, auth, signIn, signOut } = NextAuth(authConfig());
