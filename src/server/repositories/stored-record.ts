/** A record as stored: the typed record plus the service's own metadata. */
export interface StoredRecord<T> {
  product: string;
  record: T;
  operationId: string | null;
  storedAt: Date;
}

/** The outcome of an insert-only write of append-only evidence. */
export type InsertOutcome<T> = { inserted: true } | { inserted: false; existing: StoredRecord<T> };
