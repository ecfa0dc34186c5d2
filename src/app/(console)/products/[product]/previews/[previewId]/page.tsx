import { ExternalLink, GitPullRequest, Layers } from "lucide-react";
import type { Metadata } from "next";
import { GenerationHistory } from "@/components/preview/generation-history";
import { EmptyState } from "@/components/ui/empty-state";
import { Fact } from "@/components/ui/fact";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Breadcrumbs } from "@/components/workspace/breadcrumbs";
import { productHref } from "@/components/workspace/console-paths";
import { Identifier } from "@/components/workspace/identifier";
import { LivePageRefresh } from "@/components/workspace/live-page-refresh";
import { AccessDenied, readForPage, routeParam } from "@/components/workspace/page-access";
import { toneOf } from "@/components/workspace/status-tones";
import { WorkspaceSection } from "@/components/workspace/workspace-section";
import { serverCaller } from "@/server/trpc/server";

interface Params {
  params: Promise<{ product: string; previewId: string }>;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { product, previewId } = await params;
  return { title: `${routeParam(previewId)} · ${routeParam(product)}` };
}

/** One preview: who it is for, where it lives, and every generation it went through. */
export default async function PreviewPage({ params }: Params) {
  const raw = await params;
  const product = routeParam(raw.product);
  const previewId = routeParam(raw.previewId);
  const caller = await serverCaller();
  const read = await readForPage(() => caller.previews.get({ product, previewId }));
  if (!read.ok) return <AccessDenied reason={read.reason} />;
  const preview = read.value;

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            items={[
              { label: "Products", href: "/" },
              { label: preview.product_display_name, href: productHref(preview.product) },
              { label: "Previews", href: `${productHref(preview.product)}#previews-heading` },
              { label: preview.label },
            ]}
          />
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            Preview {preview.label}
            <StatusBadge status={preview.state} tone={toneOf("preview", preview.state)} />
          </span>
        }
        description={`${preview.anchor_repo}#${preview.anchor_pr_number} in ${preview.context}`}
        actions={<LivePageRefresh product={preview.product} />}
      />

      <section aria-label="Preview identity" className="rounded-lg border border-border bg-card px-4 py-4">
        <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact term="Pull request">
            {preview.anchor_pr_url ? (
              <a href={preview.anchor_pr_url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-primary underline-offset-2 hover:underline">
                <GitPullRequest aria-hidden className="size-4" />
                {preview.anchor_repo}#{preview.anchor_pr_number}
              </a>
            ) : (
              `${preview.anchor_repo}#${preview.anchor_pr_number}`
            )}
          </Fact>
          <Fact term="Canonical URL">
            {preview.canonical_url ? (
              <a href={preview.canonical_url} target="_blank" rel="noreferrer" className="inline-flex max-w-full items-center gap-1 text-primary underline-offset-2 hover:underline">
                <span className="truncate">{preview.canonical_url.replace(/^https?:\/\//, "")}</span>
                <ExternalLink aria-hidden className="size-3.5 shrink-0" />
              </a>
            ) : (
              <span className="text-muted-foreground">none</span>
            )}
          </Fact>
          <Fact term="Serving">
            {preview.serving_sequence > 0 ? (
              <a href={`#generation-${preview.serving_sequence}`} className="text-primary underline-offset-2 hover:underline">
                generation {preview.serving_sequence}
              </a>
            ) : (
              <span className="text-muted-foreground">no generation serves</span>
            )}
          </Fact>
          <Fact term="Latest generation">
            {preview.latest_generation ? (
              <span className="inline-flex flex-wrap items-center gap-1.5">
                {preview.latest_generation.sequence}
                <StatusBadge status={preview.latest_generation.state} tone={toneOf("generation", preview.latest_generation.state)} />
              </span>
            ) : (
              <span className="text-muted-foreground">none</span>
            )}
          </Fact>
          <Fact term="Preview id">
            <Identifier value={preview.preview_id} label="preview id" />
          </Fact>
          <Fact term="Created">
            <RelativeTime value={preview.created_at} />
          </Fact>
          <Fact term="Updated">
            <RelativeTime value={preview.updated_at} />
          </Fact>
          <Fact term={preview.destroyed_at ? "Destroyed" : "Evidence"}>
            {preview.destroyed_at ? (
              <span>
                <RelativeTime value={preview.destroyed_at} />
                {preview.destroy_reason ? <span className="text-muted-foreground"> ({preview.destroy_reason})</span> : null}
              </span>
            ) : (
              <StatusBadge status={preview.trust_state} tone={toneOf("trust", preview.trust_state)} />
            )}
          </Fact>
        </dl>
      </section>

      <WorkspaceSection
        id="generations"
        title="Generation history"
        description={
          preview.generations_truncated
            ? `The ${preview.generations.length} most recent generations, newest first.`
            : "Every generation, newest first."
        }
      >
        {preview.generations.length === 0 ? (
          <EmptyState icon={Layers} title="No generations yet" description="Generations appear as the preview workflow posts evidence." />
        ) : (
          <GenerationHistory generations={preview.generations} />
        )}
      </WorkspaceSection>
    </>
  );
}
