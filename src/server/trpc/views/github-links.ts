/**
 * Links to GitHub for what records name: repositories as `owner/name`, as
 * https URLs or as SSH remotes. A bare `owner/name` is placed on the
 * configured GitHub (LAUNCHPLANE_GITHUB_URL, github.com by default); a URL
 * keeps its own host. Anything else gets no link rather than a wrong one.
 */
const SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const SCP = /^git@([A-Za-z0-9.-]+):([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?$/;
const SHA = /^[0-9a-f]{7,40}$/i;

/** The repository's web URL ("" when the value does not name one). */
export function repositoryUrl(repository: string, githubUrl = "https://github.com"): string {
  const value = repository.trim();
  if (!value) return "";
  if (SLUG.test(value)) return `${githubUrl.replace(/\/+$/, "")}/${value.replace(/\.git$/, "")}`;
  const scp = SCP.exec(value);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") return "";
    const path = url.pathname.replace(/\.git$/, "").replace(/\/+$/, "");
    const parts = path.split("/").filter(Boolean);
    if (parts.length < 2) return "";
    return `${url.protocol}//${url.host}/${parts[0]}/${parts[1]}`;
  } catch {
    return "";
  }
}

/** The commit's web URL ("" without a repository URL or an exact SHA). */
export function commitUrl(repository: string, sha: string, githubUrl?: string): string {
  const base = repositoryUrl(repository, githubUrl);
  return base && SHA.test(sha.trim()) ? `${base}/commit/${sha.trim()}` : "";
}

/** The repository of a pull request URL (`https://github.com/o/r/pull/1` → `https://github.com/o/r`). */
export function repositoryOfPullRequest(prUrl: string): string {
  try {
    const url = new URL(prUrl);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts.length < 2 || (url.protocol !== "https:" && url.protocol !== "http:")) return "";
    return `${url.protocol}//${url.host}/${parts[0]}/${parts[1]}`;
  } catch {
    return "";
  }
}

/** An http(s) URL as given, or "" — so a record cannot smuggle `javascript:` into a link. */
export function safeHttpUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? value.trim() : "";
  } catch {
    return "";
  }
}
