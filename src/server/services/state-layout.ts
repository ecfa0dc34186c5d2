import type { z } from "zod";

import { ArtifactIdentityManifest } from "@/server/contracts/artifact-manifest";
import { BackupGateRecord } from "@/server/contracts/backup-gate";
import { canonicalJson } from "@/server/contracts/canonical-json";
import { DeploymentRecord } from "@/server/contracts/deployment";
import { EnvironmentInventory } from "@/server/contracts/inventory";
import { normalizeLegacyTargetReference } from "@/server/contracts/legacy-target-reference";
import { OdooInstanceOverrideRecord } from "@/server/contracts/odoo-instance-override";
import { PreviewRecord } from "@/server/contracts/preview";
import { PreviewEnablementRecord } from "@/server/contracts/preview-enablement";
import { PreviewGenerationRecord } from "@/server/contracts/preview-generation";
import { normalizeLegacyProductProfile, ProductProfileRecord } from "@/server/contracts/product-profile";
import { PromotionRecord } from "@/server/contracts/promotion";
import { ReleaseTupleRecord } from "@/server/contracts/release-tuple";
import { LaunchplaneError } from "@/server/errors";
import { artifactManifestRepository } from "@/server/repositories/artifact-manifest-repository";
import { backupGateRepository } from "@/server/repositories/backup-gate-repository";
import type { DbClient } from "@/server/repositories/db-client";
import { deploymentRepository } from "@/server/repositories/deployment-repository";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { odooInstanceOverrideRepository } from "@/server/repositories/odoo-instance-override-repository";
import { previewEnablementRepository } from "@/server/repositories/preview-enablement-repository";
import { previewGenerationRepository } from "@/server/repositories/preview-generation-repository";
import { previewRepository } from "@/server/repositories/preview-repository";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { promotionRepository } from "@/server/repositories/promotion-repository";
import { releaseTupleRepository } from "@/server/repositories/release-tuple-repository";
import type { InsertOutcome, StoredRecord } from "@/server/repositories/stored-record";
import { upsertProductProfile } from "@/server/services/product-profiles";
import { recordReleaseTuple } from "@/server/services/release-tuple-recording";

/**
 * The upstream filesystem state layout (control_plane/storage/filesystem.py):
 * one folder per record family, one JSON file per record named after its key.
 * Each family says how its files are named, which contract validates them,
 * which legacy fields are translated on the way in, how its product is found
 * and which repository writes or pages it.
 */

export type StateFamilyKey =
  | "product_profiles"
  | "backup_gates"
  | "deployments"
  | "promotions"
  | "inventory"
  | "release_tuples"
  | "odoo_instance_overrides"
  | "previews"
  | "preview_generations"
  | "preview_enablements"
  | "artifacts";

/** Where a record's product comes from: upstream files carry none for most families. */
export type ProductSubject =
  /** The record names its product (product profiles). */
  | { kind: "own"; product: string }
  /** The product whose profile claims the context (lane, historical or preview context). */
  | { kind: "context"; context: string }
  /** The product that deployed the artifact, else the one whose image repository it is in. */
  | { kind: "artifact"; artifactId: string; imageRepository: string }
  /** The product of the stored preview. */
  | { kind: "preview"; previewId: string }
  /** The family stores no product. */
  | { kind: "none" };

export type LegacyNormalization = { ok: true; value: unknown; changes: string[] } | { ok: false; message: string };

export type StateWriteOutcome = "imported" | "unchanged";

export interface StateExportFilter {
  /** Only this product's records. */
  product?: string;
  /** Contexts of that product (families without a product column filter on them). */
  contexts?: readonly string[];
}

export interface StateExportPage {
  items: Array<{ product: string | null; payload: unknown }>;
  /** Key of the last item, to pass back for the next page; null after the last page. */
  next: string[] | null;
}

export interface StateFamily<T> {
  key: StateFamilyKey;
  /** The folder the upstream store writes (and our export writes). */
  folder: string;
  /** Folders accepted on import, in reading order. */
  importFolders: readonly string[];
  /** Evidence is insert-only; current state is upserted by its key. */
  lifecycle: "append_only" | "current_state";
  contract: z.ZodType<T>;
  /** Legacy fields translated before the contract runs (DECISIONS 15). */
  normalizeLegacy(raw: unknown): LegacyNormalization;
  /** The file name without `.json`: upstream names files after the record key, verbatim. */
  fileStem(record: T): string;
  productSubject(record: T): ProductSubject;
  /** Writes one imported record (the caller's transaction); throws record_conflict. */
  write(tx: DbClient, product: string, record: T): Promise<StateWriteOutcome>;
  exportCount(db: DbClient, filter: StateExportFilter): Promise<number>;
  exportPage(db: DbClient, filter: StateExportFilter, after: string[] | null, take: number): Promise<StateExportPage>;
}

