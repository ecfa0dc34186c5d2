import type { PreviewDesiredStateRecord, PreviewDesiredStateRequest } from "@/server/contracts/preview-desired-state";
import { githubApiForToken, isGitHubApiError } from "@/server/drivers/github-api";
import type { DbClient } from "@/server/repositories/db-client";
import { isoUtc } from "@/server/repositories/timestamps";
import { type GitHubCallOptions, MISSING_GITHUB_TOKEN_MESSAGE, resolveContextGitHubToken } from "@/server/services/github-token";
import {
  buildPreviewDesiredStateRecord,
  type PreviewDesiredStateDiscovery,
  type PreviewDesiredStateResult,
  recordPreviewDesiredState,
} from "@/server/services/preview-desired-state";
import { findProductProfile } from "@/server/services/product-profiles";

/**
 * POST /v1/previews/desired-state, first half (no transaction, no record
 * written): discovers which pull requests should have a preview and returns
 * the desired-state record to store (upstream
 * discover_github_preview_desired_state).
 *
 * - Every open pull request of `repository` is desired, drafts included;
 *   `label` is accepted and ignored, as by current upstream (an older upstream
 *   filtered by it). Listing open PRs keeps a preview of every open PR out of
 *   cleanup, whatever its labels.
 * - Slugs follow the product profile's `preview.slug_template` when the
 *   product has a profile, else `preview_slug_prefix + number`.
 * - Every failure is a `fail` record with upstream's message, never a short
 *   list: bad `owner/repo`, a template without `{number}`, no GITHUB_TOKEN for
 *   the context, any GitHub error, more open pull requests than
 *   `max_pages * 100`.
 */
export async function discoverPreviewDesiredState(
  db: DbClient,
  request: PreviewDesiredStateRequest,
  options: GitHubCallOptions,
): Promise<PreviewDesiredStateRecord> {
  const discoveredAt = isoUtc(options.now ?? new Date());
  const profile = await findProductProfile(db, request.product);
  const template = profile?.preview.slug_template.trim() ?? "";
  const discovery = await listDesiredPullRequests(db, request, template, options);
  return buildPreviewDesiredStateRecord(request, discovery, discoveredAt, template || undefined);
}

/** Both halves for callers outside the /v1 door (jobs, tests): discover, then record. */
export async function discoverAndRecordPreviewDesiredState(
  db: DbClient,
  request: PreviewDesiredStateRequest,
  options: GitHubCallOptions,
): Promise<PreviewDesiredStateResult> {
  const record = await discoverPreviewDesiredState(db, request, options);
  return recordPreviewDesiredState(db, { product: request.product, desired_state: record });
}

async function listDesiredPullRequests(
  db: DbClient,
  request: PreviewDesiredStateRequest,
  template: string,
  options: GitHubCallOptions,
): Promise<PreviewDesiredStateDiscovery> {
  const fail = (error_message: string): PreviewDesiredStateDiscovery => ({ status: "fail", error_message });
  const repository = repositoryParts(request.repository);
  if (!repository) return fail("GitHub repository must use owner/repo format.");
  if (template && !template.includes("{number}")) return fail("Preview slug template must contain {number}.");

  const token = await resolveContextGitHubToken(db, request.context, {
    actor: options.actor,
    destination: `GitHub pull request list for ${repository.owner}/${repository.repo}`,
  });
  if (!token) return fail(MISSING_GITHUB_TOKEN_MESSAGE);
  try {
    const github = (options.github ?? githubApiForToken)(token);
    const pullRequests = await github.listOpenPullRequests(repository, { maxPages: request.max_pages });
    return { status: "pass", pull_requests: pullRequests };
  } catch (error) {
    if (isGitHubApiError(error)) return fail(error.message);
    throw error;
  }
}

/** `owner/repo`, both parts non-blank, nothing more. */
export function repositoryParts(repository: string): { owner: string; repo: string } | null {
  const [owner = "", repo = "", ...rest] = repository.trim().split("/");
  if (rest.length > 0 || !owner.trim() || !repo.trim()) return null;
  return { owner: owner.trim(), repo: repo.trim() };
}
