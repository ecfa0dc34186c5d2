import type { IngressCanaryRouteRecord, IngressCanaryRouteStatus } from "@/server/contracts/ingress-canary-route";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";
import type { IngressCanaryRoute } from "@/generated/prisma/client";

/** Ingress canary routes: route authority for canary applies, current state keyed by canary_key. */
export function ingressCanaryRouteRepository(db: DbClient) {
  return {
    async upsert(record: IngressCanaryRouteRecord): Promise<void> {
      const columns = {
        product: record.product,
        context: record.context,
        domainName: record.domain_name,
        expectedHostId: record.expected_host_id,
        edgeEndpointKey: record.edge_endpoint_key,
        // The value is an id or the literal "new"; the column keeps its text form.
        certificateId: String(record.certificate_id),
        status: record.status,
        updatedAt: requiredDate(record.updated_at, "ingress canary route updated_at"),
        payload: asJson(record),
      };
      await db.ingressCanaryRoute.upsert({
        where: { canaryKey: record.canary_key },
        create: { canaryKey: record.canary_key, ...columns },
        update: columns,
      });
    },

    async find(canaryKey: string): Promise<IngressCanaryRouteRecord | null> {
      const row = await db.ingressCanaryRoute.findUnique({ where: { canaryKey } });
      return row ? toRecord(row) : null;
    },

    /** A product's canary routes (optionally one context or status), ordered by key. */
    async listForProduct(
      product: string,
      filter: { context?: string; status?: IngressCanaryRouteStatus; take: number },
    ): Promise<IngressCanaryRouteRecord[]> {
      const rows = await db.ingressCanaryRoute.findMany({
        where: { product, context: filter.context, status: filter.status },
        orderBy: { canaryKey: "asc" },
        take: filter.take,
      });
      return rows.map(toRecord);
    },

    /** Canary routes that send traffic through an edge endpoint (e.g. before disabling it). */
    async listForEdgeEndpoint(edgeEndpointKey: string, take: number): Promise<IngressCanaryRouteRecord[]> {
      const rows = await db.ingressCanaryRoute.findMany({
        where: { edgeEndpointKey },
        orderBy: { canaryKey: "asc" },
        take,
      });
      return rows.map(toRecord);
    },
  };
}

export type IngressCanaryRouteRepository = ReturnType<typeof ingressCanaryRouteRepository>;

function toRecord(row: IngressCanaryRoute): IngressCanaryRouteRecord {
  return row.payload as unknown as IngressCanaryRouteRecord;
}
