import { ArrowRight, GitBranch, MonitorSmartphone, Package, Siren } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { laneHref, productHref } from "@/components/workspace/console-paths";
import { LivePageRefresh } from "@/components/workspace/live-page-refresh";
import { AccessDenied, readForPage } from "@/components/workspace/page-access";
import { pipelineOrderBy } from "@/components/workspace/pipeline-order";
import { toneOf } from "@/components/workspace/status-tones";
import { serverCaller } from "@/server/trpc/server";
import type { ProductCard } from "@/server/trpc/routers/products";

export const metadata: Metadata = { title: "Products" };

/** Each lane as a link with its health, in pipeline order (testing → prod). */
function LaneHealth({ product }: { product: ProductCard }) {
  if (!product.lanes.length) return <span className="text-sm text-muted-foreground">No lanes you can see</span>;
  const lanes = pipelineOrderBy(product.lanes, (lane) => lane.instance);
  return (
    <ul aria-label={`Lanes of ${product.display_name}`} className="relative flex flex-wrap items-center gap-1.5">
      {lanes.map((lane, index) => (
        <li key={`${lane.context}/${lane.instance}`} className="flex items-center gap-1.5">
          {index > 0 ? <ArrowRight aria-hidden className="size-3.5 text-muted-foreground" /> : null}
          <Link
            href={laneHref(product.product, lane.instance)}
            className="inline-flex items-center gap-1.5 rounded-md border border-border bg-surface px-2 py-1 text-xs hover:border-border-strong"
          >
            <span className="font-mono font-medium">{lane.instance}</span>
            <StatusBadge status={lane.health} tone={toneOf("health", lane.health)} className="border-0 px-1.5" />
            {lane.open_incident_count > 0 ? (
              <span className="inline-flex items-center gap-0.5 text-danger">
                <Siren aria-hidden className="size-3.5" />
                {lane.open_incident_count}
                <span className="sr-only">{lane.open_incident_count === 1 ? " open incident" : " open incidents"}</span>
              </span>
            ) : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function ProductRow({ product }: { product: ProductCard }) {
  return (
    <li className="relative grid gap-3 rounded-lg border border-border bg-card p-4 ring-offset-2 ring-offset-background transition-colors focus-within:ring-2 focus-within:ring-ring hover:border-border-strong lg:grid-cols-[minmax(0,1fr)_24rem_22rem] lg:items-center">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="truncate font-semibold">
            <Link href={productHref(product.product)} className="after:absolute after:inset-0 focus-visible:outline-none">
              {product.display_name}
            </Link>
          </h2>
          {product.lifecycle_state === "active" ? null : <StatusBadge status={product.lifecycle_state} />}
        </div>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
          <span className="font-mono">{product.product}</span>
          <span className="inline-flex items-center gap-1">
            <GitBranch aria-hidden className="size-3.5" />
            {product.repository}
          </span>
          <span className="rounded bg-muted px-1.5 py-px text-xs text-muted-foreground">
            <span className="sr-only">driver </span>
            {product.driver_id}
          </span>
        </p>
      </div>
      <LaneHealth product={product} />
      <div className="relative flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground lg:justify-end">
        <span className={product.open_incident_count > 0 ? "inline-flex items-center gap-1 font-medium text-danger" : "inline-flex items-center gap-1"}>
          <Siren aria-hidden className="size-4" />
          {product.open_incident_count} open {product.open_incident_count === 1 ? "incident" : "incidents"}
        </span>
        {product.preview.enabled ? (
          <span className="inline-flex items-center gap-1">
            <MonitorSmartphone aria-hidden className="size-4" />
            {product.preview.active_count} {product.preview.active_count === 1 ? "preview" : "previews"}
          </span>
        ) : null}
        {product.updated_at ? (
          <span>
            Profile updated <RelativeTime value={product.updated_at} />
          </span>
        ) : null}
      </div>
    </li>
  );
}

/** The console's home: every product the operator may read, with its lanes' health at a glance. */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const cursorParam = (await searchParams).cursor;
  const cursor = typeof cursorParam === "string" && cursorParam ? cursorParam : null;
  const caller = await serverCaller();
  // A cursor this console did not issue names no page: not found.
  const read = await readForPage(() => caller.products.overview({ cursor }));
  if (!read.ok) return <AccessDenied reason={read.reason} />;
  const page = read.value;
  const products = page.items;

  return (
    <>
      <PageHeader
        title="Products"
        description="Every product whose profile you may read, with its lanes' health. Open one for what runs where and whether it is safe to promote."
        actions={<LivePageRefresh product={null} />}
      />
      {products.length === 0 && !cursor ? (
        <EmptyState
          icon={Package}
          title="No products yet"
          description={
            <>
              A product appears here once its profile is stored, by a workflow posting to{" "}
              <code className="font-mono">POST /v1/product-profiles</code> or by importing upstream state. If profiles
              exist but none show, the policy grants you no <code className="font-mono">product.read</code>.
            </>
          }
        />
      ) : (
        <>
          <p className="mb-3 text-sm text-muted-foreground">
            {products.length} {products.length === 1 ? "product" : "products"}
            {cursor || page.next_cursor ? " on this page" : ""}
          </p>
          <ul className="space-y-3">
            {products.map((product) => (
              <ProductRow key={product.product} product={product} />
            ))}
          </ul>
          {cursor || page.next_cursor ? (
            <nav aria-label="Pages" className="mt-4 flex gap-2">
              {cursor ? (
                <Link href="/" className={buttonClassName("secondary")}>
                  First page
                </Link>
              ) : null}
              {page.next_cursor ? (
                <Link href={`/?cursor=${encodeURIComponent(page.next_cursor)}`} className={buttonClassName("secondary")}>
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
