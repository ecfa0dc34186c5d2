import type { DbClient } from "@/server/repositories/db-client";

/**
 * Serializes writers of one logical key (a secret's natural key, a product profile, the active
 * key-safety policy) until the surrounding transaction ends. Needed where the row to lock may not
 * exist yet, so SELECT ... FOR UPDATE has nothing to hold. Outside a transaction it is a no-op
 * in effect: the lock is released as soon as the statement's implicit transaction ends.
 */
export async function lockForTransaction(db: DbClient, namespace: string, key: string): Promise<void> {
  await db.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`${namespace}:${key}`}, 0))`;
}
