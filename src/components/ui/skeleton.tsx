import { cn } from "@/components/ui/class-names";

/** A placeholder block while data loads; screen readers get one "Loading" instead. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-muted", className)} />;
}

/** A list-shaped loading state announced once to assistive technology. */
export function SkeletonList({ rows = 5, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <span className="sr-only">{label}…</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex items-center gap-4 rounded-lg border border-border p-4">
          <Skeleton className="size-9 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-1/3" />
            <Skeleton className="h-3 w-2/3" />
          </div>
          <Skeleton className="hidden h-6 w-20 sm:block" />
        </div>
      ))}
    </div>
  );
}

/** A list page while it loads: its header, a filter bar and a few rows. */
export function ListPageSkeleton({ label }: { label: string }) {
  return (
    <div>
      <div className="mb-6 space-y-2 border-b border-border pb-5">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-[32rem] max-w-full" />
      </div>
      <div className="mb-4 flex gap-3">
        <Skeleton className="h-9 w-56" />
        <Skeleton className="h-9 w-40" />
      </div>
      <SkeletonList rows={3} label={label} />
    </div>
  );
}
