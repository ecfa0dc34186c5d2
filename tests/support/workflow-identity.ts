import type { WorkflowIdentity } from "@/server/auth/identity";

/** What a GitHub Actions run of `repository` (deploy.yml on main, a push) is verified as, with `overrides`. */
export function workflowIdentity(repository: string, overrides: Partial<Omit<WorkflowIdentity, "kind">> = {}): WorkflowIdentity {
  return {
    kind: "workflow",
    repository,
    repository_owner: repository.split("/")[0]!,
    workflow_ref: `${repository}/.github/workflows/deploy.yml@refs/heads/main`,
    job_workflow_ref: `${repository}/.github/workflows/deploy.yml@refs/heads/main`,
    ref: "refs/heads/main",
    ref_type: "branch",
    event_name: "push",
    environment: "",
    sub: `repo:${repository}:ref:refs/heads/main`,
    sha: "0123456789abcdef0123456789abcdef01234567",
    run_id: "1234567890",
    ...overrides,
  };
}
