"use client";

import { LiveIndicator } from "@/components/live/live-indicator";
import { useLiveRecords } from "@/components/live/use-live-records";

/**
 * Keeps a server-rendered product page current: when evidence for the
 * product (or the one lane shown) arrives, the page's server components
 * render again in place, without a reload. Shows whether updates are live.
 */
export function LivePageRefresh({ product, context, instance, queries = false }: {
  /** null: every product the operator may read (the products page). */
  product: string | null;
  context?: string;
  instance?: string;
  /** Also refetch the page's client-side queries (the lane timeline). */
  queries?: boolean;
}) {
  useLiveRecords({ product, context, instance, refreshServer: true, invalidate: queries });
  return <LiveIndicator />;
}
