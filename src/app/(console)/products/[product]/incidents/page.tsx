import type { Metadata } from "next";
import { Suspense } from "react";
import { incidentFilters, incidentListInput } from "@/components/incidents/incident-filters";
import { IncidentsView } from "@/components/incidents/incidents-view";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonList } from "@/components/ui/skeleton";
import { Breadcrumbs } from "@/components/workspace/breadcrumbs";
import { AccessDenied, readForPage } from "@/components/workspace/page-access";
import { productHref } from "@/components/workspace/console-paths";
import { getServerQueryClient, HydrateClient, serverCaller, trpcServer } from "@/server/trpc/server";

interface Props {
  params: Promise<{ product: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Incidents · ${decodeURIComponent((await params).product)}` };
}

/** One product's incidents, per lane (`?lane=<context>/<instance>`). */
export default async function ProductIncidentsPage({ params, searchParams }: Props) {
  const product = decodeURIComponent((await params).product);
  const input = incidentListInput(incidentFilters(await searchParams, product));
  const caller = await serverCaller();
  // 404 for an unknown product, access denied outside scope, before anything is shown.
  const read = await readForPage(() => caller.incidents.list({ ...input, limit: 1 }));
  if (!read.ok) return <AccessDenied reason={read.reason} />;
  const name = (await caller.products.list()).find((item) => item.product === product)?.display_name ?? product;

  const trpc = trpcServer();
  const queryClient = getServerQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(trpc.incidents.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.next_cursor })),
    queryClient.prefetchQuery(trpc.products.list.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs items={[{ label: "Products", href: "/" }, { label: name, href: productHref(product) }, { label: "Incidents" }]} />}
        title={`Incidents of ${name}`}
        description="Open and resolved health incidents per lane, each with its observations over time and notification attempts."
      />
      <HydrateClient>
        <Suspense fallback={<SkeletonList rows={3} label="Loading incidents" />}>
          <IncidentsView product={product} />
        </Suspense>
      </HydrateClient>
    </>
  );
}
