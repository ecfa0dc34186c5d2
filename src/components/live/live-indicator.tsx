"use client";

import { Radio, RefreshCw, WifiOff } from "lucide-react";
import { useLiveStatus } from "@/components/live/use-live-records";
import { cn } from "@/components/ui/class-names";

const STATES = {
  live: { icon: Radio, label: "Live", hint: "This page updates by itself when new evidence arrives.", className: "text-success border-success/30 bg-success-surface" },
  connecting: { icon: RefreshCw, label: "Connecting", hint: "Connecting to live updates…", className: "text-muted-foreground border-border-strong bg-neutral-surface" },
  offline: { icon: WifiOff, label: "Offline", hint: "Live updates are unavailable; reload to see new evidence. Retrying in the background.", className: "text-warning border-warning/30 bg-warning-surface" },
} as const;

/** Says whether the page is receiving live updates (icon + text, announced politely). */
export function LiveIndicator({ className }: { className?: string }) {
  const status = useLiveStatus();
  const state = STATES[status];
  const Icon = state.icon;
  return (
    <span
      role="status"
      aria-live="polite"
      title={state.hint}
      data-live-status={status}
      className={cn("inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium", state.className, className)}
    >
      <Icon aria-hidden className={cn("size-3.5", status === "live" && "motion-safe:animate-pulse", status === "connecting" && "motion-safe:animate-spin")} />
      {state.label}
      <span className="sr-only">: {state.hint}</span>
    </span>
  );
}
