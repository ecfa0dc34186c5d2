import type { SecretBinding } from "@/server/contracts/secret-binding";
import type { GitHubApiFactory } from "@/server/drivers/github-api";
import type { DbClient } from "@/server/repositories/db-client";
import { secretBindingRepository } from "@/server/repositories/secret-binding-repository";
import { resolveManagedSecretValue } from "@/server/services/managed-secrets";

/** Managed secrets holding a GitHub token are written for this integration... */
export const GITHUB_SECRET_INTEGRATION = "github";
/** ...and bound to this env key (upstream reads the context's runtime value GITHUB_TOKEN). */
export const GITHUB_TOKEN_BINDING_KEY = "GITHUB_TOKEN";
/** Upstream's reason when a context has no token. */
export const MISSING_GITHUB_TOKEN_MESSAGE = "Launchplane runtime records do not expose GITHUB_TOKEN for this context";

const CANDIDATE_LIMIT = 20;

/** How a service that talks to GitHub is called. */
export interface GitHubCallOptions {
  /** Who asked (the audit actor of the token resolution). */
  actor: string;
  /** Builds the GitHub client for a resolved token; defaults to the REST driver. */
  github?: GitHubApiFactory;
  now?: Date;
}

export interface GitHubTokenPurpose {
  /** Who the token is resolved for (audited). */
  actor: string;
  /** What it is used for (audited), e.g. "GitHub pull request list for acme/shop". */
  destination: string;
}

/**
 * The GitHub token of a context, as plaintext for an immediate GitHub call,
 * or null when none is configured. Candidates are the configured bindings of
 * integration `github`, key `GITHUB_TOKEN`: the context's own (context set,
 * instance blank) first, then a global one (both blank); the most recently
 * updated wins within each. Instance bindings do not count: these calls act
 * for a whole context. Each resolution is audited (`plaintext_resolved`) by
 * resolveManagedSecretValue, naming the actor and destination, never the value.
 *
 * Call this outside any transaction that then waits on GitHub.
 */
export async function resolveContextGitHubToken(db: DbClient, context: string, purpose: GitHubTokenPurpose): Promise<string | null> {
  const name = context.trim();
  const bindings = await secretBindingRepository(db).listReachingLane(name, "", {
    bindingKeys: [GITHUB_TOKEN_BINDING_KEY],
    integration: GITHUB_SECRET_INTEGRATION,
    take: CANDIDATE_LIMIT,
  });
  const usable = (binding: SecretBinding) => binding.status === "configured" && binding.instance === "";
  const candidates = [
    ...(name ? bindings.filter((binding) => usable(binding) && binding.context === name) : []),
    ...bindings.filter((binding) => usable(binding) && binding.context === ""),
  ];
  for (const binding of candidates) {
    const value = (await resolveManagedSecretValue(db, binding.secret_id, purpose))?.trim();
    if (value) return value;
  }
  return null;
}
