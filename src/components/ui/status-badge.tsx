import {
  Ban,
  CircleCheck,
  CircleDashed,
  CirclePause,
  CircleX,
  Info,
  LoaderCircle,
  type LucideIcon,
  TriangleExclamationPoint,
} from "lucide-react";
import { cn } from "@/components/ui/class-names";

/** What a status means, independent of its wording; each tone has an icon so colour is never the only cue. */
export type StatusTone = "success" | "danger" | "warning" | "pending" | "info" | "neutral" | "paused" | "blocked";

const TONES: Record<StatusTone, { icon: LucideIcon; className: string; spin?: boolean }> = {
  success: { icon: CircleCheck, className: "bg-success-surface text-success border-success/30" },
  danger: { icon: CircleX, className: "bg-danger-surface text-danger border-danger/30" },
  warning: { icon: TriangleExclamationPoint, className: "bg-warning-surface text-warning border-warning/30" },
  pending: { icon: LoaderCircle, className: "bg-info-surface text-info border-info/30", spin: true },
  info: { icon: Info, className: "bg-info-surface text-info border-info/30" },
  neutral: { icon: CircleDashed, className: "bg-neutral-surface text-neutral border-border-strong" },
  paused: { icon: CirclePause, className: "bg-neutral-surface text-neutral border-border-strong" },
  blocked: { icon: Ban, className: "bg-danger-surface text-danger border-danger/30" },
};

/** Tones for the status words records use (deploy/gate/check/lifecycle states). */
const STATUS_WORDS: Record<string, StatusTone> = {
  pass: "success",
  passed: "success",
  success: "success",
  succeeded: "success",
  healthy: "success",
  active: "success",
  resolved: "success",
  approved: "success",
  applied: "success",
  ok: "success",
  fail: "danger",
  failed: "danger",
  failure: "danger",
  error: "danger",
  unhealthy: "danger",
  open: "danger",
  rejected: "danger",
  denied: "blocked",
  blocked: "blocked",
  warning: "warning",
  degraded: "warning",
  retiring: "warning",
  stale: "warning",
  pending: "pending",
  running: "pending",
  in_progress: "pending",
  planned: "info",
  skipped: "neutral",
  unknown: "neutral",
  retired: "paused",
  superseded: "paused",
  paused: "paused",
};

export function statusTone(status: string): StatusTone {
  return STATUS_WORDS[status.trim().toLowerCase()] ?? "neutral";
}

/** A status as icon + text. `label` defaults to the status word with underscores spaced. */
export function StatusBadge({ status, tone, label, className }: {
  status: string;
  tone?: StatusTone;
  label?: string;
  className?: string;
}) {
  const resolved = TONES[tone ?? statusTone(status)];
  const Icon = resolved.icon;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        resolved.className,
        className,
      )}
    >
      <Icon aria-hidden className={cn("size-3.5", resolved.spin && "animate-spin")} />
      {label ?? status.replaceAll("_", " ")}
    </span>
  );
}