const unchangedLegacy = (value: unknown): LegacyNormalization => ({ ok: true, value, changes: [] });

function normalizeProfile(raw: unknown): LegacyNormalization {
  const result = normalizeLegacyProductProfile(raw);
  return { ok: true, value: result.profile, changes: result.changes };
}

/** Append-only: an identical record is "unchanged"; anything else under the id is a conflict. */
function settleAppendOnly<T>(outcome: InsertOutcome<T>, record: T, product: string, what: string): StateWriteOutcome {
  if (outcome.inserted) return "imported";
  const existing = outcome.existing;
  if (existing.product !== product) {
    throw new LaunchplaneError("record_conflict", `${what} is already stored under product ${existing.product}`);
  }
  if (canonicalJson(existing.record) !== canonicalJson(record)) {
    throw new LaunchplaneError(
      "record_conflict",
      `${what} is already stored with different content; evidence is append-only and is not overwritten`,
    );
  }
  return "unchanged";
}

/** Current state: replaced when it differs, but never moved from one product to another. */
function compareCurrent<T>(existing: StoredRecord<T> | null, record: T, product: string, what: string): "absent" | "same" | "changed" {
  if (!existing) return "absent";
  if (existing.product !== product) {
    throw new LaunchplaneError("record_conflict", `${what} is stored under product ${existing.product}`);
  }
  return canonicalJson(existing.record) === canonicalJson(record) ? "same" : "changed";
}

/** Pages keyed by one string column. */
function byId<T>(items: Array<StoredRecord<T>>, take: number, key: (record: T) => string): StateExportPage {
  const last = items.at(-1);
  return {
    items: items.map((item) => ({ product: item.product, payload: item.record })),
    next: last && items.length === take ? [key(last.record)] : null,
  };
}

/** Pages keyed by (context, second key). */
function byLane<T>(
  items: Array<{ product: string | null; record: T }>,
  take: number,
  key: (record: T) => [string, string],
): StateExportPage {
  const last = items.at(-1);
  return {
    items: items.map((item) => ({ product: item.product, payload: item.record })),
    next: last && items.length === take ? key(last.record) : null,
  };
}

const laneAfter = (after: string[] | null) => (after ? { context: after[0] ?? "", instance: after[1] ?? "" } : null);

const productProfiles: StateFamily<ProductProfileRecord> = {
  key: "product_profiles",
  folder: "launchplane_product_profiles",
  importFolders: ["launchplane_product_profiles"],
  lifecycle: "current_state",
  contract: ProductProfileRecord,
  normalizeLegacy: normalizeProfile,
  fileStem: (record) => record.product,
  productSubject: (record) => ({ kind: "own", product: record.product }),
  async write(tx, _product, record) {
    const result = await upsertProductProfile(tx, record);
    return result.action === "unchanged" ? "unchanged" : "imported";
  },
  async exportCount(db, filter) {
    const profiles = productProfileRepository(db);
    if (filter.product) return (await profiles.find(filter.product)) ? 1 : 0;
    return profiles.count();
  },
  async exportPage(db, filter, after, take) {
    const profiles = productProfileRepository(db);
    if (filter.product) {
      if (after) return { items: [], next: null };
      const profile = await profiles.find(filter.product);
      return { items: profile ? [{ product: profile.product, payload: profile }] : [], next: null };
    }
    const page = await profiles.list({ after: after?.[0], take });
    const last = page.at(-1);
    return {
      items: page.map((profile) => ({ product: profile.product, payload: profile })),
      next: last && page.length === take ? [last.product] : null,
    };
  },
};

const artifacts: StateFamily<ArtifactIdentityManifest> = {
  key: "artifacts",
  folder: "artifacts",
  importFolders: ["artifacts"],
  lifecycle: "append_only",
  contract: ArtifactIdentityManifest,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => record.artifact_id,
  productSubject: (record) => ({ kind: "artifact", artifactId: record.artifact_id, imageRepository: record.image.repository }),
  async write(tx, product, record) {
    const outcome = await artifactManifestRepository(tx).insert(product, record, null);
    return settleAppendOnly(outcome, record, product, `artifact manifest ${record.artifact_id}`);
  },
  exportCount: (db, filter) => artifactManifestRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await artifactManifestRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.artifact_id);
  },
};

