import type { Metadata } from "next";
import { ProductSecretsView } from "@/components/secrets/secrets-view";
import { PageHeader } from "@/components/ui/page-header";
import { Breadcrumbs } from "@/components/workspace/breadcrumbs";
import { AccessDenied, readForPage } from "@/components/workspace/page-access";
import { productHref } from "@/components/workspace/console-paths";
import { getServerQueryClient, HydrateClient, serverCaller, trpcServer } from "@/server/trpc/server";

interface Props {
  params: Promise<{ product: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Secrets · ${decodeURIComponent((await params).product)}` };
}

/** One product's managed secret bindings per lane. */
export default async function ProductSecretsPage({ params }: Props) {
  const product = decodeURIComponent((await params).product);
  const caller = await serverCaller();
  const read = await readForPage(() => caller.secrets.forProduct({ product }));
  if (!read.ok) return <AccessDenied reason={read.reason} />;
  getServerQueryClient().setQueryData(trpcServer().secrets.forProduct.queryKey({ product }), read.value);
  const name = read.value.display_name;
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs items={[{ label: "Products", href: "/" }, { label: name, href: productHref(product) }, { label: "Secrets" }]} />}
        title={`Secrets of ${name}`}
        description="Per lane: the secret bindings the profile expects and how they stand, the managed secrets that reach the lane, their versions and rotations. Never a value."
      />
      <HydrateClient>
        <ProductSecretsView product={product} />
      </HydrateClient>
    </>
  );
}
