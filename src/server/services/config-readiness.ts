import {
  productConfigRequirementAppliesToLane,
  type ProductProfileRecord,
} from "@/server/contracts/product-profile";
import type { RuntimeEnvironmentScope } from "@/server/contracts/runtime-environment";
import {
  DOKPLOY_SECRET_INTEGRATION,
  RUNTIME_ENVIRONMENT_SECRET_INTEGRATION,
  type SecretRecord,
} from "@/server/contracts/secret";
import type { SecretBinding } from "@/server/contracts/secret-binding";
import { LaunchplaneError } from "@/server/errors";
import type { DbClient } from "@/server/repositories/db-client";
import { inventoryRepository } from "@/server/repositories/inventory-repository";
import { productProfileRepository } from "@/server/repositories/product-profile-repository";
import { runtimeEnvironmentRepository } from "@/server/repositories/runtime-environment-repository";
import { secretBindingRepository } from "@/server/repositories/secret-binding-repository";
import { secretRepository } from "@/server/repositories/secret-repository";
import { toDate } from "@/server/repositories/timestamps";

/*
 * Config readiness of one product lane: for every runtime key and managed secret binding the
 * profile's expected config requires there, is it configured, missing, disabled, stale or
 * unsupported? Key names and record ids only; values, plaintext and ciphertext never appear.
 *
 * Rules (upstream `config-status`, with the statuses it leaves undecided settled here):
 *  - A requirement applies to the lane when its context is "" or the lane's, and its instance
 *    is "" or the lane's.
 *  - Runtime key: the most specific runtime environment record that has the key (lane, then
 *    context, then global) is the one the lane runs with, so it is the one reported. (Upstream
 *    reports the first of global, context, lane; the effective value is what staleness needs.)
 *  - Secret binding: bindings of the requirement's integration and key that reach the lane
 *    (lane, context, global). The most specific usable one (binding configured and its secret
 *    configured) wins, as resolution does; with none usable, the most specific one is reported
 *    as disabled. (Upstream only looks at the lane's own bindings, so a context-wide secret
 *    that resolves would show as missing.)
 *  - unsupported: the requirement names an integration Launchplane does not deliver
 *    (anything but runtime_environment and dokploy).
 *  - stale: configured, but changed after the lane's current deployment (its inventory
 *    `updated_at`): the running lane does not have it yet. A secret counts as changed when its
 *    binding was (re)configured or its value was written (record `updated_at`). A lane with no
 *    inventory has nothing deployed to be stale against.
 *  - Overall trust_state: missing (also for disabled) > stale > recorded > unsupported.
 *
 * Bounded cost: profile, then runtime records, reaching bindings, inventory, and the bound
 * secrets: five queries whatever the history size.
 */

export type ConfigItemStatus = "configured" | "missing" | "disabled" | "stale" | "unsupported";
export type ConfigItemTrustState = "recorded" | "missing" | "disabled" | "stale" | "unsupported";
export type ConfigTrustState = "recorded" | "missing" | "stale" | "unsupported";

export interface RuntimeSettingReadiness {
  key: string;
  status: ConfigItemStatus;
  trust_state: ConfigItemTrustState;
  /** Scope of the record that holds the key ("" when missing). */
  scope: RuntimeEnvironmentScope | "";
  context: string;
  instance: string;
  source_label: string;
  updated_at: string;
  detail: string;
}

export interface ManagedSecretReadiness {
  binding_key: string;
  integration: string;
  status: ConfigItemStatus;
  trust_state: ConfigItemTrustState;
  context: string;
  instance: string;
  binding_id: string;
  secret_id: string;
  updated_at: string;
  detail: string;
}

export interface ConfigReadiness {
  product: string;
  display_name: string;
  repository: string;
  driver_id: string;
  environment: string;
  context: string;
  /** The lane's current deployment time (inventory updated_at), "" when nothing is deployed. */
  deployed_at: string;
  runtime_settings: RuntimeSettingReadiness[];
  managed_secrets: ManagedSecretReadiness[];
  counts: Record<ConfigItemStatus, number>;
  trust_state: ConfigTrustState;
  warnings: string[];
}

