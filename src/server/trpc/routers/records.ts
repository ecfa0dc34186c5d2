import { z } from "zod";
import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { EnvironmentInventory } from "@/server/contracts/inventory";
import { PreviewRecord } from "@/server/contracts/preview";
import { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import { PromotionRecord } from "@/server/contracts/promotion";
import { PublicIngressIncidentRecord } from "@/server/contracts/public-ingress-incident";
import { RecordReference, recordKind } from "@/server/contracts/record-reference";
import { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { findRecordsById, locateRecord, recordRelations } from "@/server/services/record-detail";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope, requireOperatorRead } from "@/server/trpc/operator-read-scope";
import { AuditEventView } from "@/server/trpc/routers/audit";

const base = {
  key: z.string(),
  product: z.string(),
  context: z.string(),
  instance: z.string(),
  links: z.array(z.object({ relation: z.string(), record: RecordReference })),
  provenance: z.array(AuditEventView),
  provenance_of: RecordReference.nullable(),
};

/**
 * A record detail: the record as its own contract defines it (the contract is
 * the whitelist: strict schemas, so nothing else is sent), its links and its
 * provenance.
 */
export const RecordDetailView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("deployment"), record: DeploymentRecord, ...base }),
  z.object({ kind: z.literal("promotion"), record: PromotionRecord, ...base }),
  z.object({ kind: z.literal("backup_gate"), record: BackupGateRecord, ...base }),
  z.object({ kind: z.literal("artifact"), record: ArtifactIdentityManifest, ...base }),
  z.object({ kind: z.literal("inventory"), record: EnvironmentInventory, ...base }),
  z.object({ kind: z.literal("release_tuple"), record: ReleaseTupleRecord, ...base }),
  z.object({ kind: z.literal("preview"), record: PreviewRecord, ...base }),
  z.object({ kind: z.literal("preview_generation"), record: PreviewGenerationRecord, ...base }),
  z.object({ kind: z.literal("incident"), record: PublicIngressIncidentRecord, ...base }),
]);
export type RecordDetailView = z.infer<typeof RecordDetailView>;

const recordKey = z.string().trim().min(1).max(401);

export const recordsRouter = router({
  /**
   * One record with links and provenance. 404 when it does not exist, then
   * 403 unless `product.read` is allowed on its product and context (as /v1).
   */
  get: operatorProcedure
    .input(z.object({ kind: recordKind, key: recordKey }))
    .output(RecordDetailView)
    .query(async ({ ctx, input }) => {
      const located = await locateRecord(ctx.db, input.kind, input.key);
      requireOperatorRead(ctx, located.product, located.context, `${input.kind.replace("_", " ")} ${input.key}`);
      const relations = await recordRelations(ctx.db, located, operatorReadScope(ctx));
      return { ...located, ...relations } as RecordDetailView;
    }),

  /** Records whose id is exactly `id`, in any family, that the operator may read. */
  lookup: operatorProcedure
    .input(z.object({ id: z.string().max(400) }))
    .output(z.array(RecordReference))
    .query(async ({ ctx, input }) => findRecordsById(ctx.db, input.id, operatorReadScope(ctx))),
});
