import { GitBranch, Layers, MonitorSmartphone, Siren } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Breadcrumbs } from "@/components/workspace/breadcrumbs";
import { GuardedActionsSlot } from "@/components/workspace/guarded-actions-slot";
import { LaneDifferences } from "@/components/workspace/lane-differences";
import { LanePipeline } from "@/components/workspace/lane-pipeline";
import { LivePageRefresh } from "@/components/workspace/live-page-refresh";
import { OpenIncidents } from "@/components/workspace/open-incidents";
import { AccessDenied, readForPage, routeParam } from "@/components/workspace/page-access";
import { PreviewsTable } from "@/components/workspace/previews-table";
import { PromotionGatePanel } from "@/components/workspace/promotion-gate-panel";
import { WorkspaceSection } from "@/components/workspace/workspace-section";
import { serverCaller } from "@/server/trpc/server";

interface Params {
  params: Promise<{ product: string }>;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { product } = await params;
  return { title: routeParam(product) };
}

/** A product's workspace: what runs where, is it healthy, what changed, is it safe to promote. */
export default async function ProductWorkspacePage({ params }: Params) {
  const product = routeParam((await params).product);
  const caller = await serverCaller();
  const read = await readForPage(() => caller.workspace.get({ product }));
  if (!read.ok) return <AccessDenied reason={read.reason} />;
  const workspace = read.value;
  const identity = workspace.product;

  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs items={[{ label: "Products", href: "/" }, { label: identity.display_name }]} />}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {identity.display_name}
            {identity.lifecycle_state === "active" ? null : <StatusBadge status={identity.lifecycle_state} />}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-mono">{identity.product}</span>
            {identity.repository_url ? (
              <a href={identity.repository_url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 underline-offset-2 hover:text-foreground hover:underline">
                <GitBranch aria-hidden className="size-3.5" />
                {identity.repository}
              </a>
            ) : (
              <span className="inline-flex items-center gap-1">
                <GitBranch aria-hidden className="size-3.5" />
                {identity.repository}
              </span>
            )}
            <span className="rounded bg-muted px-1.5 py-px text-xs">
              <span className="sr-only">driver </span>
              {identity.driver_id}
            </span>
          </span>
        }
        actions={<LivePageRefresh product={identity.product} />}
      />

      <WorkspaceSection
        id="lanes"
        title="Lanes"
        description={
          workspace.hidden_lane_count > 0
            ? `${workspace.hidden_lane_count} more ${workspace.hidden_lane_count === 1 ? "lane is" : "lanes are"} outside your access.`
            : "What runs where, from testing to prod."
        }
      >
        {workspace.lanes.length === 0 ? (
          <EmptyState
            icon={Layers}
            title="No lanes"
            description="This product's profile declares no stable lanes you can see. Lanes come from the product profile."
          />
        ) : (
          <LanePipeline lanes={workspace.lanes} />
        )}
      </WorkspaceSection>

      {workspace.promotion || workspace.differences ? (
        <div className="mt-8 grid gap-8 xl:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
          {workspace.promotion ? (
            <WorkspaceSection
              id="promotion"
              spaced={false}
              title={`Safe to promote ${workspace.promotion.from_instance} → ${workspace.promotion.to_instance}?`}
              description="The promotion gate's checks for what a promotion started now would carry."
            >
              <PromotionGatePanel gate={workspace.promotion} />
            </WorkspaceSection>
          ) : null}
          {workspace.differences ? (
            <WorkspaceSection
              id="differences"
              spaced={false}
              title={`What differs: ${workspace.differences.from_instance} vs ${workspace.differences.to_instance}`}
              description="Artifact, pinned commits and config keys."
            >
              <LaneDifferences differences={workspace.differences} />
            </WorkspaceSection>
          ) : null}
        </div>
      ) : null}

      <div className="mt-8">
        <GuardedActionsSlot />
      </div>

      <WorkspaceSection id="incidents" title="Open incidents">
        {workspace.open_incidents.length === 0 ? (
          <p className="flex items-center gap-2 rounded-lg border border-border bg-card px-4 py-3 text-sm text-muted-foreground">
            <Siren aria-hidden className="size-4" />
            No open incidents on the lanes you can see.
          </p>
        ) : (
          <OpenIncidents product={identity.product} incidents={workspace.open_incidents} />
        )}
      </WorkspaceSection>

      <WorkspaceSection
        id="previews"
        title="Previews"
        description={
          workspace.previews.enabled
            ? `Pull request previews in ${workspace.previews.context}, most recently updated first${workspace.previews.truncated ? " (the 50 most recent)" : ""}.`
            : undefined
        }
      >
        {!workspace.previews.enabled ? (
          <p className="rounded-lg border border-border bg-card px-4 py-3 text-sm text-muted-foreground">
            Previews are not enabled in this product&apos;s profile.
          </p>
        ) : workspace.previews.items.length === 0 ? (
          <EmptyState
            icon={MonitorSmartphone}
            title="No live previews"
            description="A preview appears when a workflow posts generation evidence for a pull request."
          />
        ) : (
          <PreviewsTable product={identity.product} previews={workspace.previews.items} />
        )}
      </WorkspaceSection>
    </>
  );
}
