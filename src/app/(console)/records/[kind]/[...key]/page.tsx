import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveIndicator } from "@/components/live/live-indicator";
import { recordKindLabel } from "@/components/records/record-kinds";
import { RecordDetailLoader, RecordOutOfScope } from "@/components/records/record-detail";
import { Breadcrumbs } from "@/components/workspace/breadcrumbs";
import { productHref } from "@/components/workspace/console-paths";
import { recordKind } from "@/server/contracts/record-reference";
import { getServerQueryClient, HydrateClient, trpcServer } from "@/server/trpc/server";

interface Params {
  kind: string;
  key: string[];
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function target(params: Params) {
  const kind = recordKind.safeParse(params.kind);
  if (!kind.success) return null;
  return { kind: kind.data, key: params.key.map(decoded).join("/") };
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const record = target(await params);
  return { title: record ? `${recordKindLabel(record.kind)} ${record.key}` : "Record" };
}

/**
 * Any record by kind and key: `/records/deployment/<id>`,
 * `/records/inventory/<context>/<instance>`. 404 when it does not exist;
 * when it exists outside the operator's scope the page says so (as /v1's 403).
 */
export default async function RecordPage({ params }: { params: Promise<Params> }) {
  const record = target(await params);
  if (!record) notFound();
  let product: string;
  try {
    product = (await getServerQueryClient().fetchQuery(trpcServer().records.get.queryOptions(record))).product;
  } catch (error) {
    const code = error instanceof TRPCError ? error.code : (error as { data?: { code?: string } })?.data?.code;
    if (code === "NOT_FOUND") notFound();
    if (code === "FORBIDDEN") return <RecordOutOfScope kind={record.kind} />;
    throw error;
  }
  return (
    <HydrateClient>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <Breadcrumbs
          items={[
            { label: "Products", href: "/" },
            { label: product, href: productHref(product) },
            { label: recordKindLabel(record.kind) },
          ]}
        />
        <LiveIndicator />
      </div>
      <RecordDetailLoader target={record} headingLevel={1} />
    </HydrateClient>
  );
}
