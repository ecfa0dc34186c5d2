"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { CircleCheck, Siren } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { IncidentCard } from "@/components/incidents/incident-card";
import { type IncidentStatusFilter, incidentFilters, incidentListInput } from "@/components/incidents/incident-filters";
import { LiveIndicator } from "@/components/live/live-indicator";
import { useLiveRecords } from "@/components/live/use-live-records";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonList } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc";

export const INCIDENT_EVENT_KINDS = ["public_ingress_incident", "public_ingress_observation", "notification_attempt"] as const;

const STATUSES: Array<{ value: IncidentStatusFilter; label: string }> = [
  { value: "open", label: "Open" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

const selectClass =
  "h-9 rounded-md border border-border-strong bg-card px-2.5 text-sm text-foreground shadow-sm hover:bg-muted focus-visible:outline-2";

/**
 * Incidents, newest opened first, with their observations and notification
 * attempts: every readable product's, or one product's (`product`). Filters
 * live in the URL; new observations appear without a reload.
 */
export function IncidentsView({ product }: { product?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = incidentFilters(params, product);
  const input = incidentListInput(filters);
  const products = useQuery(trpc.products.list.queryOptions());
  const incidents = useInfiniteQuery(trpc.incidents.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.next_cursor }));
  useLiveRecords({ product: filters.product ?? null, kinds: INCIDENT_EVENT_KINDS, invalidate: trpc.incidents.list.pathFilter() });

  const hrefWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  const chosen = products.data?.find((item) => item.product === filters.product);
  const items = incidents.data?.pages.flatMap((page) => page.items) ?? [];
  const lane = filters.context && filters.instance ? `${filters.context}/${filters.instance}` : "";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <span aria-hidden className="text-xs font-medium text-muted-foreground">
            Status
          </span>
          <nav aria-label="Incident status" className="inline-flex rounded-md border border-border-strong bg-card p-0.5 shadow-sm">
            {STATUSES.map((status) => (
              <Link
                key={status.value}
                href={hrefWith({ status: status.value === "open" ? undefined : status.value })}
                aria-current={filters.status === status.value ? "page" : undefined}
                replace
                scroll={false}
                className={cn(
                  "rounded px-3 py-1.5 text-sm font-medium",
                  filters.status === status.value ? "bg-muted text-foreground" : "text-muted-foreground hover:text-foreground",
                )}
              >
                {status.label}
              </Link>
            ))}
          </nav>
        </div>
        {product ? null : (
          <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground">
            Product
            <select
              className={selectClass}
              value={filters.product ?? ""}
              onChange={(event) => router.replace(hrefWith({ product: event.target.value || undefined, lane: undefined }), { scroll: false })}
            >
              <option value="">All products</option>
              {(products.data ?? []).map((item) => (
                <option key={item.product} value={item.product}>
                  {item.display_name}
                </option>
              ))}
            </select>
          </label>
        )}
        {chosen && chosen.lanes.length > 0 ? (
          <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground">
            Lane
            <select
              className={selectClass}
              value={lane}
              onChange={(event) => router.replace(hrefWith({ lane: event.target.value || undefined }), { scroll: false })}
            >
              <option value="">All lanes</option>
              {chosen.lanes.map((item) => (
                <option key={`${item.context}/${item.instance}`} value={`${item.context}/${item.instance}`}>
                  {item.instance} ({item.context})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="ml-auto">
          <LiveIndicator />
        </div>
      </div>

      {incidents.isPending ? (
        <SkeletonList rows={3} label="Loading incidents" />
      ) : incidents.isError ? (
        <ErrorState
          title="Incidents could not be loaded"
          description={incidents.error.message}
          reference={incidents.error.data?.traceId ?? null}
          action={
            <Button variant="secondary" onClick={() => void incidents.refetch()}>
              Try again
            </Button>
          }
        />
      ) : items.length === 0 ? (
        <EmptyState
          icon={filters.status === "open" ? CircleCheck : Siren}
          title={filters.status === "open" ? "No open incidents" : filters.status === "resolved" ? "No resolved incidents" : "No incidents"}
          description={
            filters.status === "open"
              ? "Every health check that is monitored passes, as far as the latest observations go. Incidents open when a check fails and resolve when it passes again."
              : "No incident has been recorded for what you are looking at. Health observations arrive from the monitor or workflows posting to /v1/evidence/public-ingress/observations."
          }
        />
      ) : (
        <>
          <ul className="space-y-3" aria-label="Incidents">
            {items.map((item) => (
              <IncidentCard key={item.incident.incident_id} item={item} showProduct={!product} />
            ))}
          </ul>
          {incidents.hasNextPage ? (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={() => void incidents.fetchNextPage()} disabled={incidents.isFetchingNextPage}>
                {incidents.isFetchingNextPage ? "Loading…" : "Load older incidents"}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
