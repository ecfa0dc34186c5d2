import { CircleX, FlaskConical, TriangleExclamationPoint } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { GithubMark } from "@/components/shell/github-mark";
import { PublicPageFrame } from "@/components/shell/public-page-frame";
import { Button } from "@/components/ui/button";
import { authConfigured, devSignInEnabled, githubSignInConfigured } from "@/server/auth/auth";
import { safeCallbackPath } from "@/server/auth/callback-path";
import { signInWithDevLogin, signInWithGithub } from "@/server/auth/console-auth-actions";
import { currentOperator } from "@/server/auth/current-operator";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: "That development login was not accepted. Use a GitHub-style login (letters, digits and hyphens), organizations as names and teams as org/team.",
  GitHubMemberships: "GitHub signed you in, but your organizations and teams could not be read. Try again; if it keeps failing, check that the OAuth app may read organization membership.",
  GitHubProfile: "GitHub did not say who you are. Try again.",
  GitHubNotConfigured: "GitHub sign-in is not configured on this console.",
  DevLoginDisabled: "The development sign-in is turned off on this console.",
  AccessDenied: "Sign-in was refused.",
  Configuration: "Sign-in is misconfigured on the server. The server log has the details.",
  OAuthCallbackError: "GitHub sign-in did not complete. Try again.",
  OAuthSignInError: "GitHub sign-in could not start. Try again.",
  CallbackRouteError: "GitHub sign-in did not complete. Try again.",
};

function SignInError({ code }: { code: string }) {
  return (
    <div role="alert" className="mb-5 flex gap-2 rounded-md border border-danger/40 bg-danger-surface p-3 text-sm">
      <CircleX aria-hidden className="mt-0.5 size-4 shrink-0 text-danger" />
      <p>{ERROR_MESSAGES[code] ?? `Sign-in failed (${code}). Try again.`}</p>
    </div>
  );
}

const inputClassName =
  "mt-1 block h-10 w-full rounded-md border border-border-strong bg-background px-3 text-sm shadow-sm placeholder:text-muted-foreground";

function DevLoginForm({ callbackUrl }: { callbackUrl: string }) {
  return (
    <form action={signInWithDevLogin} className="space-y-4" aria-labelledby="dev-login-heading">
      <div className="flex items-center gap-2">
        <FlaskConical aria-hidden className="size-4 text-warning" />
        <h2 id="dev-login-heading" className="text-sm font-semibold">
          Development sign-in
        </h2>
      </div>
      <p className="text-xs text-muted-foreground">
        Enabled by <code className="font-mono">LAUNCHPLANE_DEV_LOGIN=1</code>. Pick any login; the authorization policy
        decides what it may do, exactly as for a GitHub sign-in.
      </p>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label htmlFor="dev-login" className="text-sm font-medium">
          GitHub login
        </label>
        <input id="dev-login" name="login" required autoComplete="username" spellCheck={false} placeholder="octocat" className={inputClassName} />
      </div>
      <div>
        <label htmlFor="dev-organizations" className="text-sm font-medium">
          Organizations <span className="font-normal text-muted-foreground">(optional)</span>
        </label>
        <input id="dev-organizations" name="organizations" spellCheck={false} placeholder="acme, acme-labs" aria-describedby="dev-organizations-help" className={inputClassName} />
        <p id="dev-organizations-help" className="mt-1 text-xs text-muted-foreground">
          Comma or space separated.
        </p>
      </div>
      <div>
        <label htmlFor="dev-teams" className="text-sm font-medium">
          Teams <span className="font-normal text-muted-foreground">(optional)</span>
        </label>
        <input id="dev-teams" name="teams" spellCheck={false} placeholder="acme/platform" aria-describedby="dev-teams-help" className={inputClassName} />
        <p id="dev-teams-help" className="mt-1 text-xs text-muted-foreground">
          As <code className="font-mono">org/team-slug</code>.
        </p>
      </div>
      <Button type="submit" variant="secondary" className="w-full">
        Sign in as this login
      </Button>
    </form>
  );
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const error = typeof params.error === "string" ? params.error : null;

  const access = await currentOperator();
  if (access.status === "allowed") redirect(callbackUrl);

  const configured = authConfigured();
  const github = configured && githubSignInConfigured();
  const dev = configured && devSignInEnabled();

  return (
    <PublicPageFrame>
      <h1 className="text-xl font-semibold tracking-tight">Sign in to the console</h1>
      <p className="mt-1 mb-6 text-sm text-muted-foreground">
        Operators sign in with GitHub. What you may see and do comes from the authorization policy.
      </p>
      {error ? <SignInError code={error} /> : null}
      {!configured ? (
        <div role="alert" className="flex gap-2 rounded-md border border-warning/40 bg-warning-surface p-3 text-sm">
          <TriangleExclamationPoint aria-hidden className="mt-0.5 size-4 shrink-0 text-warning" />
          <p>
            Operator sign-in is not configured: set <code className="font-mono">AUTH_SECRET</code> on the server.
          </p>
        </div>
      ) : null}
      {github ? (
        <form action={signInWithGithub}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Button type="submit" size="lg" variant="inverse" className="w-full">
            <GithubMark className="size-5" /> Sign in with GitHub
          </Button>
        </form>
      ) : null}
      {github && dev ? (
        <div className="my-6 flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
          <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
        </div>
      ) : null}
      {dev ? <DevLoginForm callbackUrl={callbackUrl} /> : null}
      {configured && !github && !dev ? (
        <div role="alert" className="flex gap-2 rounded-md border border-warning/40 bg-warning-surface p-3 text-sm">
          <TriangleExclamationPoint aria-hidden className="mt-0.5 size-4 shrink-0 text-warning" />
          <p>
            No sign-in method is configured. Set <code className="font-mono">AUTH_GITHUB_ID</code> and{" "}
            <code className="font-mono">AUTH_GITHUB_SECRET</code> for a GitHub OAuth app, or{" "}
            <code className="font-mono">LAUNCHPLANE_DEV_LOGIN=1</code> for development.
          </p>
        </div>
      ) : null}
    </PublicPageFrame>
  );
}
