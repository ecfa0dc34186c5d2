import { ShieldX } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PublicPageFrame } from "@/components/shell/public-page-frame";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { SIGN_IN_PATH } from "@/server/auth/auth";
import { signOutOperator } from "@/server/auth/console-auth-actions";
import { currentOperator } from "@/server/auth/current-operator";

export const metadata: Metadata = { title: "Access refused" };
export const dynamic = "force-dynamic";

function MembershipList({ label, values }: { label: string; values: string[] }) {
  return (
    <div className="flex flex-wrap gap-x-2 gap-y-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-mono">{values.length ? values.join(", ") : <span className="font-sans text-muted-foreground">none</span>}</dd>
    </div>
  );
}

/** Signed in, but no policy rule matches: say who they are and how to get in. */
export default async function AccessRefusedPage() {
  const access = await currentOperator();
  if (access.status === "allowed") redirect("/");
  if (access.status !== "refused") redirect(SIGN_IN_PATH);

  const { identity, provider } = access;
  const rule = JSON.stringify({ logins: [identity.login], roles: ["read_only"] });

  return (
    <PublicPageFrame>
      <div className="mb-4 flex size-11 items-center justify-center rounded-full bg-danger-surface text-danger">
        <ShieldX aria-hidden className="size-6" />
      </div>
      <h1 className="text-xl font-semibold tracking-tight">Access refused</h1>
      <p className="mt-2 text-sm">
        You are signed in as <strong className="font-mono">{identity.login}</strong>
        {provider === "dev" ? " (development sign-in)" : " with GitHub"}, but no rule of the authorization policy grants
        this login, its organizations or its teams a role in this console.
      </p>
      <dl className="mt-4 space-y-1 rounded-md border border-border bg-surface p-3 text-sm">
        <MembershipList label="Organizations" values={identity.organizations} />
        <MembershipList label="Teams" values={identity.teams} />
      </dl>
      <h2 className="mt-6 text-sm font-semibold">How to get access</h2>
      <p className="mt-1 text-sm text-muted-foreground">
        Ask a Launchplane admin to add a <code className="font-mono">github_humans</code> rule that matches you, with the
        role <code className="font-mono">read_only</code> or <code className="font-mono">admin</code>, for example:
      </p>
      <div className="mt-2 flex items-start gap-2 rounded-md border border-border bg-surface p-2">
        <code className="flex-1 overflow-x-auto font-mono text-xs whitespace-pre">{rule}</code>
        <CopyButton value={rule} label="policy rule" />
      </div>
      <p className="mt-2 text-xs text-muted-foreground">
        Rules can also match an organization or an <code className="font-mono">org/team</code>. Organizations and teams are
        read from GitHub when you sign in, so sign in again after joining one. Policy changes apply immediately.
      </p>
      <form action={signOutOperator} className="mt-6">
        <Button type="submit" variant="secondary" className="w-full">
          Sign out
        </Button>
      </form>
    </PublicPageFrame>
  );
}
