import type { RuntimeEnvironmentRecord, RuntimeEnvironmentScope } from "@/server/contracts/runtime-environment";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

const SCOPE_ORDER: Record<RuntimeEnvironmentScope, number> = { global: 0, context: 1, instance: 2 };

/**
 * Runtime environment records: current state keyed by (scope, context, instance), unused parts
 * "". Values are payload-only; callers that show records expose key names, never values.
 */
export function runtimeEnvironmentRepository(db: DbClient) {
  return {
    async find(scope: RuntimeEnvironmentScope, context = "", instance = ""): Promise<RuntimeEnvironmentRecord | null> {
      const row = await db.runtimeEnvironment.findUnique({
        where: { scope_context_instance: { scope, context, instance } },
        select: { payload: true },
      });
      return row ? (row.payload as unknown as RuntimeEnvironmentRecord) : null;
    },

    async upsert(record: RuntimeEnvironmentRecord): Promise<void> {
      const key = { scope: record.scope, context: record.context, instance: record.instance };
      const columns = { updatedAt: requiredDate(record.updated_at, "runtime environment updated_at"), payload: asJson(record) };
      await db.runtimeEnvironment.upsert({
        where: { scope_context_instance: key },
        create: { ...key, ...columns },
        update: columns,
      });
    },

    /**
     * The records that apply to a lane, least specific first: the global record, the lane
     * context's record, the lane's own record (at most three rows, one query).
     */
    async listForLane(context: string, instance: string): Promise<RuntimeEnvironmentRecord[]> {
      const rows = await db.runtimeEnvironment.findMany({
        where: {
          OR: [
            { scope: "global", context: "", instance: "" },
            { scope: "context", context, instance: "" },
            { scope: "instance", context, instance },
          ],
        },
        select: { scope: true, payload: true },
        take: 3,
      });
      return rows
        .sort((left, right) => SCOPE_ORDER[left.scope as RuntimeEnvironmentScope] - SCOPE_ORDER[right.scope as RuntimeEnvironmentScope])
        .map((row) => row.payload as unknown as RuntimeEnvironmentRecord);
    },

    /** Every record of one context (context- and instance-scoped), bounded. */
    async listForContext(context: string, take = 200): Promise<RuntimeEnvironmentRecord[]> {
      const rows = await db.runtimeEnvironment.findMany({
        where: { context },
        orderBy: [{ scope: "asc" }, { instance: "asc" }],
        select: { payload: true },
        take: Math.min(take, 200),
      });
      return rows.map((row) => row.payload as unknown as RuntimeEnvironmentRecord);
    },
  };
}

export type RuntimeEnvironmentRepository = ReturnType<typeof runtimeEnvironmentRepository>;
