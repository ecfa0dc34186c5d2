import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

import { LaunchplaneError, isLaunchplaneError } from "@/server/errors";
import { afterCommit } from "@/server/events/post-commit";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { type DbClient, inTransaction, isUniqueViolation } from "@/server/repositories/db-client";
import { previewRepository } from "@/server/repositories/preview-repository";
import { PRODUCT_PROFILE_LIST_LIMIT, productProfileRepository } from "@/server/repositories/product-profile-repository";
import { describeContractIssues } from "@/server/services/contract-input";
import {
  type ProductSubject,
  STATE_FAMILIES,
  type StateFamily,
  type StateFamilyKey,
  stateFamilyForFolder,
} from "@/server/services/state-layout";

export type StateImportFileStatus = "imported" | "unchanged" | "conflict" | "skipped" | "error";

export interface StateImportFileResult {
  family: StateFamilyKey;
  /** Relative to the imported directory, e.g. `deployments/<record_id>.json`. */
  path: string;
  status: StateImportFileStatus;
  /** Why the file was not imported (conflict, skipped, error). */
  reason?: string;
  /** Legacy rewrites applied before validation (DECISIONS 15). */
  normalized: string[];
  product?: string;
}

export interface StateImportCounts {
  files: number;
  imported: number;
  unchanged: number;
  /** Files whose legacy fields were translated (and that were then imported or unchanged). */
  normalized: number;
  conflicts: number;
  /** Files whose product could not be determined. */
  skipped: number;
  errors: number;
}

export interface StateImportFamilySummary {
  family: StateFamilyKey;
  /** The folders read for this family (the family's own folder when none was present). */
  folders: string[];
  counts: StateImportCounts;
}

export interface StateImportSummary {
  directory: string;
  families: StateImportFamilySummary[];
  totals: StateImportCounts;
  /** Every file that was not imported cleanly, and every normalized file. */
  notable: StateImportFileResult[];
  /** Entries of the directory that are not part of the layout (not read). */
  ignored: string[];
}

export interface StateImportProgress {
  done: number;
  total: number;
  family: StateFamilyKey;
  path: string;
  status: StateImportFileStatus;
}

export interface StateImportOptions {
  /**
   * Product for records the profiles do not attribute, and the choice among
   * several claiming products. Refused for a record whose context the
   * profiles give to other products only.
   */
  product?: string;
  onProgress?: (progress: StateImportProgress) => void;
}

/** Whether a summary reports any file that was not imported (conflict, skipped, error). */
export function stateImportFailed(summary: StateImportSummary): boolean {
  const { conflicts, skipped, errors } = summary.totals;
  return conflicts + skipped + errors > 0;
}

interface PlannedFamily {
  family: StateFamily<unknown>;
  folders: string[];
  files: string[];
}

/**
 * Imports a directory in the upstream filesystem layout (DECISIONS 14).
 *
 * - Every file is parsed as JSON, legacy fields are translated, and the
 *   family contract validates it; its name must be its record's key. A file
 *   failing any of this is reported with its path and reason and nothing
 *   from it is written.
 * - Each file is written in its own transaction, so one failure leaves the
 *   others. Evidence is insert-only (different content under an existing id
 *   is a conflict, never overwritten); current state is upserted. Identical
 *   records are "unchanged", so importing a directory twice changes nothing.
 * - Product attribution: see `attributeProduct`. Unattributed records are
 *   skipped, not written.
 */
export async function importState(db: DbClient, directory: string, options: StateImportOptions = {}): Promise<StateImportSummary> {
  const root = path.resolve(directory);
  const { plan, ignored } = await planImport(root);
  const total = plan.reduce((sum, entry) => sum + entry.files.length, 0);
  const override = options.product?.trim() || undefined;
  const summaries: StateImportFamilySummary[] = [];
  const notable: StateImportFileResult[] = [];
  let attribution: ProductAttribution | null = null;
  let done = 0;

  for (const entry of plan) {
    const counts = emptyCounts();
    summaries.push({ family: entry.family.key, folders: entry.folders, counts });
    if (entry.files.length > 0 && entry.family.key !== "product_profiles") {
      // Profiles are imported first, so the index sees the ones this import brought in.
      attribution ??= await loadProductAttribution(db, override);
    }
    for (const relative of entry.files) {
      const result = await importFile(db, root, relative, entry.family, attribution);
      tally(counts, result);
      if (result.status !== "imported" && result.status !== "unchanged") notable.push(result);
      else if (result.normalized.length > 0) notable.push(result);
      done += 1;
      options.onProgress?.({ done, total, family: entry.family.key, path: relative, status: result.status });
    }
  }

  const totals = emptyCounts();
  for (const summary of summaries) {
    for (const key of Object.keys(totals) as Array<keyof StateImportCounts>) totals[key] += summary.counts[key];
  }
  return { directory: root, families: summaries, totals, notable, ignored };
}

