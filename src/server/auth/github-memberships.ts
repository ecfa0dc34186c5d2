import { z } from "zod";

/**
 * An operator's GitHub organizations and teams, read once at sign-in with
 * their OAuth access token. Policy rules match `organizations` by org login
 * and `teams` as `org/team-slug`. Reads are bounded (a few pages of 100) and
 * time-limited so a slow GitHub cannot hold a sign-in open.
 */
export interface GithubMemberships {
  organizations: string[];
  teams: string[];
}

const MAX_PAGES = 5;
const PAGE_SIZE = 100;
const TIMEOUT_MS = 8000;

const OrganizationPage = z.array(z.looseObject({ login: z.string().min(1) }));
const TeamPage = z.array(
  z.looseObject({ slug: z.string().min(1), organization: z.looseObject({ login: z.string().min(1) }) }),
);

export class GithubMembershipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GithubMembershipError";
  }
}

async function readPages<T>(apiUrl: string, path: string, accessToken: string, page: z.ZodType<T[]>): Promise<T[]> {
  const base = apiUrl.replace(/\/+$/, "");
  const items: T[] = [];
  for (let number = 1; number <= MAX_PAGES; number += 1) {
    let response: Response;
    try {
      response = await fetch(`${base}${path}?per_page=${PAGE_SIZE}&page=${number}`, {
        headers: {
          Accept: "application/vnd.github+json",
          Authorization: `Bearer ${accessToken}`,
          "User-Agent": "launchplane-console",
          "X-GitHub-Api-Version": "2022-11-28",
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
        cache: "no-store",
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GithubMembershipError(`GitHub ${path} could not be read: ${reason}`);
    }
    if (!response.ok) throw new GithubMembershipError(`GitHub ${path} answered ${response.status}`);
    const parsed = page.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new GithubMembershipError(`GitHub ${path} returned an unexpected shape`);
    items.push(...parsed.data);
    if (parsed.data.length < PAGE_SIZE) break;
  }
  return items;
}

export async function fetchGithubMemberships(apiUrl: string, accessToken: string): Promise<GithubMemberships> {
  const [organizations, teams] = await Promise.all([
    readPages(apiUrl, "/user/orgs", accessToken, OrganizationPage),
    readPages(apiUrl, "/user/teams", accessToken, TeamPage),
  ]);
  return {
    organizations: unique(organizations.map((organization) => organization.login)),
    teams: unique(teams.map((team) => `${team.organization.login}/${team.slug}`)),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
