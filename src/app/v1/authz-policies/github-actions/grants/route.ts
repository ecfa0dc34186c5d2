import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { addGithubActionsGrant, AUTHZ_POLICY_SCOPE } from "@/server/services/authz-policy";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.githubActionsGrant, {
    scope: () => ({ product: AUTHZ_POLICY_SCOPE, context: AUTHZ_POLICY_SCOPE }),
    handle: async ({ body, db, identity, traceId }) => {
      const outcome = await addGithubActionsGrant(db, body, identity, { traceId });
      return { records: outcome.records, result: outcome.result, replayable: body.mode !== "dry_run" };
    },
  }),
});