const backupGates: StateFamily<BackupGateRecord> = {
  key: "backup_gates",
  folder: "backup_gates",
  importFolders: ["backup_gates"],
  lifecycle: "append_only",
  contract: BackupGateRecord,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => record.record_id,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const outcome = await backupGateRepository(tx).insert(product, record, null);
    return settleAppendOnly(outcome, record, product, `backup gate ${record.record_id}`);
  },
  exportCount: (db, filter) => backupGateRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await backupGateRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.record_id);
  },
};

const deployments: StateFamily<DeploymentRecord> = {
  key: "deployments",
  folder: "deployments",
  importFolders: ["deployments"],
  lifecycle: "append_only",
  contract: DeploymentRecord,
  normalizeLegacy: normalizeLegacyTargetReference,
  fileStem: (record) => record.record_id,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const outcome = await deploymentRepository(tx).insert(product, record, null);
    return settleAppendOnly(outcome, record, product, `deployment ${record.record_id}`);
  },
  exportCount: (db, filter) => deploymentRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await deploymentRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.record_id);
  },
};

const promotions: StateFamily<PromotionRecord> = {
  key: "promotions",
  folder: "promotions",
  importFolders: ["promotions"],
  lifecycle: "append_only",
  contract: PromotionRecord,
  normalizeLegacy: normalizeLegacyTargetReference,
  fileStem: (record) => record.record_id,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const outcome = await promotionRepository(tx).insert(product, record, null);
    return settleAppendOnly(outcome, record, product, `promotion ${record.record_id}`);
  },
  exportCount: (db, filter) => promotionRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await promotionRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.record_id);
  },
};

const inventory: StateFamily<EnvironmentInventory> = {
  key: "inventory",
  folder: "inventory",
  importFolders: ["inventory"],
  lifecycle: "current_state",
  contract: EnvironmentInventory,
  normalizeLegacy: normalizeLegacyTargetReference,
  fileStem: (record) => `${record.context}-${record.instance}`,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const lanes = inventoryRepository(tx);
    const existing = await lanes.find(record.context, record.instance);
    const state = compareCurrent(existing, record, product, `inventory of ${record.context}/${record.instance}`);
    if (state === "same") return "unchanged";
    await lanes.replace(product, record);
    return "imported";
  },
  exportCount: (db, filter) => inventoryRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await inventoryRepository(db).listPage({ product: filter.product, after: laneAfter(after), take });
    return byLane(items, take, (record) => [record.context, record.instance]);
  },
};

const releaseTuples: StateFamily<ReleaseTupleRecord> = {
  key: "release_tuples",
  folder: "release_tuples",
  importFolders: ["release_tuples"],
  lifecycle: "current_state",
  contract: ReleaseTupleRecord,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => `${record.context}-${record.channel}`,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const existing = await releaseTupleRepository(tx).findCurrent(record.context, record.channel);
    const state = compareCurrent(existing, record, product, `release tuple of ${record.context}/${record.channel}`);
    if (state === "same") return "unchanged";
    // Replaces the current tuple and appends the history row (DECISIONS 11).
    await recordReleaseTuple(tx, product, record);
    return "imported";
  },
  exportCount: (db, filter) => releaseTupleRepository(db).countCurrent({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await releaseTupleRepository(db).listCurrentPage({ product: filter.product, after: laneAfter(after), take });
    return byLane(items, take, (record) => [record.context, record.channel]);
  },
};

const odooInstanceOverrides: StateFamily<OdooInstanceOverrideRecord> = {
  key: "odoo_instance_overrides",
  folder: "odoo_instance_overrides",
  importFolders: ["odoo_instance_overrides"],
  lifecycle: "current_state",
  contract: OdooInstanceOverrideRecord,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => `${record.context}-${record.instance}`,
  productSubject: () => ({ kind: "none" }),
  async write(tx, _product, record) {
    const overrides = odooInstanceOverrideRepository(tx);
    const existing = await overrides.find({ context: record.context, instance: record.instance });
    if (existing && canonicalJson(existing) === canonicalJson(record)) return "unchanged";
    await overrides.upsert(record);
    return "imported";
  },
  exportCount: (db, filter) => odooInstanceOverrideRepository(db).count({ contexts: filter.product ? (filter.contexts ?? []) : undefined }),
  async exportPage(db, filter, after, take) {
    const contexts = filter.product ? (filter.contexts ?? []) : undefined;
    const items = await odooInstanceOverrideRepository(db).listPage({ contexts, after: laneAfter(after), take });
    return byLane(
      items.map((record) => ({ product: null, record })),
      take,
      (record) => [record.context, record.instance],
    );
  },
};