/** Integrations Launchplane resolves secret bindings for. */
const SUPPORTED_SECRET_INTEGRATIONS = new Set([RUNTIME_ENVIRONMENT_SECRET_INTEGRATION, DOKPLOY_SECRET_INTEGRATION]);

const SPECIFICITY: Record<RuntimeEnvironmentScope, number> = { global: 0, context: 1, instance: 2 };

export async function configReadinessForLane(db: DbClient, product: string, environment: string): Promise<ConfigReadiness> {
  const profile = await productProfileRepository(db).find(product);
  const lane = profile?.lanes.find((candidate) => candidate.instance === environment);
  if (!profile || !lane) {
    throw new LaunchplaneError("not_found", `Product '${product}' has no environment '${environment}'.`);
  }
  const { context, instance } = lane;
  const expected = expectedConfigForLane(profile, lane);
  const runtimeRequirements = expected.runtime_environment_keys;
  const secretRequirements = expected.managed_secret_bindings;
  const bindingKeys = [...new Set(secretRequirements.map((requirement) => requirement.binding_key))];

  const [runtimeRecords, bindings, inventory] = await Promise.all([
    runtimeRequirements.length > 0 ? runtimeEnvironmentRepository(db).listForLane(context, instance) : [],
    bindingKeys.length > 0 ? secretBindingRepository(db).listReachingLane(context, instance, { bindingKeys }) : [],
    inventoryRepository(db).find(context, instance),
  ]);
  const secrets = new Map(
    (await secretRepository(db).findMany([...new Set(bindings.map((binding) => binding.secret_id))])).map(
      (secret) => [secret.secret_id, secret] as const,
    ),
  );

  const deployedAt = inventory?.record.updated_at ?? "";
  const deployedInstant = toDate(deployedAt);
  const changedSinceDeploy = (...timestamps: string[]) => {
    if (!deployedInstant) return false;
    return timestamps.some((value) => {
      const instant = toDate(value);
      return instant !== null && instant.getTime() > deployedInstant.getTime();
    });
  };

  const byScope = [...runtimeRecords].sort((left, right) => SPECIFICITY[right.scope] - SPECIFICITY[left.scope]);
  const runtimeSettings = runtimeRequirements.map((requirement): RuntimeSettingReadiness => {
    const holder = byScope.find((record) => Object.hasOwn(record.env, requirement.key));
    if (!holder) {
      return {
        key: requirement.key,
        status: "missing",
        trust_state: "missing",
        scope: "",
        context: requirement.context || context,
        instance: requirement.instance || (requirement.context ? instance : ""),
        source_label: "",
        updated_at: "",
        detail: "No runtime environment record for this lane holds the key.",
      };
    }
    const stale = changedSinceDeploy(holder.updated_at);
    return {
      key: requirement.key,
      status: stale ? "stale" : "configured",
      trust_state: stale ? "stale" : "recorded",
      scope: holder.scope,
      context: holder.context,
      instance: holder.instance,
      source_label: holder.source_label,
      updated_at: holder.updated_at,
      detail: stale
        ? "The record holding the key changed after the lane's current deployment."
        : `Held by the ${holder.scope} runtime environment record.`,
    };
  });

  const managedSecrets = secretRequirements.map((requirement): ManagedSecretReadiness => {
    const base = {
      binding_key: requirement.binding_key,
      integration: requirement.integration,
      context: requirement.context || context,
      instance: requirement.instance || (requirement.context ? instance : ""),
      binding_id: "",
      secret_id: "",
      updated_at: "",
    };
    if (!SUPPORTED_SECRET_INTEGRATIONS.has(requirement.integration)) {
      return {
        ...base,
        status: "unsupported",
        trust_state: "unsupported",
        detail: `Launchplane does not deliver managed secrets for integration '${requirement.integration}'.`,
      };
    }
    const candidates = bindings
      .filter((binding) => binding.integration === requirement.integration && binding.binding_key === requirement.binding_key)
      .sort((left, right) => bindingSpecificity(right, context, instance) - bindingSpecificity(left, context, instance));
    if (candidates.length === 0) {
      return { ...base, status: "missing", trust_state: "missing", detail: "No managed secret binding reaches this lane." };
    }
    const usable = candidates.find((binding) => bindingUsable(binding, secrets.get(binding.secret_id)));
    const chosen = usable ?? candidates[0]!;
    const secret = secrets.get(chosen.secret_id);
    const found = {
      ...base,
      context: chosen.context,
      instance: chosen.instance,
      binding_id: chosen.binding_id,
      secret_id: chosen.secret_id,
      updated_at: latest(chosen.updated_at, secret?.updated_at ?? ""),
    };
    if (!usable) {
      if (!secret) {
        return { ...found, status: "missing", trust_state: "missing", detail: "The binding's managed secret record is missing." };
      }
      const detail =
        chosen.status !== "configured" ? "The managed secret binding is disabled." : "The bound managed secret is disabled.";
      return { ...found, status: "disabled", trust_state: "disabled", detail };
    }
    const stale = changedSinceDeploy(chosen.updated_at, secret?.updated_at ?? "");
    return {
      ...found,
      status: stale ? "stale" : "configured",
      trust_state: stale ? "stale" : "recorded",
      detail: stale
        ? "The secret or its binding changed after the lane's current deployment."
        : "A configured managed secret binding reaches this lane.",
    };
  });

  const counts: Record<ConfigItemStatus, number> = { configured: 0, missing: 0, disabled: 0, stale: 0, unsupported: 0 };
  for (const item of [...runtimeSettings, ...managedSecrets]) counts[item.status] += 1;
  const warnings: string[] = [];
  if (!deployedInstant) warnings.push("The lane has no current deployment; staleness is not judged.");

  return {
    product: profile.product,
    display_name: profile.display_name,
    repository: profile.repository,
    driver_id: profile.driver_id,
    environment: instance,
    context,
    deployed_at: deployedAt,
    runtime_settings: runtimeSettings,
    managed_secrets: managedSecrets,
    counts,
    trust_state: overallTrustState(counts),
    warnings,
  };
}