async function planImport(root: string): Promise<{ plan: PlannedFamily[]; ignored: string[] }> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) {
    throw new LaunchplaneError("invalid_request", `state directory ${root} does not exist or is not a directory`);
  }
  const ignored: string[] = [];
  const present = new Set<string>();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue; // locks and staged bundles of the upstream store
    if (entry.isDirectory() && stateFamilyForFolder(entry.name)) present.add(entry.name);
    else ignored.push(entry.isDirectory() ? `${entry.name}/` : entry.name);
  }
  const plan: PlannedFamily[] = [];
  for (const family of STATE_FAMILIES) {
    const folders = family.importFolders.filter((folder) => present.has(folder));
    const files: string[] = [];
    for (const folder of folders) {
      const names = (await readdir(path.join(root, folder), { withFileTypes: true }))
        .filter((entry: Dirent) => !entry.name.startsWith("."))
        .filter((entry) => {
          const json = entry.name.endsWith(".json") && (entry.isFile() || entry.isSymbolicLink());
          if (!json) ignored.push(`${folder}/${entry.name}${entry.isDirectory() ? "/" : ""}`);
          return json;
        })
        .map((entry) => entry.name)
        .sort();
      files.push(...names.map((name) => `${folder}/${name}`));
    }
    plan.push({ family, folders: folders.length > 0 ? folders : [family.folder], files });
  }
  return { plan, ignored: ignored.sort() };
}

async function importFile(
  db: DbClient,
  root: string,
  relative: string,
  family: StateFamily<unknown>,
  attribution: ProductAttribution | null,
): Promise<StateImportFileResult> {
  const result = (status: StateImportFileStatus, extra: Partial<StateImportFileResult> = {}): StateImportFileResult => ({
    family: family.key,
    path: relative,
    status,
    normalized: [],
    ...extra,
  });

  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(root, relative), "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `invalid JSON: ${error.message}` : `unreadable: ${describeError(error)}`;
    return result("error", { reason });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return result("error", { reason: "the file does not contain a JSON object" });
  }

  const legacy = family.normalizeLegacy(raw);
  if (!legacy.ok) return result("error", { reason: `legacy fields: ${legacy.message}` });
  const normalized = legacy.changes;
  const parsed = family.contract.safeParse(legacy.value);
  if (!parsed.success) {
    return result("error", { reason: `contract: ${describeContractIssues(parsed.error, Infinity)}`, normalized });
  }
  const record = parsed.data;

  const stem = family.fileStem(record);
  const name = path.basename(relative);
  if (name !== `${stem}.json`) {
    return result("error", { reason: `file name ${name} does not match the record key (expected ${stem}.json)`, normalized });
  }

  const subject = family.productSubject(record);
  let product = "";
  if (subject.kind !== "none") {
    const attributed = subject.kind === "own" ? { ok: true as const, product: subject.product } : await attribution!.resolve(subject);
    if (!attributed.ok) return result(attributed.status, { reason: attributed.reason, normalized });
    product = attributed.product;
  }

  try {
    const outcome = await afterCommit(() => inTransaction(db, (tx) => family.write(tx, product, record)));
    return result(outcome, { normalized, ...(product ? { product } : {}) });
  } catch (error) {
    if (isLaunchplaneError(error) && error.code === "record_conflict") {
      return result("conflict", { reason: error.message, normalized, product });
    }
    if (isUniqueViolation(error)) {
      return result("conflict", { reason: "another stored record already holds this record's unique key", normalized, product });
    }
    return result("error", { reason: describeError(error), normalized, product });
  }
}

function describeError(error: unknown): string {
  if (isLaunchplaneError(error)) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  // Driver errors open with call-site noise; the last line says what went wrong.
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  return (lines.at(-1) ?? "unknown error").slice(0, 300);
}

function emptyCounts(): StateImportCounts {
  return { files: 0, imported: 0, unchanged: 0, normalized: 0, conflicts: 0, skipped: 0, errors: 0 };
}

