import type { SecretBinding } from "@/server/contracts/secret-binding";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

const BINDING_LIST_LIMIT = 500;

/** Secret bindings: current state keyed by binding_id (`<secret_id>-binding-<slug(key)>`). */
export function secretBindingRepository(db: DbClient) {
  return {
    async find(bindingId: string): Promise<SecretBinding | null> {
      const row = await db.secretBinding.findUnique({ where: { bindingId }, select: { payload: true } });
      return row ? (row.payload as unknown as SecretBinding) : null;
    },

    async upsert(binding: SecretBinding): Promise<void> {
      const columns = {
        secretId: binding.secret_id,
        integration: binding.integration,
        bindingKey: binding.binding_key,
        context: binding.context,
        instance: binding.instance,
        status: binding.status,
        updatedAt: requiredDate(binding.updated_at, "secret binding updated_at"),
        payload: asJson(binding),
      };
      await db.secretBinding.upsert({
        where: { bindingId: binding.binding_id },
        create: { bindingId: binding.binding_id, ...columns },
        update: columns,
      });
    },

    /** Bindings of some secrets, by secret then binding key. */
    async listForSecrets(secretIds: string[], take = BINDING_LIST_LIMIT): Promise<SecretBinding[]> {
      if (secretIds.length === 0) return [];
      const rows = await db.secretBinding.findMany({
        where: { secretId: { in: secretIds } },
        orderBy: [{ secretId: "asc" }, { bindingKey: "asc" }, { bindingId: "asc" }],
        select: { payload: true },
        take: Math.min(take, BINDING_LIST_LIMIT),
      });
      return rows.map((row) => row.payload as unknown as SecretBinding);
    },

    /**
     * Bindings that can reach a lane, newest first: the lane's own (context+instance), its
     * context's (instance ""), and global ones (both ""). Optionally only some binding keys
     * and/or one integration.
     */
    async listReachingLane(
      context: string,
      instance: string,
      options: { bindingKeys?: string[]; integration?: string; take?: number } = {},
    ): Promise<SecretBinding[]> {
      const rows = await db.secretBinding.findMany({
        where: {
          OR: [
            { context, instance },
            { context, instance: "" },
            { context: "", instance: "" },
          ],
          ...(options.bindingKeys ? { bindingKey: { in: options.bindingKeys } } : {}),
          ...(options.integration ? { integration: options.integration } : {}),
        },
        orderBy: [{ updatedAt: "desc" }, { bindingId: "asc" }],
        select: { payload: true },
        take: Math.min(options.take ?? BINDING_LIST_LIMIT, BINDING_LIST_LIMIT),
      });
      return rows.map((row) => row.payload as unknown as SecretBinding);
    },
  };
}

export type SecretBindingRepository = ReturnType<typeof secretBindingRepository>;
