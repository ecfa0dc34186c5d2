import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { requestWorkflowPreviewCleanup } from "@/server/services/preview-cleanup-request";

export const dynamic = "force-dynamic";

/** apply=true is the workflow's approval of the cleanup and needs preview_cleanup.apply (DECISIONS 13). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewLifecycleCleanup, {
    scope: (body) => ({ product: body.product, context: body.context, action: body.apply ? "preview_cleanup.apply" : undefined }),
    handle: async ({ body, db, identity, traceId }) => {
      const outcome = await requestWorkflowPreviewCleanup(db, body, identity, traceId);
      return { records: outcome.records, result: { ...outcome.result, awaits_execution: outcome.awaitsExecution } };
    },
  }),
});
