import { db } from "@/server/db";
import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import {
  type DeploymentEvidenceResult,
  ingestDeploymentEvidence,
  ingestNewDeploymentInOneStatement,
} from "@/server/services/deployment-evidence";

export const dynamic = "force-dynamic";

const accepted = (outcome: DeploymentEvidenceResult) => ({
  records: outcome.records,
  result: { duplicate: outcome.duplicate, release_tuple: outcome.releaseTuple },
  audit: outcome.duplicate ? null : { targetType: "deployment", targetId: outcome.records.deployment_record_id },
});

/** New evidence goes through one statement; everything else through the transactional path. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.deploymentEvidence, {
    scope: (body) => ({ product: body.product, context: body.deployment.context }),
    fastPath: async ({ body, idempotency, auditEvent }) => {
      const outcome = await ingestNewDeploymentInOneStatement(
        db(),
        body,
        idempotency && { ...idempotency, responseFor: (result) => idempotency.responseFor(accepted(result)) },
        auditEvent({ targetType: "deployment", targetId: body.deployment.record_id }),
      );
      return outcome && accepted(outcome);
    },
    handle: async ({ body, db: database }) => accepted(await ingestDeploymentEvidence(database, body)),
  }),
});
