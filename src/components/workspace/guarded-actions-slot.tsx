import { ShieldCheck } from "lucide-react";

/**
 * Where guarded operations (plan → approve → apply) will live. Until they
 * exist this says so, with no controls that would pretend to act.
 */
export function GuardedActionsSlot() {
  return (
    <aside
      aria-labelledby="guarded-actions-heading"
      className="flex items-start gap-3 rounded-lg border border-dashed border-border-strong px-4 py-3 text-sm text-muted-foreground"
    >
      <ShieldCheck aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div>
        <h2 id="guarded-actions-heading" className="font-medium text-foreground">
          Guarded operations
        </h2>
        <p className="mt-0.5">
          Promote, roll back and clean up previews from here once guarded operations arrive: each is planned, approved by an
          operator with a reason, then applied after every gate is checked again. Until then these run from the product&apos;s
          workflows, and their evidence appears on this page as it lands.
        </p>
      </div>
    </aside>
  );
}
