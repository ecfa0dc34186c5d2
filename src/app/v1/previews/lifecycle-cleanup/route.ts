import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { requestPreviewLifecycleCleanup } from "@/server/services/preview-lifecycle-cleanup";

export const dynamic = "force-dynamic";

/**
 * apply=true is the workflow's approval of the cleanup: it needs
 * preview_cleanup.apply and is audited with the workflow identity
 * (DECISIONS 13); the cleanup itself runs later as a guarded operation.
 */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewLifecycleCleanup, {
    scope: (body) => ({ product: body.product, context: body.context, action: body.apply ? "preview_cleanup.apply" : undefined }),
    handle: async ({ body, db }) => {
      const outcome = await requestPreviewLifecycleCleanup(db, body);
      return {
        records: outcome.records,
        result: { ...outcome.result, awaits_execution: outcome.awaitsExecution },
        audit: { targetType: "preview_lifecycle_cleanup", targetId: outcome.records.preview_lifecycle_cleanup_id },
      };
    },
  }),
});
