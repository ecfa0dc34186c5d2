"use client";

import { type QueryFilters, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import {
  listenToLiveRecords,
  type LiveRecordEvent,
  type LiveStatus,
  liveStatus,
  subscribeLiveStatus,
} from "@/components/live/live-record-feed";

export type { LiveRecordEvent, LiveStatus };

/** A policy change can change what every query returns. */
const POLICY_EVENT_KIND = "authz_policy";
/** Bursts (a deployment also writes inventory and a tuple) become one refetch. */
const DEBOUNCE_MS = 250;

export interface LiveRecordsOptions {
  /** Only events of this product (plus global ones). Omit for every product the operator may read. */
  product?: string | null;
  /** Only events of this lane; events that name no context/instance still count. */
  context?: string;
  instance?: string;
  /** Only these record kinds (`deployment`, `promotion`, `public_ingress_incident`, ...). */
  kinds?: readonly string[];
  /** Called for every matching event. */
  onEvent?: (event: LiveRecordEvent) => void;
  /**
   * What to refetch on a matching event: `true` (default) every active query,
   * `false` nothing, or TanStack query filters, e.g.
   * `trpc.incidents.pathFilter()`.
   */
  invalidate?: boolean | QueryFilters | QueryFilters[];
  /** Also re-render server components (`router.refresh()`), for pages rendered with `serverCaller`. */
  refreshServer?: boolean;
  enabled?: boolean;
}

export function liveEventMatches(event: LiveRecordEvent, options: Pick<LiveRecordsOptions, "product" | "context" | "instance" | "kinds">): boolean {
  if (event.kind === POLICY_EVENT_KIND) return true;
  if (options.kinds && !options.kinds.includes(event.kind)) return false;
  if (options.product && event.product && event.product !== options.product) return false;
  if (options.context && event.context && event.context !== options.context) return false;
  if (options.instance && event.instance && event.instance !== options.instance) return false;
  return true;
}

/** The live feed's connection state, for indicators. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribeLiveStatus, liveStatus, () => "connecting");
}

/**
 * Keeps a page current without reloads: listens to the console's live feed
 * (/api/events, already filtered to what the operator may read) and, when an
 * event for the shown product/lane arrives, refetches the page's queries.
 *
 *   useLiveRecords({ product });                          // refetch every active query
 *   useLiveRecords({ product, kinds: ["deployment"], invalidate: trpc.lanes.pathFilter() });
 *   useLiveRecords({ product, refreshServer: true });     // server-rendered page
 */
export function useLiveRecords(options: LiveRecordsOptions = {}): { status: LiveStatus; lastEvent: LiveRecordEvent | null } {
  const queryClient = useQueryClient();
  const router = useRouter();
  const status = useLiveStatus();
  const [lastEvent, setLastEvent] = useState<LiveRecordEvent | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const enabled = options.enabled ?? true;

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refetch = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const { invalidate = true, refreshServer = false } = latest.current;
        if (invalidate === true) void queryClient.invalidateQueries();
        else if (invalidate) for (const filters of Array.isArray(invalidate) ? invalidate : [invalidate]) void queryClient.invalidateQueries(filters);
        if (refreshServer) router.refresh();
      }, DEBOUNCE_MS);
    };
    const stop = listenToLiveRecords({
      onEvent(event) {
        if (!liveEventMatches(event, latest.current)) return;
        setLastEvent(event);
        latest.current.onEvent?.(event);
        refetch();
      },
      onResync: refetch,
    });
    return () => {
      if (timer) clearTimeout(timer);
      stop();
    };
  }, [enabled, queryClient, router]);

  return { status, lastEvent };
}
