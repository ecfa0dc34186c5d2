/**
 * Links to GitHub for a workflow identity (audit provenance). Only exact
 * shapes get a link: `owner/name`, numeric run ids, hex SHAs; anything else
 * stays text rather than becoming a wrong or unsafe link.
 */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const RUN_ID = /^\d{1,20}$/;
const SHA = /^[0-9a-f]{7,40}$/i;

export const GITHUB_WEB = "https://github.com";

export function githubRepositoryUrl(repository: string): string | null {
  return REPOSITORY.test(repository) ? `${GITHUB_WEB}/${repository}` : null;
}

/** `https://github.com/{repository}/actions/runs/{run_id}` */
export function githubRunUrl(repository: string, runId: string): string | null {
  const base = githubRepositoryUrl(repository);
  return base && RUN_ID.test(runId) ? `${base}/actions/runs/${runId}` : null;
}

export function githubCommitUrl(repository: string, sha: string): string | null {
  const base = githubRepositoryUrl(repository);
  return base && SHA.test(sha) ? `${base}/commit/${sha}` : null;
}

/** The workflow file of a `workflow_ref` (`owner/repo/.github/workflows/x.yml@refs/heads/main`), for display. */
export function workflowFile(workflowRef: string): string {
  const [path = ""] = workflowRef.split("@");
  const parts = path.split("/");
  return parts.length > 2 ? parts.slice(2).join("/") : workflowRef;
}
