import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Get, v1Methods } from "@/server/http/v1-route";
import { identityReadScope } from "@/server/services/authz-policy";
import { readProtectedArtifactSet } from "@/server/services/protected-artifacts";

export const dynamic = "force-dynamic";

/** Upstream's key `protected_artifacts`; a static segment, so it wins over /v1/artifacts/{id}. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  GET: v1Get(v1Catalog.protectedArtifacts, async ({ identity, query }) => {
    const scope = await identityReadScope(db(), identity, "artifact");
    const protectedArtifacts = await readProtectedArtifactSet(db(), {
      product: query.get("product") ?? "",
      context: query.get("context") ?? undefined,
      scope,
    });
    return { protected_artifacts: protectedArtifacts };
  }),
});
