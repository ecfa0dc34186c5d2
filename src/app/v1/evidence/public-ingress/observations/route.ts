import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { deliverAfterCommit } from "@/server/services/incident-notification-dispatch";
import { ingestPublicIngressObservation } from "@/server/services/public-ingress-observations";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.publicIngressObservationEvidence, {
    scope: (body) => ({ product: body.product, context: body.observation.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestPublicIngressObservation(db, body);
      deliverAfterCommit(outcome.notification);
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate, transition: outcome.transition },
        audit: outcome.duplicate ? null : { targetType: "public_ingress_observation", targetId: outcome.records.public_ingress_observation_id },
      };
    },
  }),
});
