import { Bot, Cog, UserRound } from "lucide-react";
import type { AuditActorView } from "@/server/trpc/routers/audit";
import { githubCommitUrl, githubRepositoryUrl, githubRunUrl, workflowFile } from "@/components/records/github-run-links";

const external = "font-medium text-primary underline-offset-4 hover:underline";

/** Who did it: a workflow (repository, workflow, ref, run), an operator or the service. */
export function AuditActor({ actor, compact = false }: { actor: AuditActorView; compact?: boolean }) {
  if (actor.kind === "operator") {
    return (
      <span className="inline-flex items-center gap-1.5">
        <UserRound aria-hidden className="size-4 shrink-0 text-muted-foreground" />
        <span>
          <span className="sr-only">Operator </span>
          {actor.login}
          {actor.role ? <span className="text-muted-foreground"> ({actor.role.replace("_", "-")})</span> : null}
        </span>
      </span>
    );
  }
  if (actor.kind === "system") {
    return (
      <span className="inline-flex items-center gap-1.5">
        <Cog aria-hidden className="size-4 shrink-0 text-muted-foreground" />
        <span>
          <span className="sr-only">Service </span>
          {actor.name}
        </span>
      </span>
    );
  }
  const repository = githubRepositoryUrl(actor.repository);
  const run = githubRunUrl(actor.repository, actor.run_id);
  const commit = githubCommitUrl(actor.repository, actor.sha);
  return (
    <span className="inline-flex min-w-0 items-start gap-1.5">
      <Bot aria-hidden className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
      <span className="min-w-0">
        <span className="sr-only">Workflow in </span>
        {repository ? (
          <a href={repository} className={external} target="_blank" rel="noreferrer">
            {actor.repository}
          </a>
        ) : (
          actor.repository
        )}
        {compact ? null : (
          <span className="block text-xs text-muted-foreground">
            <span className="font-mono">{workflowFile(actor.workflow_ref)}</span>
            {actor.ref ? <> · <span className="font-mono">{actor.ref}</span></> : null}
            {actor.sha ? (
              <>
                {" · "}
                {commit ? (
                  <a href={commit} className={`${external} font-mono`} target="_blank" rel="noreferrer">
                    {actor.sha.slice(0, 12)}
                  </a>
                ) : (
                  <span className="font-mono">{actor.sha.slice(0, 12)}</span>
                )}
              </>
            ) : null}
            {run ? (
              <>
                {" · "}
                <a href={run} className={external} target="_blank" rel="noreferrer">
                  run {actor.run_id}
                </a>
              </>
            ) : null}
          </span>
        )}
      </span>
    </span>
  );
}
