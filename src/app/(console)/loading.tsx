import { Skeleton, SkeletonList } from "@/components/ui/skeleton";

export default function ConsoleLoading() {
  return (
    <div>
      <div className="mb-6 space-y-2 border-b border-border pb-5">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <SkeletonList rows={4} />
    </div>
  );
}
