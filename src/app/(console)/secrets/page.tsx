import type { Metadata } from "next";
import { Suspense } from "react";
import { AllSecretsView } from "@/components/secrets/secrets-view";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonList } from "@/components/ui/skeleton";
import { getServerQueryClient, HydrateClient, trpcServer } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Secrets" };

/** Managed secret bindings and their status, per product and lane. */
export default async function SecretsPage() {
  await getServerQueryClient().prefetchQuery(trpcServer().secrets.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Secrets"
        description="Every managed secret binding per product and lane: configured, missing, disabled or stale; versions, last rotation and the audit trail. Never a value."
      />
      <HydrateClient>
        <Suspense fallback={<SkeletonList rows={3} label="Loading secret status" />}>
          <AllSecretsView />
        </Suspense>
      </HydrateClient>
    </>
  );
}