/** Requirements of a profile that apply to a lane, without reading anything else. */
export function expectedConfigForLane(profile: ProductProfileRecord, lane: { context: string; instance: string }) {
  return {
    runtime_environment_keys: profile.expected_config.runtime_environment_keys.filter((requirement) =>
      productConfigRequirementAppliesToLane(requirement, lane),
    ),
    managed_secret_bindings: profile.expected_config.managed_secret_bindings.filter((requirement) =>
      productConfigRequirementAppliesToLane(requirement, lane),
    ),
  };
}

function overallTrustState(counts: Record<ConfigItemStatus, number>): ConfigTrustState {
  if (counts.missing + counts.disabled > 0) return "missing";
  if (counts.stale > 0) return "stale";
  if (counts.configured > 0) return "recorded";
  if (counts.unsupported > 0) return "unsupported";
  return "recorded";
}

function bindingSpecificity(binding: SecretBinding, context: string, instance: string): number {
  if (binding.context === context && binding.instance === instance) return 3;
  if (binding.context === context && !binding.instance) return 2;
  if (!binding.context && !binding.instance) return 1;
  return 0;
}

function bindingUsable(binding: SecretBinding, secret: SecretRecord | undefined): boolean {
  return binding.status === "configured" && secret?.status === "configured";
}

function latest(...timestamps: string[]): string {
  let best = "";
  let bestTime = Number.NEGATIVE_INFINITY;
  for (const value of timestamps) {
    const instant = toDate(value);
    if (instant && instant.getTime() > bestTime) {
      best = value;
      bestTime = instant.getTime();
    }
  }
  return best;
}
