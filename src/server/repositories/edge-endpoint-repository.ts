import type { EdgeEndpointRecord, EdgeEndpointStatus } from "@/server/contracts/edge-endpoint";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";
import type { EdgeEndpoint } from "@/generated/prisma/client";

/** Edge endpoints: shared (not product-scoped) current state, one row per endpoint_key. */
export function edgeEndpointRepository(db: DbClient) {
  return {
    /** Writes the endpoint, replacing any stored version of the same key. */
    async upsert(record: EdgeEndpointRecord): Promise<void> {
      const columns = {
        provider: record.provider,
        serverName: record.server_name,
        upstreamHost: record.upstream_host,
        upstreamScheme: record.upstream_scheme,
        upstreamPort: record.upstream_port,
        status: record.status,
        updatedAt: requiredDate(record.updated_at, "edge endpoint updated_at"),
        payload: asJson(record),
      };
      await db.edgeEndpoint.upsert({
        where: { endpointKey: record.endpoint_key },
        create: { endpointKey: record.endpoint_key, ...columns },
        update: columns,
      });
    },

    async find(endpointKey: string): Promise<EdgeEndpointRecord | null> {
      const row = await db.edgeEndpoint.findUnique({ where: { endpointKey } });
      return row ? toRecord(row) : null;
    },

    /** Endpoints ordered by key, optionally one provider or status. */
    async list(filter: { provider?: string; status?: EdgeEndpointStatus; take: number }): Promise<EdgeEndpointRecord[]> {
      const rows = await db.edgeEndpoint.findMany({
        where: { provider: filter.provider, status: filter.status },
        orderBy: { endpointKey: "asc" },
        take: filter.take,
      });
      return rows.map(toRecord);
    },
  };
}

export type EdgeEndpointRepository = ReturnType<typeof edgeEndpointRepository>;

function toRecord(row: EdgeEndpoint): EdgeEndpointRecord {
  return row.payload as unknown as EdgeEndpointRecord;
}