const previews: StateFamily<PreviewRecord> = {
  key: "previews",
  folder: "launchplane_previews",
  importFolders: ["launchplane_previews"],
  lifecycle: "current_state",
  contract: PreviewRecord,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => record.preview_id,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const repository = previewRepository(tx);
    await repository.lockIdentity(record.preview_id);
    const holder = await repository.findByAnchor(record.context, record.anchor_repo, record.anchor_pr_number);
    if (holder && holder.record.preview_id !== record.preview_id) {
      throw new LaunchplaneError(
        "record_conflict",
        `pull request ${record.anchor_repo}#${record.anchor_pr_number} in ${record.context} already has preview ${holder.record.preview_id}`,
      );
    }
    const existing = holder ?? (await repository.find(record.preview_id));
    const state = compareCurrent(existing, record, product, `preview ${record.preview_id}`);
    if (state === "same") return "unchanged";
    await repository.save(product, record);
    return "imported";
  },
  exportCount: (db, filter) => previewRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await previewRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.preview_id);
  },
};

const previewGenerations: StateFamily<PreviewGenerationRecord> = {
  key: "preview_generations",
  folder: "launchplane_preview_generations",
  importFolders: ["launchplane_preview_generations"],
  lifecycle: "append_only",
  contract: PreviewGenerationRecord,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => record.generation_id,
  productSubject: (record) => ({ kind: "preview", previewId: record.preview_id }),
  async write(tx, product, record) {
    const outcome = await previewGenerationRepository(tx).insertIfAbsent(product, record, null);
    const what = `preview generation ${record.generation_id}`;
    if (!outcome.inserted && !outcome.existing) {
      throw new LaunchplaneError(
        "record_conflict",
        `${what}: sequence ${record.sequence} of preview ${record.preview_id} is already held by another generation`,
      );
    }
    return settleAppendOnly(outcome as InsertOutcome<PreviewGenerationRecord>, record, product, what);
  },
  exportCount: (db, filter) => previewGenerationRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await previewGenerationRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.generation_id);
  },
};

const previewEnablements: StateFamily<PreviewEnablementRecord> = {
  key: "preview_enablements",
  // The upstream code writes the singular folder; its records doc names the plural one.
  folder: "launchplane_preview_enablement",
  importFolders: ["launchplane_preview_enablement", "launchplane_preview_enablements"],
  lifecycle: "current_state",
  contract: PreviewEnablementRecord,
  normalizeLegacy: unchangedLegacy,
  fileStem: (record) => record.record_id,
  productSubject: (record) => ({ kind: "context", context: record.context }),
  async write(tx, product, record) {
    const repository = previewEnablementRepository(tx);
    const existing = await repository.findForUpdate(record.record_id);
    const state = compareCurrent(existing, record, product, `preview enablement ${record.record_id}`);
    if (state === "same") return "unchanged";
    if (state === "absent") await repository.insert(product, record);
    else await repository.replace(product, record);
    return "imported";
  },
  exportCount: (db, filter) => previewEnablementRepository(db).count({ product: filter.product }),
  async exportPage(db, filter, after, take) {
    const items = await previewEnablementRepository(db).listPage({ product: filter.product, after: after?.[0], take });
    return byId(items, take, (record) => record.record_id);
  },
};

/** Type-erased view: every record handed to a family is the output of its own contract. */
function erase<T>(family: StateFamily<T>): StateFamily<unknown> {
  return family as unknown as StateFamily<unknown>;
}

/**
 * Families in processing order: profiles first (product attribution reads
 * them), previews before their generations, artifacts last (attributed by
 * the lane and preview records that deployed them).
 */
export const STATE_FAMILIES: ReadonlyArray<StateFamily<unknown>> = [
  erase(productProfiles),
  erase(backupGates),
  erase(deployments),
  erase(promotions),
  erase(inventory),
  erase(releaseTuples),
  erase(odooInstanceOverrides),
  erase(previews),
  erase(previewGenerations),
  erase(previewEnablements),
  erase(artifacts),
];

/** The family reading a top-level folder of a state directory, if any. */
export function stateFamilyForFolder(folder: string): StateFamily<unknown> | undefined {
  return STATE_FAMILIES.find((family) => family.importFolders.includes(folder));
}

/**
 * A file name the export can write: upstream uses keys verbatim, so a key
 * that would leave its folder (path separators, "." or "..") or is empty is
 * refused rather than written somewhere else.
 */
export function safeFileStem(stem: string): boolean {
  return stem.length > 0 && stem !== "." && stem !== ".." && !/[/\\\0]/.test(stem) && !stem.startsWith(".");
}
