"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ScrollText, Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useId } from "react";
import { LiveIndicator } from "@/components/live/live-indicator";
import { useLiveRecords } from "@/components/live/use-live-records";
import { AuditActor } from "@/components/records/audit-actor";
import { JsonView } from "@/components/records/json-view";
import { recordKindOf } from "@/components/records/record-kinds";
import { RecordLink } from "@/components/records/record-link";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { SkeletonList } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc";
import type { AuditEventView } from "@/server/trpc/routers/audit";
import { ACTOR_KINDS, auditListInput } from "@/components/audit/audit-filters";
import { productHref } from "@/components/workspace/console-paths";

const field = "h-9 rounded-md border border-border-strong bg-card px-2.5 text-sm text-foreground shadow-sm";

function Target({ event }: { event: AuditEventView }) {
  if (!event.target_id) return <span className="text-muted-foreground">—</span>;
  const kind = recordKindOf(event.target_type);
  return (
    <span className="min-w-0 break-all">
      <span className="text-xs text-muted-foreground">{event.target_type.replaceAll("_", " ")} </span>
      {kind ? (
        <RecordLink kind={kind} recordKey={event.target_id} className="font-mono text-xs text-primary underline-offset-4 hover:underline">
          {event.target_id}
        </RecordLink>
      ) : (
        <code className="font-mono text-xs">{event.target_id}</code>
      )}
    </span>
  );
}

function AuditRow({ event }: { event: AuditEventView }) {
  const lane = [event.context, event.instance].filter(Boolean).join("/");
  return (
    <li className="grid gap-x-4 gap-y-1.5 px-4 py-3 text-sm md:grid-cols-[9rem_minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1.2fr)]" data-event-id={event.event_id}>
      <div className="text-xs text-muted-foreground">
        <RelativeTime value={event.occurred_at} />
      </div>
      <div className="min-w-0">
        <AuditActor actor={event.actor} />
      </div>
      <div className="min-w-0">
        <code className="font-mono text-xs font-semibold">{event.action}</code>
        {event.product ? (
          <span className="block text-xs text-muted-foreground">
            <Link href={productHref(event.product)} className="underline-offset-4 hover:text-foreground hover:underline">
              {event.product}
            </Link>
            {lane ? <span className="font-mono"> · {lane}</span> : null}
          </span>
        ) : null}
      </div>
      <div className="min-w-0 space-y-1">
        <Target event={event} />
        {event.trace_id ? (
          <span className="flex items-center gap-1 text-xs text-muted-foreground">
            <span className="truncate font-mono">{event.trace_id}</span>
            <CopyButton value={event.trace_id} label="trace id" />
          </span>
        ) : null}
        {Object.keys(event.detail).length ? (
          <details>
            <summary className="cursor-pointer text-xs text-muted-foreground hover:text-foreground">Detail</summary>
            <JsonView value={event.detail} label="Audit detail" className="mt-1" />
          </details>
        ) : null}
      </div>
    </li>
  );
}

/** Operator and workflow actions, newest first, filterable by actor, product, action and actor kind. */
export function AuditView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const ids = useId();
  const input = auditListInput(params);
  const filters = useQuery(trpc.audit.filters.queryOptions());
  const events = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.next_cursor }));
  useLiveRecords({ product: input.product ?? null, invalidate: trpc.audit.list.pathFilter() });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(input.actor || input.product || input.action || input.actorKind);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["actor", "product", "action", "actor_kind"]) {
      const value = String(form.get(name) ?? "").trim();
      if (value) next.set(name, value);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <div className="space-y-4">
      <form onSubmit={apply} role="search" aria-label="Filter audit events" className="flex flex-wrap items-end gap-3" key={params.toString()}>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground" htmlFor={`${ids}-actor`}>
          Actor
          <input id={`${ids}-actor`} name="actor" defaultValue={input.actor ?? ""} placeholder="login or owner/repo" className={`${field} w-48`} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground">
          Actor kind
          <select name="actor_kind" defaultValue={input.actorKind ?? ""} className={field}>
            <option value="">Any</option>
            {ACTOR_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground">
          Product
          <select name="product" defaultValue={input.product ?? ""} className={field}>
            <option value="">All products</option>
            {(filters.data?.products ?? []).map((product) => (
              <option key={product.product} value={product.product}>
                {product.display_name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground" htmlFor={`${ids}-action`}>
          Action
          <input id={`${ids}-action`} name="action" defaultValue={input.action ?? ""} list={`${ids}-actions`} placeholder="deployment.write" className={`${field} w-52`} />
          <datalist id={`${ids}-actions`}>
            {(filters.data?.actions ?? []).map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </label>
        <Button type="submit" variant="secondary">
          <Search aria-hidden /> Filter
        </Button>
        {filtered ? (
          <Link href={pathname} className="h-9 rounded-md px-2 py-2 text-sm text-muted-foreground hover:text-foreground">
            Clear
          </Link>
        ) : null}
        <div className="ml-auto">
          <LiveIndicator />
        </div>
      </form>

      {events.isPending ? (
        <SkeletonList rows={5} label="Loading audit events" />
      ) : events.isError ? (
        <ErrorState
          title="Audit events could not be loaded"
          description={events.error.message}
          reference={events.error.data?.traceId ?? null}
          action={
            <Button variant="secondary" onClick={() => void events.refetch()}>
              Try again
            </Button>
          }
        />
      ) : items.length === 0 ? (
        <EmptyState
          icon={ScrollText}
          title={filtered ? "No events match these filters" : "No audit events yet"}
          description={
            filtered
              ? "Try a broader filter. Actors are a workflow's repository (owner/name), an operator's login, or system:<name>."
              : "Every accepted /v1 write and every operator change is recorded here with who made it."
          }
        />
      ) : (
        <>
          <div className="rounded-lg border border-border bg-card">
            <div aria-hidden className="hidden gap-x-4 border-b border-border px-4 py-2 text-xs font-medium text-muted-foreground md:grid md:grid-cols-[9rem_minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1.2fr)]">
              <span>When</span>
              <span>Who</span>
              <span>Action</span>
              <span>Target</span>
            </div>
            <ol className="divide-y divide-border" aria-label="Audit events">
              {items.map((event) => (
                <AuditRow key={event.event_id} event={event} />
              ))}
            </ol>
          </div>
          {events.hasNextPage ? (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? "Loading…" : "Load older events"}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
