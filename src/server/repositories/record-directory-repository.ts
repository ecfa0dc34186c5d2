import type { RecordKind, RecordReference } from "@/server/contracts/record-reference";
import type { DbClient } from "@/server/repositories/db-client";
import { isoUtc } from "@/server/repositories/timestamps";
import { Prisma } from "@/generated/prisma/client";

/**
 * The record directory: short summaries of records of every family, by id
 * or by what links to what, each lookup one statement (UNION ALL of primary
 * key or indexed lookups), for record links, exact-id search and the
 * console's record pages.
 */

interface DirectoryRow {
  kind: RecordKind;
  key: string;
  product: string;
  context: string;
  instance: string;
  status: string;
  at: Date | null;
  detail: string;
}

/** The summary columns of each family, as one SELECT list. */
const SUMMARY: Record<RecordKind, { columns: Prisma.Sql; from: Prisma.Sql }> = {
  deployment: {
    columns: Prisma.sql`'deployment' AS kind, r.record_id AS key, r.product, r.context, r.instance, r.deploy_status AS status, r.occurred_at AS at, r.source_git_ref AS detail`,
    from: Prisma.sql`launchplane_deployments r`,
  },
  promotion: {
    columns: Prisma.sql`'promotion' AS kind, r.record_id AS key, r.product, r.context, r.to_instance AS instance, r.deploy_status AS status, r.occurred_at AS at, r.from_instance || ' → ' || r.to_instance AS detail`,
    from: Prisma.sql`launchplane_promotions r`,
  },
  backup_gate: {
    columns: Prisma.sql`'backup_gate' AS kind, r.record_id AS key, r.product, r.context, r.instance, r.status, r.occurred_at AS at, r.payload->>'source' AS detail`,
    from: Prisma.sql`launchplane_backup_gates r`,
  },
  artifact: {
    // Artifact manifests are product-wide: their authorization context is the product key.
    columns: Prisma.sql`'artifact' AS kind, r.artifact_id AS key, r.product, r.product AS context, '' AS instance, '' AS status, r.stored_at AS at, r.source_commit AS detail`,
    from: Prisma.sql`launchplane_artifact_manifests r`,
  },
  inventory: {
    columns: Prisma.sql`'inventory' AS kind, r.context || '/' || r.instance AS key, r.product, r.context, r.instance, COALESCE(r.payload->'deploy'->>'status', '') AS status, r.updated_at AS at, r.artifact_id AS detail`,
    from: Prisma.sql`launchplane_inventories r`,
  },
  release_tuple: {
    columns: Prisma.sql`'release_tuple' AS kind, r.context || '/' || r.channel AS key, r.product, r.context, r.channel AS instance, r.provenance AS status, r.minted_at AS at, r.tuple_id AS detail`,
    from: Prisma.sql`launchplane_release_tuples r`,
  },
  preview: {
    columns: Prisma.sql`'preview' AS kind, r.preview_id AS key, r.product, r.context, '' AS instance, r.state AS status, r.updated_at AS at, r.anchor_repo || '#' || r.anchor_pr_number AS detail`,
    from: Prisma.sql`launchplane_previews r`,
  },
  preview_generation: {
    columns: Prisma.sql`'preview_generation' AS kind, r.generation_id AS key, r.product, COALESCE(p.context, '') AS context, '' AS instance, r.state AS status, r.requested_at AS at, 'generation ' || r.sequence AS detail`,
    from: Prisma.sql`launchplane_preview_generations r LEFT JOIN launchplane_previews p ON p.preview_id = r.preview_id`,
  },
  incident: {
    columns: Prisma.sql`'incident' AS kind, r.incident_id AS key, r.product, r.context, r.instance, r.status, r.opened_at AS at, r.check_name AS detail`,
    from: Prisma.sql`launchplane_public_ingress_incidents r`,
  },
};

function branch(kind: RecordKind, where: Prisma.Sql, take: number, order: Prisma.Sql = Prisma.empty): Prisma.Sql {
  const { columns, from } = SUMMARY[kind];
  return Prisma.sql`(SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${take})`;
}

async function run(db: DbClient, branches: Prisma.Sql[]): Promise<RecordReference[]> {
  if (branches.length === 0) return [];
  const rows = await db.$queryRaw<DirectoryRow[]>`${Prisma.join(branches, " UNION ALL ")}`;
  return rows.map((row) => ({
    kind: row.kind,
    key: row.key,
    product: row.product,
    context: row.context,
    instance: row.instance,
    status: row.status ?? "",
    at: row.at ? isoUtc(row.at) : "",
    detail: row.detail ?? "",
  }));
}

/** A record a detail view links from: by kind and key. */
export interface RecordKey {
  kind: RecordKind;
  key: string;
}

/** What links to a record: the ids other records carry in their link fields. */
export interface ReferencingQuery {
  deploymentId?: string;
  promotionId?: string;
  backupGateId?: string;
  /** Records built from this artifact; `product` bounds the promotions scan (no artifact index there). */
  artifact?: { id: string; product: string };
}

