import { CircleX } from "lucide-react";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * A failure the operator can act on: what failed, the reference to quote
 * (trace id or error digest), and a way to retry.
 */
export function ErrorState({ title, description, reference, action }: {
  title: string;
  description?: ReactNode;
  /** A trace id or error digest that matches the server log line. */
  reference?: string | null;
  action?: ReactNode;
}) {
  return (
    <div role="alert" className="rounded-lg border border-danger/40 bg-danger-surface px-5 py-5">
      <div className="flex items-start gap-3">
        <CircleX aria-hidden className="mt-0.5 size-5 shrink-0 text-danger" />
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold">{title}</h2>
          {description ? <div className="mt-1 text-sm text-muted-foreground">{description}</div> : null}
          {reference ? (
            <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <span>Reference</span>
              <code className="rounded bg-background/70 px-1.5 py-0.5 font-mono break-all text-foreground">{reference}</code>
              <CopyButton value={reference} label="reference" />
            </div>
          ) : null}
          {action ? <div className="mt-4">{action}</div> : null}
        </div>
      </div>
    </div>
  );
}
