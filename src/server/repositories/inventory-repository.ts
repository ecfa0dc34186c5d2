import { deploymentArtifactId } from "@/server/contracts/deployment";
import type { EnvironmentInventory } from "@/server/contracts/inventory";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { boundedPageSize, type LanePageRequest } from "@/server/repositories/record-page";
import type { StoredRecord } from "@/server/repositories/stored-record";
import { requiredDate } from "@/server/repositories/timestamps";
import { type Inventory, Prisma } from "@/generated/prisma/client";

/** The promoted columns of an inventory row (shared with the one-statement ingest). */
export function inventoryColumns(product: string, inventory: EnvironmentInventory) {
  return {
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
}

/** Environment inventory: current state, one row per lane (context, instance), replaced in place. */
export function inventoryRepository(db: DbClient) {
  return {
    /** Makes `inventory` the lane's current state. */
    async replace(product: string, inventory: EnvironmentInventory): Promise<void> {
      const columns = inventoryColumns(product, inventory);
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

    /** Lanes in (context, instance) order after `after` (bounded page, for streaming exports). */
    async listPage(page: LanePageRequest): Promise<Array<StoredRecord<EnvironmentInventory>>> {
      const after = page.after;
      const rows = await db.inventory.findMany({
        where: {
          ...(page.product ? { product: page.product } : {}),
          ...(after ? { OR: [{ context: { gt: after.context } }, { context: after.context, instance: { gt: after.instance } }] } : {}),
        },
        orderBy: [{ context: "asc" }, { instance: "asc" }],
        take: boundedPageSize(page.take),
      });
      return rows.map(toStored);
    },

    async count(filter: { product?: string } = {}): Promise<number> {
      return db.inventory.count({ where: filter.product ? { product: filter.product } : {} });
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
