"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, ExternalLink, Link2, ScrollText } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuditActor } from "@/components/records/audit-actor";
import { JsonView } from "@/components/records/json-view";
import { RecordFields } from "@/components/records/record-fields";
import { recordKindIcon, recordKindLabel } from "@/components/records/record-kinds";
import { useLiveRecords } from "@/components/live/use-live-records";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { productHref } from "@/components/workspace/console-paths";
import { useTRPC } from "@/lib/trpc";
import type { RecordReference } from "@/server/contracts/record-reference";
import { type RecordKind, recordPath } from "@/lib/record-path";
import type { RecordDetailView } from "@/server/trpc/routers/records";

export type RecordTarget = Pick<RecordReference, "kind" | "key">;

/** The status word a record carries (deploy status, gate status, preview state...). */
export function recordStatus(detail: RecordDetailView): string {
  switch (detail.kind) {
    case "deployment":
    case "promotion":
    case "inventory":
      return detail.record.deploy.status;
    case "backup_gate":
    case "incident":
      return detail.record.status;
    case "preview":
    case "preview_generation":
      return detail.record.state;
    case "release_tuple":
      return detail.record.provenance;
    case "artifact":
      return "";
  }
}

function Section({ title, icon: Icon, children, id }: { title: string; icon?: typeof Link2; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h3 id={id} className="flex items-center gap-2 text-sm font-semibold">
        {Icon ? <Icon aria-hidden className="size-4 text-muted-foreground" /> : null}
        {title}
      </h3>
      {children}
    </section>
  );
}

