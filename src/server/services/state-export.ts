import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import { canonicalJsonPretty } from "@/server/contracts/canonical-json";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { describeContractIssues } from "@/server/services/contract-input";
import {
  STATE_FAMILIES,
  type StateExportFilter,
  type StateFamily,
  type StateFamilyKey,
  safeFileStem,
} from "@/server/services/state-layout";

export const STATE_EXPORT_PAGE_SIZE = 200;

export interface StateExportOptions {
  /** Only this product's records (and the Odoo overrides of its profile's contexts). */
  product?: string;
  /** Write into a directory that already has entries (files of the same name are replaced). */
  force?: boolean;
  onProgress?: (progress: StateExportProgress) => void;
}

export interface StateExportProgress {
  done: number;
  total: number;
  family: StateFamilyKey;
  folder: string;
  record: string;
}

export interface StateExportProblem {
  family: StateFamilyKey;
  /** The record's key as far as it is known. */
  record: string;
  reason: string;
}

export interface StateExportFamilySummary {
  family: StateFamilyKey;
  folder: string;
  written: number;
  errors: number;
}

export interface StateExportSummary {
  directory: string;
  families: StateExportFamilySummary[];
  totals: { written: number; errors: number };
  problems: StateExportProblem[];
}

/**
 * Writes the database's records in the upstream filesystem layout
 * (DECISIONS 14): the code's folder names, one file per record named after
 * its key, written as the upstream store writes them (2-space indent, sorted
 * keys, non-ASCII escaped, no trailing newline, null fields left out, fields
 * at their defaults written out). Each stored payload is parsed by its
 * contract first, so the files are what an import would accept; a record
 * that fails, or whose key cannot be a file name, is reported and not
 * written. Families are streamed in bounded keyset pages.
 */
export async function exportState(db: DbClient, directory: string, options: StateExportOptions = {}): Promise<StateExportSummary> {
  const root = path.resolve(directory);
  await prepareDirectory(root, options.force ?? false);

  const filter = await exportFilter(db, options.product?.trim() || undefined);
  const counts = await Promise.all(STATE_FAMILIES.map((family) => family.exportCount(db, filter)));
  const total = counts.reduce((sum, count) => sum + count, 0);
  const families: StateExportFamilySummary[] = [];
  const problems: StateExportProblem[] = [];
  let done = 0;

  for (const family of STATE_FAMILIES) {
    const summary: StateExportFamilySummary = { family: family.key, folder: family.folder, written: 0, errors: 0 };
    families.push(summary);
    const written = new Set<string>();
    let folderReady = false;
    let after: string[] | null = null;
    do {
      const page = await family.exportPage(db, filter, after, STATE_EXPORT_PAGE_SIZE);
      after = page.next;
      for (const item of page.items) {
        const outcome = prepareFile(family, item.payload, written);
        done += 1;
        if (outcome.ok) {
          if (!folderReady) {
            await mkdir(path.join(root, family.folder), { recursive: true });
            folderReady = true;
          }
          await writeAtomically(path.join(root, family.folder, `${outcome.stem}.json`), outcome.text);
          summary.written += 1;
        } else {
          summary.errors += 1;
          problems.push({ family: family.key, record: outcome.record, reason: outcome.reason });
        }
        const record = outcome.ok ? outcome.stem : outcome.record;
        options.onProgress?.({ done, total: Math.max(total, done), family: family.key, folder: family.folder, record });
      }
    } while (after);
  }

  return {
    directory: root,
    families,
    totals: {
      written: families.reduce((sum, family) => sum + family.written, 0),
      errors: families.reduce((sum, family) => sum + family.errors, 0),
    },
    problems,
  };
}

async function prepareDirectory(root: string, force: boolean): Promise<void> {
  const info = await stat(root).catch(() => null);
  if (info && !info.isDirectory()) throw new LaunchplaneError("invalid_request", `${root} exists and is not a directory`);
  if (info && !force && (await readdir(root)).length > 0) {
    throw new LaunchplaneError(
      "invalid_request",
      `${root} is not empty; export into an empty directory, or pass --force to replace files of the same name`,
    );
  }
  await mkdir(root, { recursive: true });
}

/** A product's records, plus the Odoo overrides of the contexts its profile names. */
async function exportFilter(db: DbClient, product: string | undefined): Promise<StateExportFilter> {
  if (!product) return {};
  const profile = await productProfileRepository(db).find(product);
  const contexts = new Set<string>();
  if (profile) {
    for (const lane of profile.lanes) contexts.add(lane.context.trim());
    for (const context of profile.historical_contexts) contexts.add(context.trim());
    if (profile.preview.context.trim()) contexts.add(profile.preview.context.trim());
  }
  return { product, contexts: [...contexts].filter(Boolean).sort() };
}

type PreparedFile = { ok: true; stem: string; text: string } | { ok: false; record: string; reason: string };

function prepareFile(family: StateFamily<unknown>, payload: unknown, written: Set<string>): PreparedFile {
  const parsed = family.contract.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, record: describeKey(payload), reason: `stored record fails its contract: ${describeContractIssues(parsed.error, Infinity)}` };
  }
  const stem = family.fileStem(parsed.data);
  if (!safeFileStem(stem)) {
    return { ok: false, record: stem, reason: `the record key ${JSON.stringify(stem)} cannot be used as a file name` };
  }
  const text = canonicalJsonPretty(withoutNulls(parsed.data));
  if (written.has(stem)) {
    // Upstream keys like `<context>-<instance>` can collide; never let one record replace another.
    return { ok: false, record: stem, reason: `another record of this family was already written as ${stem}.json` };
  }
  written.add(stem);
  return { ok: true, stem, text };
}

/** Python's model_dump(exclude_none=True): object fields holding null are left out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== null && item !== undefined)
        .map(([key, item]) => [key, withoutNulls(item)]),
    );
  }
  return value;
}

function describeKey(payload: unknown): string {
  if (typeof payload !== "object" || payload === null) return "(unreadable payload)";
  const record = payload as Record<string, unknown>;
  for (const field of ["record_id", "artifact_id", "preview_id", "generation_id", "tuple_id", "product"]) {
    if (typeof record[field] === "string") return record[field];
  }
  if (typeof record.context === "string") return `${record.context}-${String(record.instance ?? record.channel ?? "")}`;
  return "(unknown key)";
}

/** Temp file in the same folder, then rename: a reader never sees a half-written record. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, "utf8");
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}
