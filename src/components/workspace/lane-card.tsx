import { ArrowUpRight, CircleAlert, GitCommitHorizontal } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/class-names";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { RecordLink } from "@/components/records/record-link";
import { currentTupleHref, inventoryHref, laneHref } from "@/components/workspace/console-paths";
import { Identifier, shortIdentifier } from "@/components/workspace/identifier";
import { toneOf } from "@/components/workspace/status-tones";
import type { RecordKind } from "@/lib/record-path";
import type { LaneView } from "@/server/trpc/views/lane-view";

/*
 * One stable lane as the workspace shows it: what runs (artifact, image,
 * release tuple), the latest deployment / promotion / backup gate, health
 * and runtime identity, and config readiness. Every status is icon + text.
 */

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] items-start gap-x-3 gap-y-1 py-1.5">
      <dt className="pt-0.5 text-sm text-muted-foreground">{term}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

/** A record id that opens the record in a drawer (its page on Ctrl/⌘-click). */
function RecordAnchor({ kind, id }: { kind: RecordKind; id: string }) {
  return (
    <RecordLink kind={kind} recordKey={id} className="inline-block max-w-full truncate align-bottom font-mono text-[0.8125rem] text-primary underline-offset-2 hover:underline">
      {shortIdentifier(id)}
    </RecordLink>
  );
}

function When({ value }: { value: string }) {
  return value ? <RelativeTime value={value} /> : <span className="text-muted-foreground">time unknown</span>;
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="border-t border-border px-4 py-2">
      <h4 className="pt-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</h4>
      <dl>{children}</dl>
    </div>
  );
}

