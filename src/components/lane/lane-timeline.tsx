"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { History, LoaderCircle } from "lucide-react";
import { TIMELINE_KINDS, type TimelineKind, timelineInput } from "@/components/lane/timeline-kinds";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { SkeletonList } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { recordKindOf } from "@/components/records/record-kinds";
import { RecordLink } from "@/components/records/record-link";
import { firstRecord } from "@/components/workspace/console-paths";
import { useTRPC } from "@/lib/trpc";
import type { TimelineEntry } from "@/server/trpc/views/timeline-view";

const KINDS = new Map<string, (typeof TIMELINE_KINDS)[number]>(TIMELINE_KINDS.map((entry) => [entry.kind, entry]));

const RECORD_LABELS: Record<string, string> = {
  deployment: "deployment",
  promotion: "promotion",
  backup_gate: "backup gate",
  public_ingress_incident: "incident",
  preview: "preview",
  preview_generation: "generation",
  artifact: "artifact",
};

function Entry({ entry, last }: { entry: TimelineEntry; last: boolean }) {
  const kind = KINDS.get(entry.event_type);
  const Icon = kind?.icon ?? History;
  // The lane is the page's; the kind says what happened, the summary the rest.
  const title = kind?.title ?? entry.title;
  const own = firstRecord(entry.records);
  const related = entry.records
    .map((record) => ({ ...record, kind: recordKindOf(record.record_type) }))
    .filter((record) => record.kind && record.record_id && !(record.kind === own?.kind && record.record_id === own.key));
  return (
    <li className="relative flex gap-3 pb-5 pl-1 last:pb-0">
      {last ? null : <span aria-hidden className="absolute top-9 bottom-1 left-[1.05rem] w-px bg-border" />}
      <span aria-hidden className="relative z-10 flex size-8 shrink-0 items-center justify-center rounded-full border border-border bg-card text-muted-foreground">
        <Icon className="size-4" />
      </span>
      <div className="min-w-0 flex-1 pt-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          {own ? (
            <RecordLink kind={own.kind} recordKey={own.key} className="font-medium text-primary underline-offset-2 hover:underline">
              {title}
            </RecordLink>
          ) : (
            <span className="font-medium">{title}</span>
          )}
          {entry.status && entry.event_type !== "audit" ? <StatusBadge status={entry.status} /> : null}
          <span className="text-xs text-muted-foreground">
            <RelativeTime value={entry.occurred_at} />
          </span>
        </p>
        <p className="mt-0.5 text-sm break-words text-muted-foreground">{entry.summary}</p>
        {related.length > 0 ? (
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
            {related.map((record) => (
              <RecordLink
                key={`${record.record_type}:${record.record_id}`}
                kind={record.kind!}
                recordKey={record.record_id}
                className="text-muted-foreground underline-offset-2 hover:text-foreground hover:underline"
              >
                {RECORD_LABELS[record.record_type] ?? record.record_type} <span className="font-mono">{record.record_id}</span>
              </RecordLink>
            ))}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/**
 * A lane's history, newest first, a page at a time ("Load more"), for the
 * kinds the page's URL selects. Live updates refetch every loaded page.
 */
export function LaneTimeline({ product, instance, kinds }: { product: string; instance: string; kinds: readonly TimelineKind[] }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.lanes.timeline.infiniteQueryOptions(timelineInput(product, instance, kinds), {
      getNextPageParam: (last) => last.next_cursor,
    }),
  );

  if (query.isPending) return <SkeletonList rows={4} label="Loading history" />;
  if (query.isError) {
    return (
      <ErrorState
        title="The history could not be loaded"
        description={query.error.message}
        reference={query.error.data?.traceId ?? null}
        action={
          <Button variant="secondary" onClick={() => void query.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  const entries = query.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return (
      <EmptyState
        icon={History}
        title={kinds.length ? "Nothing of these kinds yet" : "No history yet"}
        description="Deployments, promotions, backup gates, tuple changes, incidents and operator actions on this lane appear here as their evidence arrives."
      />
    );
  }
  return (
    <div>
      <ol aria-label={`History of ${instance}`} className="rounded-lg border border-border bg-card p-4">
        {entries.map((entry, index) => (
          <Entry key={entry.event_id} entry={entry} last={index === entries.length - 1} />
        ))}
      </ol>
      <div className="mt-3 flex items-center gap-3">
        {query.hasNextPage ? (
          <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? <LoaderCircle aria-hidden className="animate-spin" /> : null}
            Load more
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">That is the whole history{kinds.length ? " for these kinds" : ""}.</p>
        )}
        <p role="status" className="text-xs text-muted-foreground">
          {entries.length} {entries.length === 1 ? "entry" : "entries"} shown
        </p>
      </div>
    </div>
  );
}
