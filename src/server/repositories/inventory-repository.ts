import { deploymentArtifactId } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import { type Inventory, Prisma } from "@/generated/prisma/client";

/** Environment inventory: current state, one row per lane (context, instance), replaced in place. */
export function inventoryRepository(db: DbClient) {
  return {
    /** Makes `inventory` the lane's current state. */
    async replace(product: string, inventory: EnvironmentInventory): Promise<void> {
      const columns = {
        product,
        artifactId: deploymentArtifactId(inventory),
        sourceGitRef: inventory.source_git_ref,
        updatedAt: requiredDate(inventory.updated_at, "inventory updated_at"),
        deploymentRecordId: inventory.deployment_record_id,
        promotionRecordId: inventory.promotion_record_id,
        promotedFromInstance: inventory.promoted_from_instance,
        runtimeIdentity: inventory.runtime_identity ? asJson(inventory.runtime_identity) : null,
        runtimeIdentityStatus: inventory.destination_health.runtime_identity_status,
        payload: asJson(inventory),
      };
      await db.inventory.upsert({
        where: { context_instance: { context: inventory.context, instance: inventory.instance } },
        create: {
          context: inventory.context,
          instance: inventory.instance,
          ...columns,
          runtimeIdentity: columns.runtimeIdentity ?? undefined,
        },
        update: {
          ...columns,
          // A lane whose new deployment carries no runtime identity must not keep the old one.
          runtimeIdentity: columns.runtimeIdentity ?? Prisma.DbNull,
          storedAt: new Date(),
        },
      });
    },

    async find(context: string, instance: string): Promise<StoredRecord<EnvironmentInventory> | null> {
      const row = await db.inventory.findUnique({ where: { context_instance: { context, instance } } });
      return row ? toStored(row) : null;
    },
  };
}

export type InventoryRepository = ReturnType<typeof inventoryRepository>;

function toStored(row: Inventory): StoredRecord<EnvironmentInventory> {
  return {
    product: row.product,
    record: row.payload as unknown as EnvironmentInventory,
    operationId: null,
    storedAt: row.storedAt,
  };
}
