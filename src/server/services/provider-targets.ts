import type { z } from "zod";
import { canonicalJson } from "@/server/contracts/canonical-json";
import type { DeployedTargetReference } from "@/server/contracts/deploy-evidence";
import { DokployTargetIdRecord } from "@/server/contracts/dokploy-target-id";
import { DokployTargetRecord } from "@/server/contracts/dokploy-target";
import { OdooInstanceOverrideRecord } from "@/server/contracts/odoo-instance-override";
import { ProviderTargetRecord, providerTargetToDeployedReference } from "@/server/contracts/provider-target";
import { LaunchplaneError } from "@/server/errors";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import { dokployTargetIdRepository } from "@/server/repositories/dokploy-target-id-repository";
import { dokployTargetRepository } from "@/server/repositories/dokploy-target-repository";
import { odooInstanceOverrideRepository } from "@/server/repositories/odoo-instance-override-repository";
import { type LaneKey, providerTargetRepository } from "@/server/repositories/provider-target-repository";
import { requiredDate } from "@/server/repositories/timestamps";
import { parseContract } from "@/server/services/contract-input";

export interface LaneTarget {
  record: ProviderTargetRecord;
  /** The same identity in the shape deployment evidence carries. */
  deployed_target: DeployedTargetReference;
}

/**
 * The deployed target identity of a lane: its explicit provider-target row,
 * or nothing. Paired Dokploy target and target-id records are provider
 * execution configuration and audit material; they never stand in for a
 * missing provider-target row.
 */
export async function readLaneTarget(db: DbClient, lane: LaneKey): Promise<LaneTarget | null> {
  const record = await providerTargetRepository(db).find(lane);
  return record ? { record, deployed_target: providerTargetToDeployedReference(record) } : null;
}

/** `unchanged`: the stored record is already identical; nothing was written. */
export type CurrentStateWrite = "created" | "updated" | "unchanged";

interface LaneRecord {
  context: string;
  instance: string;
  updated_at: string;
}

interface LaneStore<T extends LaneRecord> {
  find(lane: LaneKey): Promise<T | null>;
  upsert(record: T): Promise<void>;
}

/**
 * Writes a lane-keyed current-state record (import, seed, operator tools).
 * An identical record writes nothing; a record older than the stored one is
 * refused, so replaying an old snapshot never rolls current authority back.
 */
async function writeLaneRecord<T extends LaneRecord>(
  db: DbClient,
  record: T,
  what: string,
  store: (tx: DbClient) => LaneStore<T>,
): Promise<CurrentStateWrite> {
  return inTransaction(db, async (tx) => {
    const repository = store(tx);
    const existing = await repository.find({ context: record.context, instance: record.instance });
    if (existing) {
      if (canonicalJson(existing) === canonicalJson(record)) return "unchanged";
      const storedAt = requiredDate(existing.updated_at, `${what} updated_at`);
      if (requiredDate(record.updated_at, `${what} updated_at`) < storedAt) {
        throw new LaunchplaneError(
          "record_conflict",
          `${what} ${record.context}/${record.instance} is stored with a newer updated_at (${existing.updated_at}) than ${record.updated_at}`,
        );
      }
    }
    await repository.upsert(record);
    return existing ? "updated" : "created";
  });
}

export async function upsertProviderTarget(db: DbClient, input: z.input<typeof ProviderTargetRecord>): Promise<CurrentStateWrite> {
  const record = parseContract(ProviderTargetRecord, input, "provider target record");
  return writeLaneRecord(db, record, "provider target", providerTargetRepository);
}

export async function upsertDokployTarget(db: DbClient, input: z.input<typeof DokployTargetRecord>): Promise<CurrentStateWrite> {
  const record = parseContract(DokployTargetRecord, input, "Dokploy target record");
  return writeLaneRecord(db, record, "Dokploy target", dokployTargetRepository);
}

export async function upsertDokployTargetId(db: DbClient, input: z.input<typeof DokployTargetIdRecord>): Promise<CurrentStateWrite> {
  const record = parseContract(DokployTargetIdRecord, input, "Dokploy target-id record");
  return writeLaneRecord(db, record, "Dokploy target-id", dokployTargetIdRepository);
}

export async function upsertOdooInstanceOverride(
  db: DbClient,
  input: z.input<typeof OdooInstanceOverrideRecord>,
): Promise<CurrentStateWrite> {
  const record = parseContract(OdooInstanceOverrideRecord, input, "Odoo instance override record");
  return writeLaneRecord(db, record, "Odoo instance override", odooInstanceOverrideRepository);
}
