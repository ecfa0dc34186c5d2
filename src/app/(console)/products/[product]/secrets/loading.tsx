import { Skeleton, SkeletonList } from "@/components/ui/skeleton";

export default function SecretsLoading() {
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
      <SkeletonList rows={3} label="Loading secret status" />
    </div>
  );
}
