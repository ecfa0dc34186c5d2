import { AuthzPolicyRecord, authzPolicyStatus } from "@/server/contracts/authz-policy";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";
import type { AuthzPolicy as AuthzPolicyRow } from "@/generated/prisma/client";

// Advisory lock key taken by every writer of the policy history (an arbitrary constant).
const POLICY_WRITE_LOCK = 7_401_530_261;

/**
 * Authz policy history. At most one row is `active` (partial unique index);
 * a change inserts the new active row and supersedes the previous one in the
 * same transaction.
 */
export function authzPolicyRepository(db: DbClient) {
  return {
    /**
     * Serializes policy writers until the surrounding transaction ends, so a
     * writer reads the active row only after any concurrent change committed.
     */
    async lockForWrite(): Promise<void> {
      await db.$executeRaw`select pg_advisory_xact_lock(${POLICY_WRITE_LOCK}::bigint)`;
    },

    async findActive(): Promise<AuthzPolicyRecord | null> {
      const row = await db.authzPolicy.findFirst({
        where: { status: "active" },
        orderBy: [{ updatedAt: "desc" }, { recordId: "desc" }],
      });
      return row ? toRecord(row) : null;
    },

    async find(recordId: string): Promise<AuthzPolicyRecord | null> {
      const row = await db.authzPolicy.findUnique({ where: { recordId } });
      return row ? toRecord(row) : null;
    },

    async insert(record: AuthzPolicyRecord): Promise<void> {
      await db.authzPolicy.create({
        data: {
          recordId: record.record_id,
          status: record.status,
          source: record.source,
          policySha256: record.policy_sha256,
          updatedAt: requiredDate(record.updated_at, "authz policy updated_at"),
          payload: asJson(record),
        },
      });
    },

    /** Marks the active record superseded (column and payload); false when it was not active. */
    async supersede(recordId: string): Promise<boolean> {
      const count = await db.$executeRaw`
        update launchplane_authz_policies
           set status = 'superseded', payload = jsonb_set(payload, '{status}', '"superseded"'::jsonb)
         where record_id = ${recordId} and status = 'active'`;
      return count === 1;
    },
  };
}

export type AuthzPolicyRepository = ReturnType<typeof authzPolicyRepository>;

// Parsing re-checks policy_sha256 against the stored policy: a payload that no
// longer matches its digest fails loudly instead of authorizing anything.
function toRecord(row: AuthzPolicyRow): AuthzPolicyRecord {
  return { ...AuthzPolicyRecord.parse(row.payload), status: authzPolicyStatus.parse(row.status) };
}
