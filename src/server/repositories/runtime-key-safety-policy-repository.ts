import {
  type RuntimeKeySafetyPolicyRecord,
  type RuntimeKeySafetyPolicyStatus,
  runtimeKeySafetyPolicySha256,
} from "@/server/contracts/runtime-key-safety-policy";
import { lockForTransaction } from "@/server/repositories/advisory-lock";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

/** A stored policy with its content digest (promoted so "unchanged" needs no rehash). */
export interface StoredRuntimeKeySafetyPolicy {
  record: RuntimeKeySafetyPolicyRecord;
  policySha256: string;
}

/**
 * Runtime key-safety policies: one row per imported policy version. At most one row is
 * `active` (a partial unique index enforces it); a new active version supersedes the previous
 * one in the writer's transaction.
 */
export function runtimeKeySafetyPolicyRepository(db: DbClient) {
  return {
    async findActive(): Promise<StoredRuntimeKeySafetyPolicy | null> {
      const row = await db.runtimeKeySafetyPolicy.findFirst({
        where: { status: "active" },
        orderBy: [{ updatedAt: "desc" }, { recordId: "desc" }],
        select: { payload: true, policySha256: true },
      });
      return row ? { record: row.payload as unknown as RuntimeKeySafetyPolicyRecord, policySha256: row.policySha256 } : null;
    },

    async find(recordId: string): Promise<StoredRuntimeKeySafetyPolicy | null> {
      const row = await db.runtimeKeySafetyPolicy.findUnique({
        where: { recordId },
        select: { payload: true, policySha256: true },
      });
      return row ? { record: row.payload as unknown as RuntimeKeySafetyPolicyRecord, policySha256: row.policySha256 } : null;
    },

    /** Newest first, optionally of one status. */
    async list(options: { status?: RuntimeKeySafetyPolicyStatus; take?: number } = {}): Promise<StoredRuntimeKeySafetyPolicy[]> {
      const rows = await db.runtimeKeySafetyPolicy.findMany({
        where: options.status ? { status: options.status } : undefined,
        orderBy: [{ updatedAt: "desc" }, { recordId: "desc" }],
        select: { payload: true, policySha256: true },
        take: Math.min(options.take ?? 50, 200),
      });
      return rows.map((row) => ({
        record: row.payload as unknown as RuntimeKeySafetyPolicyRecord,
        policySha256: row.policySha256,
      }));
    },

    /** Inserts a policy version; the record id must be new. */
    async insert(record: RuntimeKeySafetyPolicyRecord): Promise<void> {
      await db.runtimeKeySafetyPolicy.create({
        data: {
          recordId: record.record_id,
          status: record.status,
          source: record.source,
          policySha256: runtimeKeySafetyPolicySha256(record),
          updatedAt: requiredDate(record.updated_at, "runtime key-safety policy updated_at"),
          payload: asJson(record),
        },
        select: { recordId: true },
      });
    },

    /** Marks every active version superseded (column and payload alike). Returns how many. */
    async supersedeActive(): Promise<number> {
      return db.$executeRaw`
        UPDATE launchplane_runtime_key_safety_policies
        SET status = 'superseded', payload = jsonb_set(payload, '{status}', '"superseded"')
        WHERE status = 'active'`;
    },

    /** Holds policy writers until the transaction ends (the active row is a singleton). */
    lockWriters(): Promise<void> {
      return lockForTransaction(db, "runtime_key_safety_policy", "active");
    },
  };
}

export type RuntimeKeySafetyPolicyRepository = ReturnType<typeof runtimeKeySafetyPolicyRepository>;
