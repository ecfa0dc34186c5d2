import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/shell/console-shell";
import { SIGN_IN_PATH } from "@/server/auth/auth";
import { currentOperator } from "@/server/auth/current-operator";

export const dynamic = "force-dynamic";

/**
 * Every console page needs an operator the active policy allows. The proxy
 * already sent signed-out browsers to sign-in (with their callbackUrl); this
 * is the authoritative check, and the one that knows the role.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const access = await currentOperator();
  if (access.status === "not_configured" || access.status === "signed_out") redirect(SIGN_IN_PATH);
  if (access.status === "refused") redirect("/access-refused");
  return (
    <ConsoleShell operator={{ login: access.identity.login, role: access.role, devLogin: access.provider === "dev" }}>
      {children}
    </ConsoleShell>
  );
}
