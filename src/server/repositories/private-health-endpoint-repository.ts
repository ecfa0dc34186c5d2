import type { PrivateHealthEndpointRecord } from "@/server/contracts/private-health-endpoint";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

const ENDPOINT_LIST_LIMIT = 500;

/** Private health endpoints: current state keyed by endpoint_key (globally unique). */
export function privateHealthEndpointRepository(db: DbClient) {
  return {
    async find(endpointKey: string): Promise<PrivateHealthEndpointRecord | null> {
      const row = await db.privateHealthEndpoint.findUnique({ where: { endpointKey }, select: { payload: true } });
      return row ? (row.payload as unknown as PrivateHealthEndpointRecord) : null;
    },

    /** Records filtered by product/context/instance/status (each optional), sorted by key. */
    async list(
      filter: { product?: string; context?: string; instance?: string; status?: string; take?: number } = {},
    ): Promise<PrivateHealthEndpointRecord[]> {
      const rows = await db.privateHealthEndpoint.findMany({
        where: {
          ...(filter.product ? { product: filter.product } : {}),
          ...(filter.context ? { context: filter.context } : {}),
          ...(filter.instance ? { instance: filter.instance } : {}),
          ...(filter.status ? { status: filter.status } : {}),
        },
        orderBy: { endpointKey: "asc" },
        select: { payload: true },
        take: Math.min(filter.take ?? ENDPOINT_LIST_LIMIT, ENDPOINT_LIST_LIMIT),
      });
      return rows.map((row) => row.payload as unknown as PrivateHealthEndpointRecord);
    },

    /**
     * Inserts the record, or replaces it when the stored key belongs to the same product,
     * context and instance; one statement, so two lanes racing for one key cannot both win.
     * Returns false (and writes nothing) when the key is owned by another lane.
     */
    async upsertWithinScope(record: PrivateHealthEndpointRecord): Promise<boolean> {
      const updatedAt = requiredDate(record.updated_at, "private health endpoint updated_at");
      const payload = JSON.stringify(asJson(record));
      const rows = await db.$queryRaw<Array<{ endpoint_key: string }>>`
        INSERT INTO launchplane_private_health_endpoints
          (endpoint_key, product, context, instance, url, status, updated_at, payload)
        VALUES (${record.endpoint_key}, ${record.product}, ${record.context}, ${record.instance},
                ${record.url}, ${record.status}, ${updatedAt}, ${payload}::jsonb)
        ON CONFLICT (endpoint_key) DO UPDATE SET
          url = EXCLUDED.url, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, payload = EXCLUDED.payload
        WHERE launchplane_private_health_endpoints.product = EXCLUDED.product
          AND launchplane_private_health_endpoints.context = EXCLUDED.context
          AND launchplane_private_health_endpoints.instance = EXCLUDED.instance
        RETURNING endpoint_key`;
      return rows.length === 1;
    },
  };
}

export type PrivateHealthEndpointRepository = ReturnType<typeof privateHealthEndpointRepository>;
