import type { Metadata } from "next";
import { LaneTimeline } from "@/components/lane/lane-timeline";
import { TimelineFilters } from "@/components/lane/timeline-filters";
import { parseTimelineKinds, timelineInput } from "@/components/lane/timeline-kinds";
import { PageHeader } from "@/components/ui/page-header";
import { Breadcrumbs } from "@/components/workspace/breadcrumbs";
import { laneHref, productHref } from "@/components/workspace/console-paths";
import { LaneCard } from "@/components/workspace/lane-card";
import { LivePageRefresh } from "@/components/workspace/live-page-refresh";
import { AccessDenied, readForPage, routeParam } from "@/components/workspace/page-access";
import { WorkspaceSection } from "@/components/workspace/workspace-section";
import { getServerQueryClient, HydrateClient, serverCaller, trpcServer } from "@/server/trpc/server";

interface Params {
  params: Promise<{ product: string; instance: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { product, instance } = await params;
  return { title: `${routeParam(instance)} · ${routeParam(product)}` };
}

/** One lane: what runs there now, and its history (filterable by kind, shareable by URL). */
export default async function LanePage({ params, searchParams }: Params) {
  const raw = await params;
  const product = routeParam(raw.product);
  const instance = routeParam(raw.instance);
  const kinds = parseTimelineKinds((await searchParams).kind);

  const caller = await serverCaller();
  const read = await readForPage(() => caller.lanes.get({ product, instance }));
  if (!read.ok) return <AccessDenied reason={read.reason} />;
  const { product: identity, lane } = read.value;

  // The history's first page renders with the page; later pages load in the browser.
  await getServerQueryClient().prefetchInfiniteQuery(
    trpcServer().lanes.timeline.infiniteQueryOptions(timelineInput(product, instance, kinds), {
      getNextPageParam: (last) => last.next_cursor,
    }),
  );

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            items={[
              { label: "Products", href: "/" },
              { label: identity.display_name, href: productHref(identity.product) },
              { label: lane.instance },
            ]}
          />
        }
        title={`${lane.instance} lane`}
        description={
          <>
            <span className="font-mono">{lane.context}</span> of {identity.display_name}: what runs there now and everything that happened to it.
          </>
        }
        actions={<LivePageRefresh product={identity.product} context={lane.context} instance={lane.instance} queries />}
      />

      <div className="grid gap-8 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)] lg:items-start">
        <section aria-label="Current state">
          <LaneCard lane={lane} showLaneLink={false} headingLevel={2} />
        </section>
        <WorkspaceSection
          id="history"
          spaced={false}
          title="History"
          description="Deployments, promotions, backup gates, tuple changes, incidents and operator actions, newest first."
        >
          <div className="mb-3">
            <TimelineFilters path={laneHref(identity.product, lane.instance)} selected={kinds} />
          </div>
          <HydrateClient>
            <LaneTimeline product={identity.product} instance={lane.instance} kinds={kinds} />
          </HydrateClient>
        </WorkspaceSection>
      </div>
    </>
  );
}
