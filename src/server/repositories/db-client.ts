import type { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/server/db";

/**
 * What a repository runs its queries on: the process-wide client, or the
 * transaction a service opened. Repositories never open transactions; the
 * service that owns a multi-row rule does, through `inTransaction`.
 */
export type DbClient = Database | Prisma.TransactionClient;

/** True for the process-wide client; false inside a transaction (whose commit belongs to whoever opened it). */
export function isDatabase(db: DbClient): db is Database {
  return "$transaction" in db;
}

/**
 * Runs `work` in a transaction. Given a client that is already a transaction
 * (a door that wraps a service call together with its idempotency row), the
 * work joins it instead of opening a nested one.
 */
export function inTransaction<T>(db: DbClient, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (!isDatabase(db)) return work(db);
  return db.$transaction(work, { maxWait: 10_000, timeout: 30_000 });
}

/** Prisma's JSON input type for a typed record payload. */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

/** True when a Prisma error is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
