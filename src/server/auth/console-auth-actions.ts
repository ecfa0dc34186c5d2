"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { devSignInEnabled, githubSignInConfigured, SIGN_IN_PATH, signIn, signOut } from "@/server/auth/auth";
import { safeCallbackPath } from "@/server/auth/callback-path";

/**
 * Sign-in and sign-out as server actions (Next checks their Origin). Auth.js
 * errors come back to the sign-in page as ?error=<type>; Next's redirect
 * signal passes through untouched.
 */
function backToSignIn(error: string, callbackUrl: string): never {
  redirect(`${SIGN_IN_PATH}?${new URLSearchParams({ error, callbackUrl })}`);
}

export async function signInWithGithub(formData: FormData): Promise<void> {
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"));
  if (!githubSignInConfigured()) backToSignIn("GitHubNotConfigured", callbackUrl);
  try {
    await signIn("github", { redirectTo: callbackUrl });
  } catch (error) {
    if (error instanceof AuthError) backToSignIn(error.type, callbackUrl);
    throw error;
  }
}

export async function signInWithDevLogin(formData: FormData): Promise<void> {
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"));
  if (!devSignInEnabled()) backToSignIn("DevLoginDisabled", callbackUrl);
  try {
    await signIn("dev", {
      login: String(formData.get("login") ?? ""),
      organizations: String(formData.get("organizations") ?? ""),
      teams: String(formData.get("teams") ?? ""),
      redirectTo: callbackUrl,
    });
  } catch (error) {
    if (error instanceof AuthError) backToSignIn(error.type, callbackUrl);
    throw error;
  }
}

export async function signOutOperator(): Promise<void> {
  await signOut({ redirectTo: SIGN_IN_PATH });
}
