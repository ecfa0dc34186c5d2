import { identityLabel } from "@/server/auth/identity";
import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import {
  deliverPreviewPrFeedback,
  previewPrFeedbackAlternativeActions,
  recordDeliveredPreviewPrFeedback,
} from "@/server/services/preview-pr-feedback-delivery";

export const dynamic = "force-dynamic";

/**
 * The comment is published outside any transaction (gather), then the
 * attempt is recorded. Status-specific grants authorize too (upstream).
 * Dry runs store nothing and are never replayed (DECISIONS 9).
 */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewPrFeedback, {
    scope: (body) => ({ product: body.product, context: body.context, alternativeActions: previewPrFeedbackAlternativeActions(body.status) }),
    gather: ({ body, identity }) => deliverPreviewPrFeedback(db(), body, { actor: identityLabel(identity) }),
    handle: async ({ body, db: database, gathered }) => {
      const outcome = await recordDeliveredPreviewPrFeedback(database, body, gathered);
      const feedbackId = outcome.records.preview_pr_feedback_id;
      return {
        records: outcome.records,
        result: outcome.result,
        replayable: !outcome.dryRun,
        audit: feedbackId ? { targetType: "preview_pr_feedback", targetId: feedbackId } : null,
      };
    },
  }),
});
