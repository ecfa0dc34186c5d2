import { identityLabel } from "@/server/auth/identity";
import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { recordPreviewDesiredState } from "@/server/services/preview-desired-state";
import { discoverPreviewDesiredState } from "@/server/services/preview-desired-state-discovery";

export const dynamic = "force-dynamic";

/**
 * GitHub is asked outside any transaction (gather); the record is written
 * after. Upstream's action name `preview_desired_state.discover` authorizes too.
 */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewDesiredState, {
    scope: (body) => ({ product: body.product, context: body.context, alternativeActions: ["preview_desired_state.discover"] }),
    gather: ({ body, identity }) => discoverPreviewDesiredState(db(), body, { actor: identityLabel(identity) }),
    handle: async ({ body, db: database, gathered }) => {
      const outcome = await recordPreviewDesiredState(database, { product: body.product, desired_state: gathered });
      return {
        records: outcome.records,
        result: outcome.result,
        audit: outcome.duplicate ? null : { targetType: "preview_desired_state", targetId: outcome.records.preview_desired_state_id },
      };
    },
  }),
});