function ReleaseTuple({ lane }: { lane: LaneView }) {
  const tuple = lane.release_tuple;
  if (tuple.state === "absent") {
    return (
      <p className="flex items-start gap-1.5 text-sm text-warning">
        <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span className="min-w-0 break-words">{tuple.message}</span>
      </p>
    );
  }
  return (
    <div className="space-y-1.5">
      {tuple.state === "outdated" ? (
        <p className="flex items-start gap-1.5 text-sm text-warning">
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span className="min-w-0 break-words">{tuple.message}</span>
        </p>
      ) : null}
      <ul aria-label={`Release tuple of ${lane.instance}`} className="space-y-1">
        {tuple.repos.map((repo) => (
          <li key={repo.repo} className="flex min-w-0 flex-wrap items-center gap-x-1.5">
            <GitCommitHorizontal aria-hidden className="size-4 shrink-0 text-muted-foreground" />
            <span className="truncate text-sm" title={repo.repository || repo.repo}>
              {repo.repo}
            </span>
            <span aria-hidden className="text-muted-foreground">
              →
            </span>
            <span className="sr-only">at commit</span>
            <Identifier value={repo.sha} label={`${repo.repo} commit`} href={repo.commit_url || undefined} short />
          </li>
        ))}
      </ul>
      {tuple.tuple_id ? (
        <p className="text-xs text-muted-foreground">
          <Link href={currentTupleHref(lane.context, lane.instance)} className="underline-offset-2 hover:text-foreground hover:underline">
            {tuple.provenance === "promotion" ? `promoted from ${tuple.promoted_from_channel}` : "minted by a deploy"}
          </Link>
          {tuple.minted_at ? (
            <>
              {" "}
              <When value={tuple.minted_at} />
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

export function LaneCard({ lane, headingLevel = 3, showLaneLink = true, className }: {
  lane: LaneView;
  headingLevel?: 2 | 3;
  showLaneLink?: boolean;
  className?: string;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const deployment = lane.latest_deployment;
  const promotion = lane.latest_promotion;
  const gate = lane.latest_backup_gate;
  const identity = lane.runtime_identity;
  const config = lane.config;
  const attention = config.items.filter((item) => item.status !== "configured");

  return (
    <article aria-labelledby={`lane-${lane.instance}-heading`} className={cn("min-w-0 rounded-lg border border-border bg-card", className)}>
      <header className="flex flex-wrap items-start justify-between gap-2 px-4 pt-3 pb-2">
        <div className="min-w-0">
          <Heading id={`lane-${lane.instance}-heading`} className="text-base font-semibold">
            {showLaneLink ? (
              <Link href={laneHref(lane.product, lane.instance)} className="inline-flex items-center gap-1 underline-offset-2 hover:underline">
                {lane.instance}
                <ArrowUpRight aria-hidden className="size-4 text-muted-foreground" />
                <span className="sr-only"> lane history</span>
              </Link>
            ) : (
              lane.instance
            )}
          </Heading>
          <p className="truncate text-xs text-muted-foreground">
            <span className="font-mono">{lane.context}</span>
            {lane.base_url ? (
              <>
                {" · "}
                <a href={lane.base_url} target="_blank" rel="noreferrer" className="underline-offset-2 hover:text-foreground hover:underline">
                  {lane.base_url.replace(/^https?:\/\//, "")}
                </a>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          <StatusBadge status={lane.health.status} tone={toneOf("health", lane.health.status)} label={`health ${lane.health.status}`} />
          <StatusBadge status={lane.trust_state} tone={toneOf("trust", lane.trust_state)} label={`evidence ${lane.trust_state}`} />
        </div>
      </header>

      <Group title="What runs">
        <Row term="Artifact">
          {lane.artifact.artifact_id ? (
            <Identifier value={lane.artifact.artifact_id} label={`${lane.instance} artifact id`} />
          ) : (
            <span className="text-muted-foreground">nothing recorded</span>
          )}
        </Row>
        <Row term="Image digest">
          {lane.artifact.image_digest ? (
            <Identifier value={lane.artifact.image_digest} label={`${lane.instance} image digest`} short />
          ) : (
            <span className="text-muted-foreground">{lane.artifact.artifact_id ? "manifest not stored" : "none"}</span>
          )}
        </Row>
        <Row term="Release tuple">
          <ReleaseTuple lane={lane} />
        </Row>
      </Group>

      <Group title="Latest evidence">
        <Row term="Deployment">
          {deployment ? (
            <span className="flex flex-wrap items-center gap-1.5">
              <StatusBadge status={deployment.status} />
              <When value={deployment.finished_at || deployment.started_at} />
              <RecordAnchor kind="deployment" id={deployment.record_id} />
            </span>
          ) : (
            <span className="text-muted-foreground">none recorded</span>
          )}
          {deployment?.failure ? <p className="mt-1 text-xs text-danger">{deployment.failure}</p> : null}
        </Row>
        <Row term="Promotion in">
          {promotion ? (
            <span className="flex flex-wrap items-center gap-1.5">
              <StatusBadge status={promotion.status} />
              <span className="text-muted-foreground">from {promotion.from_instance}</span>
              <When value={promotion.finished_at} />
              <RecordAnchor kind="promotion" id={promotion.record_id} />
            </span>
          ) : (
            <span className="text-muted-foreground">none recorded</span>
          )}
        </Row>
        <Row term="Backup gate">
          {gate ? (
            <span className="flex flex-wrap items-center gap-1.5">
              <StatusBadge status={gate.status} />
              {gate.required ? null : <span className="text-muted-foreground">not required</span>}
              <When value={gate.created_at} />
              <RecordAnchor kind="backup_gate" id={gate.record_id} />
            </span>
          ) : (
            <span className="text-muted-foreground">none recorded</span>
          )}
        </Row>
      </Group>

      <Group title="Destination">
        <Row term="Health check">
          <span className="flex flex-wrap items-center gap-1.5">
            <StatusBadge status={lane.destination_health.status} />
            <span className="text-muted-foreground">{lane.destination_health.verified ? "verified at deploy" : "not verified"}</span>
          </span>
        </Row>
        <Row term="Runtime identity">
          <span className="flex flex-wrap items-center gap-1.5">
            <StatusBadge status={identity.status} tone={toneOf("identity", identity.status)} />
            {identity.source === "deployment" ? <span className="text-xs text-muted-foreground">from the latest deployment</span> : null}
          </span>
          {identity.detail ? <p className="mt-1 text-xs break-words text-muted-foreground">{identity.detail}</p> : null}
          {identity.status === "mismatch" && identity.observed ? (
            <p className="mt-1 text-xs text-danger">
              Live app reports deployment <span className="font-mono">{identity.observed.deployment_record_id}</span>
              {identity.expected ? (
                <>
                  , expected <span className="font-mono">{identity.expected.deployment_record_id}</span>
                </>
              ) : null}
              .
            </p>
          ) : null}
        </Row>
        <Row term="Monitoring">
          {lane.health.checks.length === 0 ? (
            <span className="text-muted-foreground">no observations</span>
          ) : (
            <ul className="space-y-1">
              {lane.health.checks.map((check) => (
                <li key={`${check.check_kind}/${check.check_name}`} className="flex flex-wrap items-center gap-1.5">
                  <StatusBadge status={check.health} tone={toneOf("health", check.health)} />
                  <span className="font-mono text-xs">{check.check_name}</span>
                  <When value={check.observed_at} />
                </li>
              ))}
            </ul>
          )}
          {lane.health.open_incidents.length > 0 ? (
            <p className="mt-1 text-xs text-danger">
              {lane.health.open_incidents.length} open {lane.health.open_incidents.length === 1 ? "incident" : "incidents"}
            </p>
          ) : null}
        </Row>
        {lane.deployed_target ? (
          <Row term="Target">
            <span className="text-sm">
              {lane.deployed_target.display_name} <span className="text-muted-foreground">({lane.deployed_target.provider_id})</span>
            </span>
          </Row>
        ) : null}
        <Row term="Inventory">
          <Link href={inventoryHref(lane.context, lane.instance)} className="text-sm text-primary underline-offset-2 hover:underline">
            {lane.context}/{lane.instance}
          </Link>
        </Row>
      </Group>

      <Group title="Config readiness">
        <div className="flex flex-wrap items-center gap-1.5 py-1.5">
          {config.items.length === 0 ? (
            <span className="text-sm text-muted-foreground">The profile expects no runtime keys or secret bindings here.</span>
          ) : (
            (["configured", "missing", "disabled", "stale", "unsupported"] as const)
              .filter((status) => config.counts[status] > 0)
              .map((status) => (
                <StatusBadge key={status} status={status} tone={toneOf("config", status)} label={`${config.counts[status]} ${status}`} />
              ))
          )}
        </div>
        {attention.length > 0 ? (
          <ul aria-label={`Config needing attention on ${lane.instance}`} className="space-y-1 pb-1.5">
            {attention.map((item) => (
              <li key={`${item.kind}:${item.key}`} className="flex flex-wrap items-center gap-1.5 text-sm">
                <StatusBadge status={item.status} tone={toneOf("config", item.status)} />
                <code className="font-mono text-xs">{item.key}</code>
                <span className="text-xs text-muted-foreground">{item.kind === "secret_binding" ? "secret binding" : "runtime key"}</span>
                <span className="basis-full text-xs text-muted-foreground">{item.detail}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {config.items.length > attention.length ? (
          <details className="pb-2 text-sm">
            <summary className="cursor-pointer rounded-sm text-muted-foreground hover:text-foreground">
              Show the {config.items.length - attention.length} configured {config.items.length - attention.length === 1 ? "item" : "items"}
            </summary>
            <ul className="mt-1 space-y-0.5">
              {config.items
                .filter((item) => item.status === "configured")
                .map((item) => (
                  <li key={`${item.kind}:${item.key}`} className="flex flex-wrap items-center gap-1.5">
                    <code className="font-mono text-xs">{item.key}</code>
                    <span className="text-xs text-muted-foreground">
                      {item.kind === "secret_binding" ? "secret binding" : "runtime key"} · {item.held_at}
                    </span>
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </Group>
    </article>
  );
}
