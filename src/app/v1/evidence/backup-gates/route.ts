import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestBackupGateEvidence } from "@/server/services/backup-gate-evidence";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.backupGateEvidence, {
    scope: (body) => ({ product: body.product, context: body.backup_gate.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestBackupGateEvidence(db, body);
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate },
        audit: outcome.duplicate ? null : { targetType: "backup_gate", targetId: outcome.records.backup_gate_record_id },
      };
    },
  }),
});
