import type { SecretRecord, SecretScope, SecretVersion, SecretVersionMetadata } from "@/server/contracts/secret";
import { lockForTransaction } from "@/server/repositories/advisory-lock";
import { asJson, type DbClient } from "@/server/repositories/db-client";
import { requiredDate } from "@/server/repositories/timestamps";

/** The natural key a write looks a secret up by (unique in the table). */
export interface SecretNaturalKey {
  scope: SecretScope;
  integration: string;
  name: string;
  context: string;
  instance: string;
}

/** Version metadata of one secret, without any encrypted material. */
export interface SecretVersionStats {
  versionCount: number;
  currentVersion: SecretVersionMetadata | null;
}

const LANE_SECRET_LIMIT = 200;

/**
 * Managed secret records and their encrypted versions.
 *
 * `launchplane_secret_versions.payload` holds ciphertext. `readCurrentVersionForDecryption` is
 * the only code in the project that selects it; every other read here strips it inside the
 * database (`payload - 'ciphertext'`) so it never reaches the application.
 */
export function secretRepository(db: DbClient) {
  return {
    async find(secretId: string): Promise<SecretRecord | null> {
      const row = await db.secret.findUnique({ where: { secretId }, select: { payload: true } });
      return row ? (row.payload as unknown as SecretRecord) : null;
    },

    async findByNaturalKey(key: SecretNaturalKey): Promise<SecretRecord | null> {
      const row = await db.secret.findUnique({
        where: { scope_integration_name_context_instance: key },
        select: { payload: true },
      });
      return row ? (row.payload as unknown as SecretRecord) : null;
    },

    async findMany(secretIds: string[]): Promise<SecretRecord[]> {
      if (secretIds.length === 0) return [];
      const rows = await db.secret.findMany({
        where: { secretId: { in: secretIds } },
        orderBy: { secretId: "asc" },
        select: { payload: true },
        take: secretIds.length,
      });
      return rows.map((row) => row.payload as unknown as SecretRecord);
    },

    /**
     * Secrets whose scope reaches a lane: global ones, the lane context's, and the lane's own
     * (context_instance). Sorted by secret id, bounded.
     */
    async listForLane(context: string, instance: string, take = LANE_SECRET_LIMIT): Promise<SecretRecord[]> {
      const rows = await db.secret.findMany({
        where: {
          OR: [
            { scope: "global" },
            { scope: "context", context },
            { scope: "context_instance", context, instance },
          ],
        },
        orderBy: { secretId: "asc" },
        select: { payload: true },
        take: Math.min(take, LANE_SECRET_LIMIT),
      });
      return rows.map((row) => row.payload as unknown as SecretRecord);
    },

    async upsert(record: SecretRecord): Promise<void> {
      const columns = {
        scope: record.scope,
        integration: record.integration,
        name: record.name,
        context: record.context,
        instance: record.instance,
        status: record.status,
        currentVersionId: record.current_version_id,
        updatedAt: requiredDate(record.updated_at, "secret updated_at"),
        payload: asJson(record),
      };
      await db.secret.upsert({
        where: { secretId: record.secret_id },
        create: { secretId: record.secret_id, ...columns },
        update: columns,
      });
    },

    /** Versions are append-only: a version id is written once. */
    async insertVersion(version: SecretVersion): Promise<void> {
      await db.secretVersion.create({
        data: {
          versionId: version.version_id,
          secretId: version.secret_id,
          keyId: version.key_id,
          createdAt: requiredDate(version.created_at, "secret version created_at"),
          payload: asJson(version),
        },
        select: { versionId: true },
      });
    },

    /**
     * The current version of a secret including its ciphertext, for decryption only. Callers
     * decrypt and drop it; it must never be returned, logged or copied into another record.
     */
    async readCurrentVersionForDecryption(secretId: string): Promise<SecretVersion | null> {
      const rows = await db.$queryRaw<Array<{ payload: unknown }>>`
        SELECT v.payload FROM launchplane_secrets s
        JOIN launchplane_secret_versions v ON v.version_id = s.current_version_id AND v.secret_id = s.secret_id
        WHERE s.secret_id = ${secretId}`;
      return rows[0] ? (rows[0].payload as SecretVersion) : null;
    },

    /** Version count and current-version metadata per secret, in one query. */
    async versionStats(secretIds: string[]): Promise<Map<string, SecretVersionStats>> {
      const stats = new Map<string, SecretVersionStats>();
      if (secretIds.length === 0) return stats;
      const rows = await db.$queryRaw<Array<{ secret_id: string; version_count: number; current_version: unknown }>>`
        SELECT s.secret_id,
               (SELECT count(*) FROM launchplane_secret_versions c WHERE c.secret_id = s.secret_id)::int AS version_count,
               (v.payload - 'ciphertext') AS current_version
        FROM launchplane_secrets s
        LEFT JOIN launchplane_secret_versions v ON v.version_id = s.current_version_id
        WHERE s.secret_id = ANY(${secretIds}::text[])`;
      for (const row of rows) {
        stats.set(row.secret_id, {
          versionCount: row.version_count,
          currentVersion: (row.current_version as SecretVersionMetadata | null) ?? null,
        });
      }
      return stats;
    },

    /** A secret's versions newest first, metadata only. */
    async listVersionMetadata(secretId: string, take = 50): Promise<SecretVersionMetadata[]> {
      const limit = Math.min(take, 200);
      const rows = await db.$queryRaw<Array<{ metadata: unknown }>>`
        SELECT (payload - 'ciphertext') AS metadata FROM launchplane_secret_versions
        WHERE secret_id = ${secretId}
        ORDER BY created_at DESC, version_id DESC
        LIMIT ${limit}`;
      return rows.map((row) => row.metadata as SecretVersionMetadata);
    },

    /** Holds writers of one natural key (including its first creation) until the transaction ends. */
    lockNaturalKey(key: SecretNaturalKey): Promise<void> {
      return lockForTransaction(db, "secret", JSON.stringify([key.scope, key.integration, key.name, key.context, key.instance]));
    },

    /** Holds writers of one secret id until the transaction ends. */
    lockSecret(secretId: string): Promise<void> {
      return lockForTransaction(db, "secret_id", secretId);
    },
  };
}

export type SecretRepository = ReturnType<typeof secretRepository>;
