import type { Metadata } from "next";
import { Suspense } from "react";
import { auditListInput } from "@/components/audit/audit-filters";
import { AuditView } from "@/components/audit/audit-view";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonList } from "@/components/ui/skeleton";
import { getServerQueryClient, HydrateClient, trpcServer } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Audit" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Who did what: every audited workflow and operator action the operator may read. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const input = auditListInput(await searchParams);
  const trpc = trpcServer();
  const queryClient = getServerQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.next_cursor })),
    queryClient.prefetchQuery(trpc.audit.filters.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Audit"
        description="Operator and workflow actions, newest first. Every accepted /v1 write is recorded with its workflow identity: repository, workflow, ref, commit and run."
      />
      <HydrateClient>
        <Suspense fallback={<SkeletonList rows={5} label="Loading audit events" />}>
          <AuditView />
        </Suspense>
      </HydrateClient>
    </>
  );
}
