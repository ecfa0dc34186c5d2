// Stored deploy evidence written before the flat target fields existed carries a provider-neutral
// `target_reference` block inside `deploy`. Upstream still accepts it when loading persisted
// deployment, promotion and inventory records (apply_target_reference_defaults and
// ensure_target_reference_matches in control_plane/contracts/deploy_target.py) and never writes it
// back. Our record contracts reject the key, so stored files are translated here first.
import { DeployTargetContractReference, DeploymentEvidence } from "./deploy-evidence";

export type LegacyTargetReferenceNormalization =
  | { ok: true; value: unknown; changes: string[] }
  | { ok: false; message: string };

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const blank = (value: unknown) => value === undefined || value === null || String(value).trim() === "";

/** The Dokploy-shaped target type a reference implies, if any. */
function legacyTargetType(reference: DeployTargetContractReference): "application" | "compose" | null {
  for (const candidate of [reference.target_category, reference.provider_target_type]) {
    if (candidate === "application" || candidate === "compose") return candidate;
  }
  return null;
}

/**
 * Translates `record.deploy.target_reference` into the flat target fields and drops it:
 *  - flat fields that are blank take the reference's values (target_name, provider_id,
 *    target_category, provider_target_type, and target_type where the reference implies one);
 *  - a reference that disagrees with flat fields already present fails closed, as upstream does
 *    for mixed neutral and legacy target facts;
 *  - a `null` reference is simply dropped.
 * Records without the key come back unchanged (same object, no changes).
 */
export function normalizeLegacyTargetReference(record: unknown): LegacyTargetReferenceNormalization {
  if (!isObject(record) || !isObject(record.deploy) || !("target_reference" in record.deploy)) {
    return { ok: true, value: record, changes: [] };
  }
  const deploy: JsonObject = { ...record.deploy };
  const raw = deploy.target_reference;
  delete deploy.target_reference;
  if (raw === null) {
    return { ok: true, value: { ...record, deploy }, changes: ["deploy.target_reference: dropped empty legacy reference"] };
  }

  const parsed = DeployTargetContractReference.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => issue.message).join("; ");
    return { ok: false, message: `deploy.target_reference is not a valid legacy target reference: ${detail}` };
  }
  const reference = { ...parsed.data };
  const filled: string[] = [];
  const fill = (field: string, value: unknown) => {
    deploy[field] = value;
    filled.push(field);
  };
  if (blank(deploy.target_name)) fill("target_name", reference.target_name);
  if (blank(deploy.provider_id)) fill("provider_id", reference.provider_id);
  if (blank(deploy.target_category)) fill("target_category", reference.target_category);
  const impliedType = legacyTargetType(reference);
  if (blank(deploy.provider_target_type)) {
    if (reference.provider_target_type) {
      fill("provider_target_type", reference.provider_target_type);
    } else if (impliedType) {
      fill("provider_target_type", impliedType);
      reference.provider_target_type = impliedType;
    }
  }
  if (blank(deploy.target_type) && impliedType) fill("target_type", impliedType);

  // Compare against the canonical flat facts. When the deploy block is invalid anyway, the
  // record contract reports it; there is nothing meaningful to compare.
  const canonical = DeploymentEvidence.safeParse(deploy);
  if (canonical.success) {
    const flat = canonical.data;
    const pairs: Array<[keyof DeployTargetContractReference, string | null | undefined]> = [
      ["target_name", flat.target_name],
      ["provider_id", flat.provider_id],
      ["target_category", flat.target_category],
      ["provider_target_type", flat.provider_target_type],
    ];
    for (const [field, value] of pairs) {
      if (reference[field] !== value) {
        return {
          ok: false,
          message: `deploy.target_reference ${field} ${JSON.stringify(reference[field])} does not match ${field} ${JSON.stringify(value)}`,
        };
      }
    }
  }
  const change = filled.length
    ? `deploy.target_reference: translated to ${filled.join(", ")}`
    : "deploy.target_reference: dropped (flat target fields already match)";
  return { ok: true, value: { ...record, deploy }, changes: [change] };
}
