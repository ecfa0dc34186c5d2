import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma's native engines cannot be downloaded here; the Wasm schema engine
// runs through the pg driver adapter instead (see docs/architecture.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const connectionString = process.env.DATABASE_URL ?? process.env.LAUNCHPLANE_DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is required for Prisma CLI commands");
    return new PrismaPg({ connectionString });
  },
});
