import { CircleAlert, Radio } from "lucide-react";
import { Fact } from "@/components/ui/fact";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { RecordLink } from "@/components/records/record-link";
import { Identifier } from "@/components/workspace/identifier";
import { toneOf } from "@/components/workspace/status-tones";
import type { GenerationView } from "@/server/trpc/views/preview-view";

function Generation({ generation }: { generation: GenerationView }) {
  return (
    <li
      aria-labelledby={`generation-${generation.sequence}`}
      className={generation.serving ? "rounded-lg border-2 border-success/50 bg-card" : "rounded-lg border border-border bg-card"}
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-border px-4 py-2.5">
        <h3 id={`generation-${generation.sequence}`} className="text-sm font-semibold">
          <RecordLink kind="preview_generation" recordKey={generation.generation_id} className="text-primary underline-offset-2 hover:underline">
            Generation {generation.sequence}
          </RecordLink>
        </h3>
        <StatusBadge status={generation.state} tone={toneOf("generation", generation.state)} />
        {generation.serving ? (
          <span className="inline-flex items-center gap-1 rounded-full border border-success/30 bg-success-surface px-2 py-0.5 text-xs font-medium text-success">
            <Radio aria-hidden className="size-3.5" />
            Serving
          </span>
        ) : null}
        <span className="ml-auto text-xs text-muted-foreground">
          requested <RelativeTime value={generation.requested_at} />
          {generation.finished_at ? (
            <>
              {" "}
              · finished <RelativeTime value={generation.finished_at} />
            </>
          ) : null}
        </span>
      </div>
      <dl className="grid gap-x-6 gap-y-3 px-4 py-3 sm:grid-cols-2 lg:grid-cols-4">
        <Fact term="Head commit">
          <Identifier value={generation.head_sha} label={`generation ${generation.sequence} head commit`} href={generation.head_commit_url || undefined} short />
        </Fact>
        <Fact term="Artifact">
          <Identifier value={generation.artifact_id} label={`generation ${generation.sequence} artifact`} />
        </Fact>
        <Fact term="Checks">
          <span className="flex flex-wrap gap-1">
            <StatusBadge status={generation.deploy_status} label={`deploy ${generation.deploy_status}`} />
            <StatusBadge status={generation.verify_status} label={`verify ${generation.verify_status}`} />
            <StatusBadge status={generation.overall_health_status} label={`health ${generation.overall_health_status}`} />
          </span>
        </Fact>
        <Fact term="Why">
          <span className="font-mono text-xs">{generation.requested_reason}</span>
        </Fact>
        {generation.sources.length > 0 ? (
          <div className="sm:col-span-2 lg:col-span-4">
            <dt className="text-xs text-muted-foreground">Sources</dt>
            <dd className="mt-0.5">
              <ul className="flex flex-wrap gap-x-4 gap-y-1">
                {generation.sources.map((source) => (
                  <li key={source.repo} className="flex items-center gap-1.5 text-sm">
                    <span>{source.repo}</span>
                    <span className="text-xs text-muted-foreground">({source.selection})</span>
                    <Identifier value={source.git_sha} label={`${source.repo} commit`} href={source.commit_url || undefined} short />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {generation.baseline_release_tuple_id ? (
          <Fact term="Baseline release tuple">
            <code className="font-mono text-xs break-all">{generation.baseline_release_tuple_id}</code>
          </Fact>
        ) : null}
      </dl>
      {generation.failure_summary || generation.failure_stage ? (
        <p className="flex items-start gap-2 border-t border-danger/30 bg-danger-surface px-4 py-2 text-sm text-danger">
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span className="min-w-0 break-words">
            Failed{generation.failure_stage ? ` at ${generation.failure_stage}` : ""}
            {generation.failure_summary ? `: ${generation.failure_summary}` : ""}
          </span>
        </p>
      ) : null}
    </li>
  );
}

/** A preview's generations, newest first; the serving one is marked. */
export function GenerationHistory({ generations }: { generations: GenerationView[] }) {
  return (
    <ol aria-label="Generations, newest first" className="space-y-3">
      {generations.map((generation) => (
        <Generation key={generation.generation_id} generation={generation} />
      ))}
    </ol>
  );
}
