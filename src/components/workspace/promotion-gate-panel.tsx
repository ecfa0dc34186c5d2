import { CircleCheck, CircleX, Info } from "lucide-react";
import { StatusBadge } from "@/components/ui/status-badge";
import type { PromotionGateView } from "@/server/trpc/views/workspace-view";

/**
 * "Safe to promote?": every check of the promotion gate for what a
 * promotion started now would carry, passed or failed, in words and icons.
 */
export function PromotionGatePanel({ gate }: { gate: PromotionGateView }) {
  const failed = gate.checks.filter((check) => !check.passed).length;
  return (
    <div className="rounded-lg border border-border bg-card">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-3">
        <p className="text-sm">
          Promoting <code className="font-mono text-[0.8125rem]">{gate.artifact_id || "nothing"}</code> from{" "}
          <strong className="font-semibold">{gate.from_instance}</strong> to <strong className="font-semibold">{gate.to_instance}</strong>
          {gate.backup_record_id ? (
            <>
              {" "}
              with backup gate <code className="font-mono text-[0.8125rem]">{gate.backup_record_id}</code>
            </>
          ) : null}
        </p>
        {gate.allowed ? (
          <StatusBadge status="pass" tone="success" label="Safe to promote: every check passes" />
        ) : (
          <StatusBadge status="blocked" tone="blocked" label={`Blocked: ${failed} of ${gate.checks.length} checks fail`} />
        )}
      </div>
      <ul aria-label="Promotion gate checks" className="divide-y divide-border">
        {gate.checks.map((check) => {
          const Icon = check.passed ? CircleCheck : CircleX;
          return (
            <li key={check.id} className="flex items-start gap-3 px-4 py-2">
              <Icon aria-hidden className={check.passed ? "mt-0.5 size-4 shrink-0 text-success" : "mt-0.5 size-4 shrink-0 text-danger"} />
              <div className="min-w-0 flex-1">
                <p className="text-sm">
                  <span className="font-medium">{check.label}</span>
                  <span className={check.passed ? "ml-2 text-xs font-medium text-success" : "ml-2 text-xs font-medium text-danger"}>
                    {check.passed ? "pass" : "fail"}
                  </span>
                </p>
                <p className="text-xs break-words text-muted-foreground">{check.detail}</p>
              </div>
            </li>
          );
        })}
      </ul>
      {gate.notes.length > 0 ? (
        <ul className="space-y-1 border-t border-border px-4 py-2">
          {gate.notes.map((note) => (
            <li key={note} className="flex items-start gap-2 text-xs text-muted-foreground">
              <Info aria-hidden className="mt-px size-3.5 shrink-0" />
              {note}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
