/** Placeholder until the demo seed lands with the record store. */
export async function seedDemoIfEmpty(_databaseUrl: string): Promise<boolean> {
  return false;
}
