/**
 * Records carry timestamps as ISO 8601 strings (empty when not yet known);
 * promoted columns store them as timestamptz so ordering is by instant.
 */
export function toDate(value: string | null | undefined): Date | null {
  if (!value || !value.trim()) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Like `toDate` for timestamps the contract requires. */
export function requiredDate(value: string, what: string): Date {
  const parsed = toDate(value);
  if (!parsed) throw new Error(`${what} is not a valid timestamp: ${JSON.stringify(value)}`);
  return parsed;
}

/** The first present timestamp, else now (ordering key for evidence). */
export function firstDate(...values: Array<string | null | undefined>): Date {
  for (const value of values) {
    const parsed = toDate(value);
    if (parsed) return parsed;
  }
  return new Date();
}

/** ISO 8601 UTC with a trailing Z, as every response emits. */
export function isoUtc(date: Date = new Date()): string {
  return date.toISOString();
}
