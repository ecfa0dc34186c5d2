import { GitBranch, Package } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { serverCaller } from "@/server/trpc/server";
import type { ProductListItem } from "@/server/trpc/routers/products";

export const metadata: Metadata = { title: "Products" };

function LaneChips({ product }: { product: ProductListItem }) {
  if (!product.lanes.length && !product.preview.enabled) {
    return <span className="text-sm text-muted-foreground">No lanes configured</span>;
  }
  return (
    <ul aria-label="Lanes" className="flex flex-wrap gap-1.5">
      {product.lanes.map((lane) => (
        <li
          key={`${lane.context}/${lane.instance}`}
          className="rounded-md border border-border bg-surface px-2 py-0.5 font-mono text-xs text-muted-foreground"
        >
          {lane.context}/<span className="text-foreground">{lane.instance}</span>
        </li>
      ))}
      {product.preview.enabled ? (
        <li className="rounded-md border border-dashed border-border-strong px-2 py-0.5 font-mono text-xs text-muted-foreground">
          {product.preview.context}/previews
        </li>
      ) : null}
    </ul>
  );
}

function ProductRow({ product }: { product: ProductListItem }) {
  return (
    <li className="relative grid gap-3 rounded-lg border border-border bg-card p-4 ring-offset-2 ring-offset-background transition-colors focus-within:ring-2 focus-within:ring-ring hover:border-border-strong md:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_auto] md:items-center">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="truncate font-semibold">
            <Link href={`/products/${encodeURIComponent(product.product)}`} className="after:absolute after:inset-0 focus-visible:outline-none">
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
      <LaneChips product={product} />
      <p className="relative text-sm text-muted-foreground md:text-right">
        Updated <RelativeTime value={product.updated_at} />
      </p>
    </li>
  );
}

/** The console's home: every product the operator may read. */
export default async function ProductsPage() {
  const caller = await serverCaller();
  const products = await caller.products.list();

  return (
    <>
      <PageHeader
        title="Products"
        description="Every product whose profile you may read, with its lanes. Open one for what runs where and whether it is safe to promote."
      />
      {products.length === 0 ? (
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
          </p>
          <ul className="space-y-3">
            {products.map((product) => (
              <ProductRow key={product.product} product={product} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