const NEWEST_FIRST = Prisma.sql`ORDER BY at DESC NULLS LAST`;

export function recordDirectoryRepository(db: DbClient) {
  return {
    /**
     * Every record whose id is exactly `id`, whatever its family: record ids,
     * artifact, preview, generation, incident and tuple ids, and inventory
     * record ids (`<context>-<instance>`). One statement.
     */
    async findById(id: string, take = 20): Promise<RecordReference[]> {
      return run(db, [
        branch("deployment", Prisma.sql`r.record_id = ${id}`, 1),
        branch("promotion", Prisma.sql`r.record_id = ${id}`, 1),
        branch("backup_gate", Prisma.sql`r.record_id = ${id}`, 1),
        branch("artifact", Prisma.sql`r.artifact_id = ${id}`, 1),
        branch("preview", Prisma.sql`r.preview_id = ${id}`, 1),
        branch("preview_generation", Prisma.sql`r.generation_id = ${id}`, 1),
        branch("incident", Prisma.sql`r.incident_id = ${id}`, 1),
        // One row per lane: small tables, so no index is needed on these keys.
        branch("release_tuple", Prisma.sql`r.tuple_id = ${id}`, take),
        branch("inventory", Prisma.sql`r.context || '-' || r.instance = ${id}`, take),
      ]);
    },

    /** Summaries of the given records that exist (one statement). */
    async findMany(keys: readonly RecordKey[]): Promise<RecordReference[]> {
      const byKind = new Map<RecordKind, string[]>();
      for (const { kind, key } of keys) if (key) byKind.set(kind, [...(byKind.get(kind) ?? []), key]);
      const branches: Prisma.Sql[] = [];
      const ids = (kind: RecordKind) => [...new Set(byKind.get(kind) ?? [])];
      const single: Array<[RecordKind, Prisma.Sql]> = [
        ["deployment", Prisma.sql`r.record_id`],
        ["promotion", Prisma.sql`r.record_id`],
        ["backup_gate", Prisma.sql`r.record_id`],
        ["artifact", Prisma.sql`r.artifact_id`],
        ["preview", Prisma.sql`r.preview_id`],
        ["preview_generation", Prisma.sql`r.generation_id`],
        ["incident", Prisma.sql`r.incident_id`],
      ];
      for (const [kind, column] of single) {
        const list = ids(kind);
        if (list.length) branches.push(branch(kind, Prisma.sql`${column} = ANY(${list}::text[])`, list.length));
      }
      for (const [kind, second] of [
        ["inventory", Prisma.sql`r.instance`],
        ["release_tuple", Prisma.sql`r.channel`],
      ] as const) {
        const pairs = ids(kind)
          .map((key) => key.split("/"))
          .filter((parts): parts is [string, string] => parts.length === 2);
        if (!pairs.length) continue;
        const contexts = pairs.map(([context]) => context);
        const seconds = pairs.map(([, value]) => value);
        branches.push(
          branch(kind, Prisma.sql`(r.context, ${second}) IN (SELECT * FROM unnest(${contexts}::text[], ${seconds}::text[]))`, pairs.length),
        );
      }
      return run(db, branches);
    },

    /** Records that name the given ids in their link fields, newest first per family (one statement). */
    async referencing(query: ReferencingQuery, take = 20): Promise<RecordReference[]> {
      const branches: Prisma.Sql[] = [];
      const { deploymentId, promotionId, backupGateId, artifact } = query;
      if (deploymentId) {
        branches.push(branch("promotion", Prisma.sql`r.deployment_record_id = ${deploymentId}`, take, NEWEST_FIRST));
        branches.push(branch("inventory", Prisma.sql`r.deployment_record_id = ${deploymentId}`, take));
        branches.push(branch("release_tuple", Prisma.sql`r.deployment_record_id = ${deploymentId}`, take));
      }
      if (promotionId) {
        branches.push(branch("inventory", Prisma.sql`r.promotion_record_id = ${promotionId}`, take));
        branches.push(branch("release_tuple", Prisma.sql`r.promotion_record_id = ${promotionId}`, take));
      }
      if (backupGateId) {
        branches.push(branch("promotion", Prisma.sql`r.backup_record_id = ${backupGateId}`, take, NEWEST_FIRST));
      }
      if (artifact) {
        branches.push(branch("deployment", Prisma.sql`r.artifact_id = ${artifact.id}`, take, NEWEST_FIRST));
        branches.push(
          branch("promotion", Prisma.sql`r.product = ${artifact.product} AND r.artifact_id = ${artifact.id}`, take, NEWEST_FIRST),
        );
        branches.push(branch("inventory", Prisma.sql`r.artifact_id = ${artifact.id}`, take));
        branches.push(branch("release_tuple", Prisma.sql`r.artifact_id = ${artifact.id}`, take));
        branches.push(branch("preview_generation", Prisma.sql`r.artifact_id = ${artifact.id}`, take, NEWEST_FIRST));
      }
      return run(db, branches);
    },
  };
}

export type RecordDirectoryRepository = ReturnType<typeof recordDirectoryRepository>;
