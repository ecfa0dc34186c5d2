import { createDatabase } from "@/server/db";
import { ProductProfileRecord } from "@/server/contracts/product-profile";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { seedAuthzPolicyFromFile } from "@/server/services/authz-policy";
import { PRODUCTS, productProfile } from "./console-data";

/** Stores the policy and the product profiles through the same code the server uses. */
export async function seedConsoleData(databaseUrl: string, policyFile: string): Promise<void> {
  const db = createDatabase(databaseUrl, 2);
  try {
    const seeded = await seedAuthzPolicyFromFile(db, policyFile);
    if (seeded.outcome === "none") throw new Error("the e2e policy was not stored");
    const profiles = productProfileRepository(db);
    for (const product of PRODUCTS) await profiles.upsert(ProductProfileRecord.parse(productProfile(product)));
  } finally {
    await db.$disconnect();
  }
}
