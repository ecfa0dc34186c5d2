// Provider target: provider-neutral deploy target identity for a lane (current-read authority).
// Mirrors ProviderTargetRecord in upstream control_plane/contracts/deploy_target.py (shared target vocabulary lives in ./deploy-evidence).
import { z } from "zod";

import type { DokployTargetIdRecord } from "./dokploy-target-id";
import type { DokployTargetRecord } from "./dokploy-target";
import { DeployTargetCategory, DeployedTargetReference } from "./deploy-evidence";
import { nonBlank, schemaVersion, timestamp } from "./primitives";

const lowerTrimmed = () => z.string().trim().toLowerCase();

/** Provider evidence: keys trimmed and non-empty, values trimmed. */
export const providerEvidence = z
  .record(z.string(), z.string())
  .default(() => ({}))
  .transform((evidence, ctx) => {
    const normalized: Record<string, string> = {};
    for (const [rawKey, rawValue] of Object.entries(evidence)) {
      const key = rawKey.trim();
      if (!key) {
        ctx.addIssue({ code: "custom", message: "provider target evidence keys must be non-empty" });
        return z.NEVER;
      }
      normalized[key] = rawValue.trim();
    }
    return normalized;
  });

export const ProviderTargetRecord = z.strictObject({
  schema_version: schemaVersion,
  context: nonBlank("provider target record context").trim(),
  instance: nonBlank("provider target record instance").trim(),
  provider_id: nonBlank("provider target record provider_id").trim().toLowerCase(),
  target_category: DeployTargetCategory.default("unknown"),
  target_id: nonBlank("provider target record target_id").trim(),
  display_name: nonBlank("provider target record display_name").trim(),
  provider_target_type: lowerTrimmed().default(""),
  provider_evidence: providerEvidence,
  updated_at: timestamp,
  source_label: z.string().trim().default(""),
});
export type ProviderTargetRecord = z.output<typeof ProviderTargetRecord>;

/**
 * Neutral projection of a paired Dokploy target + target-id record (upstream
 * `ProviderTargetRecord.from_dokploy_records`), used for audit/backfill comparison only.
 */
export function providerTargetFromDokployRecords(
  target: DokployTargetRecord,
  targetId: DokployTargetIdRecord,
): ProviderTargetRecord {
  if (target.context !== targetId.context) throw new Error("Dokploy target context must match target-id context");
  if (target.instance !== targetId.instance) throw new Error("Dokploy target instance must match target-id instance");
  return ProviderTargetRecord.parse({
    context: target.context,
    instance: target.instance,
    provider_id: "dokploy",
    target_category: target.target_type,
    target_id: targetId.target_id,
    display_name: target.target_name || target.instance,
    provider_target_type: target.target_type,
    provider_evidence: target.project_name ? { project_name: target.project_name } : {},
    // Upstream takes the lexicographic max of the two ISO strings.
    updated_at: target.updated_at > targetId.updated_at ? target.updated_at : targetId.updated_at,
    source_label: target.source_label.trim() || targetId.source_label.trim(),
  });
}

/** The deployed-target evidence shape of a provider target row. */
export function providerTargetToDeployedReference(record: ProviderTargetRecord): DeployedTargetReference {
  return DeployedTargetReference.parse({
    provider_id: record.provider_id,
    target_category: record.target_category,
    target_id: record.target_id,
    display_name: record.display_name,
    provider_target_type: record.provider_target_type,
    provider_evidence: record.provider_evidence,
  });
}
