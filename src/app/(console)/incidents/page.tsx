import type { Metadata } from "next";
import { Suspense } from "react";
import { incidentFilters, incidentListInput } from "@/components/incidents/incident-filters";
import { IncidentsView } from "@/components/incidents/incidents-view";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonList } from "@/components/ui/skeleton";
import { getServerQueryClient, HydrateClient, trpcServer } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Incidents" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Health incidents of every product the operator may read. */
export default async function IncidentsPage({ searchParams }: { searchParams: SearchParams }) {
  const input = incidentListInput(incidentFilters(await searchParams));
  const trpc = trpcServer();
  const queryClient = getServerQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(trpc.incidents.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.next_cursor })),
    queryClient.prefetchQuery(trpc.products.list.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Open and resolved health incidents of every lane you may read, with the observations that opened and resolved them and who was notified."
      />
      <HydrateClient>
        <Suspense fallback={<SkeletonList rows={3} label="Loading incidents" />}>
          <IncidentsView />
        </Suspense>
      </HydrateClient>
    </>
  );
}