function tally(counts: StateImportCounts, result: StateImportFileResult): void {
  counts.files += 1;
  switch (result.status) {
    case "imported":
      counts.imported += 1;
      break;
    case "unchanged":
      counts.unchanged += 1;
      break;
    case "conflict":
      counts.conflicts += 1;
      break;
    case "skipped":
      counts.skipped += 1;
      break;
    case "error":
      counts.errors += 1;
      break;
  }
  if ((result.status === "imported" || result.status === "unchanged") && result.normalized.length > 0) counts.normalized += 1;
}

// ---------------------------------------------------------------------------------------------
// Product attribution
// ---------------------------------------------------------------------------------------------

type Attributed = { ok: true; product: string } | { ok: false; status: "skipped" | "error"; reason: string };

interface ProductAttribution {
  resolve(subject: Exclude<ProductSubject, { kind: "own" } | { kind: "none" }>): Promise<Attributed>;
}

const normalizeImageRepository = (value: string) => value.trim().replace(/\/+$/, "");

function addClaim(index: Map<string, Set<string>>, key: string, product: string): void {
  const trimmed = key.trim();
  if (!trimmed) return;
  const products = index.get(trimmed) ?? new Set<string>();
  products.add(product);
  index.set(trimmed, products);
}

/**
 * Who owns a record, from the stored product profiles:
 * - a context belongs to the products whose profile names it as a lane
 *   context, a historical context or the preview context (enabled or not:
 *   old preview records keep their product);
 * - an artifact belongs to the products whose lane or preview records name
 *   it, else to the product whose image repository holds it;
 * - a preview generation belongs to the product of its stored preview.
 * One candidate wins. `override` (--product) attributes records nobody
 * claims and picks among several claimants; it is refused where the
 * profiles give the record to other products only, so an import never moves
 * a product's evidence under another tenant.
 */
async function loadProductAttribution(db: DbClient, override: string | undefined): Promise<ProductAttribution> {
  const byContext = new Map<string, Set<string>>();
  const byImage = new Map<string, Set<string>>();
  const profiles = productProfileRepository(db);
  let after: string | undefined;
  for (;;) {
    const page = await profiles.list({ after, take: PRODUCT_PROFILE_LIST_LIMIT });
    for (const profile of page) {
      for (const lane of profile.lanes) addClaim(byContext, lane.context, profile.product);
      for (const context of profile.historical_contexts) addClaim(byContext, context, profile.product);
      addClaim(byContext, profile.preview.context, profile.product);
      addClaim(byImage, normalizeImageRepository(profile.image.repository), profile.product);
    }
    if (page.length < PRODUCT_PROFILE_LIST_LIMIT) break;
    after = page.at(-1)?.product;
  }
  const previewProducts = new Map<string, string | null>();

  const decide = (candidates: string[], what: string, unclaimed = `no product profile claims ${what}`): Attributed => {
    const sorted = [...new Set(candidates)].sort();
    if (override) {
      if (sorted.length === 0 || sorted.includes(override)) return { ok: true, product: override };
      return {
        ok: false,
        status: "error",
        reason: `${what} belongs to ${sorted.join(", ")} according to the product profiles, not to --product ${override}`,
      };
    }
    if (sorted.length === 1) return { ok: true, product: sorted[0]! };
    if (sorted.length === 0) {
      return { ok: false, status: "skipped", reason: `${unclaimed}; pass --product to attribute it` };
    }
    return {
      ok: false,
      status: "skipped",
      reason: `${what} is claimed by several products (${sorted.join(", ")}); pass --product to choose one`,
    };
  };

  return {
    async resolve(subject) {
      switch (subject.kind) {
        case "context":
          return decide([...(byContext.get(subject.context) ?? [])], `context ${subject.context}`);
        case "artifact": {
          const deployedBy = await artifactManifestRepository(db).referencingProducts(subject.artifactId);
          const candidates =
            deployedBy.length > 0 ? deployedBy : [...(byImage.get(normalizeImageRepository(subject.imageRepository)) ?? [])];
          return decide(
            candidates,
            `artifact ${subject.artifactId}`,
            `no stored record deploys artifact ${subject.artifactId} and no product profile's image repository holds it`,
          );
        }
        case "preview": {
          if (!previewProducts.has(subject.previewId)) {
            const stored = await previewRepository(db).find(subject.previewId);
            previewProducts.set(subject.previewId, stored?.product ?? null);
          }
          const product = previewProducts.get(subject.previewId);
          return decide(product ? [product] : [], `preview ${subject.previewId}`, `preview ${subject.previewId} is not stored`);
        }
      }
    },
  };
}