/** A link to a record: the page, or (in a drawer) the drawer's next view. */
export function RecordTargetLink({ target, onNavigate, children, className }: {
  target: RecordTarget;
  onNavigate?: (target: RecordTarget) => void;
  children: ReactNode;
  className?: string;
}) {
  const href = recordPath(target);
  return (
    <Link
      href={href}
      className={className}
      onClick={(event) => {
        if (!onNavigate || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
        event.preventDefault();
        onNavigate(target);
      }}
    >
      {children}
    </Link>
  );
}

function LinkedRecords({ detail, onNavigate }: { detail: RecordDetailView; onNavigate?: (target: RecordTarget) => void }) {
  if (!detail.links.length) return <p className="text-sm text-muted-foreground">No linked records you may read.</p>;
  return (
    <ul className="divide-y divide-border rounded-lg border border-border">
      {detail.links.map(({ relation, record }) => {
        const Icon = recordKindIcon(record.kind);
        return (
          <li key={`${record.kind}:${record.key}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
            <Icon aria-hidden className="size-4 shrink-0 text-muted-foreground" />
            <span className="shrink-0 text-xs text-muted-foreground sm:w-32">{relation}</span>
            {/* On phones the id gets a line of its own, unshortened. */}
            <RecordTargetLink
              target={record}
              onNavigate={onNavigate}
              className="order-last min-w-0 basis-full font-mono text-xs font-medium break-all text-primary underline-offset-4 hover:underline sm:order-none sm:basis-auto sm:flex-1 sm:truncate"
            >
              <span className="sr-only">{recordKindLabel(record.kind)} </span>
              {record.key}
            </RecordTargetLink>
            {record.status ? <StatusBadge status={record.status} className="ml-auto sm:ml-0" /> : null}
            {record.at ? (
              <span className={record.status ? "text-xs text-muted-foreground" : "ml-auto text-xs text-muted-foreground sm:ml-0"}>
                <RelativeTime value={record.at} />
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Provenance({ detail, onNavigate }: { detail: RecordDetailView; onNavigate?: (target: RecordTarget) => void }) {
  return (
    <div className="space-y-2">
      {detail.provenance_of ? (
        <p className="text-xs text-muted-foreground">
          Written by{" "}
          <RecordTargetLink target={detail.provenance_of} onNavigate={onNavigate} className="font-mono text-primary underline-offset-4 hover:underline">
            {recordKindLabel(detail.provenance_of.kind).toLowerCase()} {detail.provenance_of.key}
          </RecordTargetLink>
          ; its audit trail:
        </p>
      ) : null}
      {detail.provenance.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No audit event names this record. Records imported from upstream state or written before auditing have no provenance here.
        </p>
      ) : (
        <ol className="space-y-2">
          {detail.provenance.map((event) => (
            <li key={event.event_id} className="rounded-lg border border-border bg-card p-3 text-sm">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <code className="font-mono text-xs font-semibold">{event.action}</code>
                <span className="text-xs text-muted-foreground">
                  <RelativeTime value={event.occurred_at} />
                </span>
              </div>
              <div className="mt-1.5">
                <AuditActor actor={event.actor} />
              </div>
              {event.trace_id ? (
                <div className="mt-1.5 flex min-w-0 items-center gap-1 text-xs text-muted-foreground">
                  trace <code className="min-w-0 font-mono break-all">{event.trace_id}</code>
                  <CopyButton value={event.trace_id} label="trace id" />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Everything about one record: where it sits, its fields, links, provenance and payload. */
export function RecordDetail({ detail, onNavigate, headingLevel = 2 }: {
  detail: RecordDetailView;
  /** Inside a drawer: show linked records there instead of leaving the page. */
  onNavigate?: (target: RecordTarget) => void;
  headingLevel?: 1 | 2;
}) {
  const Icon = recordKindIcon(detail.kind);
  const status = recordStatus(detail);
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const lane = detail.instance ? `${detail.context}/${detail.instance}` : detail.context;
  return (
    <article className="space-y-6" data-record-kind={detail.kind}>
      <header className="space-y-2">
        <p className="flex items-center gap-1.5 text-sm text-muted-foreground">
          <Icon aria-hidden className="size-4" />
          {recordKindLabel(detail.kind)}
        </p>
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <Heading className="min-w-0 font-mono text-lg font-semibold break-all">{detail.key}</Heading>
          <CopyButton value={detail.key} label="record id" />
          {status ? <StatusBadge status={status} /> : null}
        </div>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted-foreground">
          <span>
            Product{" "}
            <Link href={productHref(detail.product)} className="font-medium text-primary underline-offset-4 hover:underline">
              {detail.product}
            </Link>
          </span>
          {lane && lane !== detail.product ? (
            <span>
              {detail.instance ? "Lane" : "Context"} <span className="font-mono text-foreground">{lane}</span>
            </span>
          ) : null}
        </p>
      </header>
      <Section title="Provenance" icon={ScrollText} id={`provenance-${detail.kind}`}>
        <Provenance detail={detail} onNavigate={onNavigate} />
      </Section>
      <Section title="Linked records" icon={Link2} id={`links-${detail.kind}`}>
        <LinkedRecords detail={detail} onNavigate={onNavigate} />
      </Section>
      <Section title="Fields" id={`fields-${detail.kind}`}>
        <RecordFields record={detail.record} />
      </Section>
      <Section title="Evidence payload" id={`payload-${detail.kind}`}>
        <JsonView value={detail.record} label="Evidence payload" />
      </Section>
    </article>
  );
}

export function RecordDetailSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading record…</span>
      <div className="space-y-2">
        <Skeleton className="h-4 w-28" />
        <Skeleton className="h-6 w-3/4" />
        <Skeleton className="h-4 w-1/2" />
      </div>
      {[0, 1, 2].map((index) => (
        <div key={index} className="space-y-2">
          <Skeleton className="h-4 w-32" />
          <Skeleton className="h-20 w-full" />
        </div>
      ))}
    </div>
  );
}

interface ErrorWithData {
  message?: string;
  data?: { httpStatus?: number; traceId?: string | null } | null;
}

/** A record that exists outside the operator's read scope (as /v1's 403). */
export function RecordOutOfScope({ kind }: { kind: RecordKind }) {
  return (
    <ErrorState
      title="Not in your scope"
      description={
        <>
          This {recordKindLabel(kind).toLowerCase()} exists, but the authorization policy does not let you read its product or context.
          Ask an admin for a <code className="font-mono">product.read</code> grant.
        </>
      }
    />
  );
}

/** Not found, not in scope, or failed: each said plainly. */
export function RecordProblem({ error, target }: { error: unknown; target: RecordTarget }) {
  const problem = error as ErrorWithData;
  const status = problem?.data?.httpStatus;
  if (status === 404) {
    return (
      <EmptyState
        title="Record not found"
        description={
          <>
            No {recordKindLabel(target.kind).toLowerCase()} <code className="font-mono break-all">{target.key}</code> exists.
          </>
        }
      />
    );
  }
  if (status === 403) return <RecordOutOfScope kind={target.kind} />;
  return (
    <ErrorState
      title="This record could not be loaded"
      description={problem?.message ?? "The server hit a problem."}
      reference={problem?.data?.traceId ?? null}
    />
  );
}

/** Fetches and shows one record, kept current by the live feed. */
export function RecordDetailLoader({ target, onNavigate, headingLevel }: {
  target: RecordTarget;
  onNavigate?: (target: RecordTarget) => void;
  headingLevel?: 1 | 2;
}) {
  const trpc = useTRPC();
  const input = { kind: target.kind as RecordKind, key: target.key };
  const query = useQuery(trpc.records.get.queryOptions(input));
  useLiveRecords({
    product: query.data?.product ?? null,
    enabled: Boolean(query.data),
    invalidate: trpc.records.get.queryFilter(input),
  });
  if (query.isPending) return <RecordDetailSkeleton />;
  if (query.isError) return <RecordProblem error={query.error} target={target} />;
  return <RecordDetail detail={query.data} onNavigate={onNavigate} headingLevel={headingLevel} />;
}

/** The drawer's back button. */
export function BackButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-muted-foreground hover:bg-muted hover:text-foreground">
      <ArrowLeft aria-hidden className="size-4" /> Back
    </button>
  );
}

export function OpenPageLink({ target }: { target: RecordTarget }) {
  return (
    <Link href={recordPath(target)} className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-primary hover:bg-muted">
      <ExternalLink aria-hidden className="size-4" /> Open page
    </Link>
  );
}
