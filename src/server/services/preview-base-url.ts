import { runtimeEnvironmentRepository } from "@/server/repositories/runtime-environment-repository";
import type { DbClient } from "@/server/repositories/db-client";

const PREVIEW_BASE_URL_KEY = "LAUNCHPLANE_PREVIEW_BASE_URL";

/**
 * Where a context's previews are served when evidence names no canonical
 * URL: the context's LAUNCHPLANE_PREVIEW_BASE_URL runtime setting (upstream's
 * preview base-url contract), else the global one.
 */
export function previewBaseUrlResolver(db: DbClient): (context: string) => Promise<string | null> {
  return async (context) => {
    const repository = runtimeEnvironmentRepository(db);
    for (const record of [await repository.find("context", context), await repository.find("global")]) {
      const value = record?.env[PREVIEW_BASE_URL_KEY];
      if (typeof value === "string" && value.trim()) return value.trim();
    }
    return null;
  };
}
