import { FlaskConical } from "lucide-react";
import { env } from "@/server/env";

/** Shown on every page of an embedded (demo) instance so nobody mistakes it for production. */
export function DemoBanner() {
  if (!env().LAUNCHPLANE_EMBEDDED) return null;
  return (
    <div role="note" aria-label="Demo mode" className="border-b border-warning/30 bg-banner text-banner-foreground">
      <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-1.5 text-sm sm:px-6">
        <FlaskConical aria-hidden className="size-4 shrink-0" />
        <p>
          <strong className="font-semibold">Demo mode.</strong> Embedded database with sample data. Use the development
          sign-in as <code className="font-mono text-[0.85em]">demo</code> (admin) or{" "}
          <code className="font-mono text-[0.85em]">viewer</code> (read-only). Set{" "}
          <code className="font-mono text-[0.85em]">DATABASE_URL</code> to run for real.
        </p>
      </div>
    </div>
  );
}
