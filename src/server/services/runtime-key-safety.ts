import { globMatches } from "@/server/auth/glob-pattern";
import { canonicalJson } from "@/server/contracts/canonical-json";
import {
  type RuntimeEnvironmentClass,
  RuntimeKeySafetyEvaluation,
  type RuntimeKeySafetyFinding,
  RuntimeKeySafetyPolicyApplyRequest,
  RuntimeKeySafetyPolicyRecord,
  runtimeKeySafetyPolicySha256,
  RuntimeKeySafetyTarget,
  type RuntimeSecretClass,
  type RuntimeSecretSafetyRule,
  type RuntimeSecretSafetyTargetScope,
} from "@/server/contracts/runtime-key-safety-policy";
import { newSecretAuditEventId, RUNTIME_ENVIRONMENT_SECRET_INTEGRATION } from "@/server/contracts/secret";
import { SecretAuditEvent } from "@/server/contracts/secret-audit-event";
import type { SecretBinding } from "@/server/contracts/secret-binding";
import { LaunchplaneError } from "@/server/errors";
import { publishRecordEvent } from "@/server/events/record-events";
import { type DbClient, inTransaction } from "@/server/repositories/db-client";
import {
  runtimeKeySafetyPolicyRepository,
  type StoredRuntimeKeySafetyPolicy,
} from "@/server/repositories/runtime-key-safety-policy-repository";
import { secretAuditEventRepository } from "@/server/repositories/secret-audit-event-repository";
import { secretBindingRepository } from "@/server/repositories/secret-binding-repository";
import { isoUtc } from "@/server/repositories/timestamps";
import { parseContract } from "@/server/services/contract-input";
import { requireTimestamp } from "@/server/services/record-timestamp";

/*
 * Runtime key-safety: which managed secret binding keys a runtime class (prod, testing,
 * preview, dev) may receive. Policies are versioned records; exactly one is active. Evaluation
 * fails closed: no active policy is an error, and every required key must resolve to exactly one
 * configured binding whose classification allows the target. Metadata only throughout.
 */

const SERVICE_PRODUCT = "launchplane";

// ---------------------------------------------------------------------------------------------
// Policy writes
// ---------------------------------------------------------------------------------------------

export interface RuntimeKeySafetyPolicySummary {
  record_id: string;
  status: string;
  source: string;
  updated_at: string;
  policy_sha256: string;
  rule_count: number;
  binding_keys: string[];
}

export interface RuntimeKeySafetyPolicyApplyResult {
  record: RuntimeKeySafetyPolicyRecord;
  changed: boolean;
  /** Upstream's result block: string values, as workflows read them. */
  result: { runtime_key_safety_policy_record_id: string; runtime_key_safety_policy_changed: "true" | "false" };
  summary: RuntimeKeySafetyPolicySummary;
}

/**
 * POST /v1/runtime-key-safety/policies/apply: merges the requested rules into the active policy
 * by binding_key (same class: scopes are unioned, an unrestricted scope wins; other class:
 * replaced; legacy instance patterns become paired allowed_targets). Identical content leaves
 * the active record as it is; otherwise the new version becomes active and the previous one is
 * superseded in the same transaction. The active record's integration_key_markers carry over
 * (the apply request cannot set them, and dropping them would silently weaken the policy).
 */
export async function applyRuntimeKeySafetyPolicy(db: DbClient, input: unknown): Promise<RuntimeKeySafetyPolicyApplyResult> {
  const request = parseContract(RuntimeKeySafetyPolicyApplyRequest, input, "runtime key-safety policy request");
  const updatedAt = isoUtc();

  const outcome = await inTransaction(db, async (tx) => {
    const policies = runtimeKeySafetyPolicyRepository(tx);
    await policies.lockWriters();
    const active = await policies.findActive();
    const rules = mergeRuntimeKeySafetyRules(active?.record.rules ?? [], request.rules);
    const pending = parseContract(
      RuntimeKeySafetyPolicyRecord,
      {
        schema_version: 1,
        record_id: "runtime-key-safety-policy-pending",
        status: "active",
        source: request.source_label,
        updated_at: updatedAt,
        rules,
        integration_key_markers: active?.record.integration_key_markers ?? [],
      },
      "runtime key-safety policy",
    );
    const digest = runtimeKeySafetyPolicySha256(pending);
    if (active && active.policySha256 === digest) return { stored: active, changed: false };
    const record: RuntimeKeySafetyPolicyRecord = {
      ...pending,
      record_id: `runtime-key-safety-policy-${recordSlug(updatedAt)}-${digest.slice(0, 12)}`,
    };
    await policies.supersedeActive();
    await policies.insert(record);
    return { stored: { record, policySha256: digest }, changed: true };
  });

  if (outcome.changed) {
    void publishRecordEvent({ kind: "runtime_key_safety_policy", product: SERVICE_PRODUCT, id: outcome.stored.record.record_id });
  }
  return {
    record: outcome.stored.record,
    changed: outcome.changed,
    result: {
      runtime_key_safety_policy_record_id: outcome.stored.record.record_id,
      runtime_key_safety_policy_changed: outcome.changed ? "true" : "false",
    },
    summary: summarizePolicy(outcome.stored),
  };
}

export interface RuntimeKeySafetyPolicyImportResult {
  record_id: string;
  action: "inserted" | "duplicate";
  status: RuntimeKeySafetyPolicyRecord["status"];
}

/**
 * Stores a complete policy record (state import, operator seeding). An id that exists with the
 * same content is a duplicate (nothing written); with other content, record_conflict. An active
 * record supersedes the current active one in the same transaction, unless the current one is
 * newer: then the imported record is kept as superseded history (newest active wins, as
 * upstream reads it).
 */
export async function importRuntimeKeySafetyPolicy(db: DbClient, input: unknown): Promise<RuntimeKeySafetyPolicyImportResult> {
  const incoming = parseContract(RuntimeKeySafetyPolicyRecord, input, "runtime key-safety policy");
  const incomingAt = requireTimestamp(incoming.updated_at, "runtime key-safety policy updated_at");

  const outcome = await inTransaction(db, async (tx) => {
    const policies = runtimeKeySafetyPolicyRepository(tx);
    await policies.lockWriters();
    const existing = await policies.find(incoming.record_id);
    if (existing) {
      if (canonicalJson(withoutStatus(existing.record)) === canonicalJson(withoutStatus(incoming))) {
        return { action: "duplicate" as const, status: existing.record.status };
      }
      throw new LaunchplaneError(
        "record_conflict",
        `Runtime key-safety policy ${incoming.record_id} already exists with different content.`,
      );
    }
    let record = incoming;
    if (incoming.status === "active") {
      const active = await policies.findActive();
      const activeAt = active ? Date.parse(active.record.updated_at) : Number.NEGATIVE_INFINITY;
      if (active && activeAt > incomingAt.getTime()) record = { ...incoming, status: "superseded" };
      else await policies.supersedeActive();
    }
    await policies.insert(record);
    return { action: "inserted" as const, status: record.status };
  });

  if (outcome.action === "inserted") {
    void publishRecordEvent({ kind: "runtime_key_safety_policy", product: SERVICE_PRODUCT, id: incoming.record_id });
  }
  return { record_id: incoming.record_id, ...outcome };
}

/** The active policy with its summary, or null when none was ever applied. */
export async function activeRuntimeKeySafetyPolicy(
  db: DbClient,
): Promise<{ record: RuntimeKeySafetyPolicyRecord; summary: RuntimeKeySafetyPolicySummary } | null> {
  const active = await runtimeKeySafetyPolicyRepository(db).findActive();
  return active ? { record: active.record, summary: summarizePolicy(active) } : null;
}

function summarizePolicy(stored: StoredRuntimeKeySafetyPolicy): RuntimeKeySafetyPolicySummary {
  return {
    record_id: stored.record.record_id,
    status: stored.record.status,
    source: stored.record.source,
    updated_at: stored.record.updated_at,
    policy_sha256: stored.policySha256,
    rule_count: stored.record.rules.length,
    binding_keys: stored.record.rules.map((rule) => rule.binding_key),
  };
}

function withoutStatus(record: RuntimeKeySafetyPolicyRecord) {
  const { status: _status, ...rest } = record;
  return rest;
}

/** Upstream record slug: runs of non-alphanumerics become "-", lower-cased. */
function recordSlug(value: string): string {
  return (
    value
      .trim()
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase() || "request"
  );
}

// ---------------------------------------------------------------------------------------------
// Rule merging
// ---------------------------------------------------------------------------------------------

const hasLegacyScope = (rule: RuntimeSecretSafetyRule) =>
  rule.allowed_contexts.length > 0 || rule.allowed_instances.length > 0 || rule.allowed_instance_patterns.length > 0;

const sortedUnion = (left: string[], right: string[]) => [...new Set([...left, ...right])].sort();

/**
 * New writes never store preview patterns on the legacy axes: a rule with
 * allowed_instance_patterns becomes one paired target per allowed context, so a pattern cannot
 * combine with some other context into a broader grant.
 */
function normalizeRequestedRule(rule: RuntimeSecretSafetyRule): RuntimeSecretSafetyRule {
  if (rule.allowed_instance_patterns.length === 0) return rule;
  if (rule.allowed_targets.length > 0) {
    throw new LaunchplaneError(
      "invalid_request",
      "runtime key-safety policy requests cannot mix legacy allowed_instance_patterns with paired allowed_targets",
    );
  }
  if (rule.allowed_contexts.length === 0) {
    throw new LaunchplaneError(
      "invalid_request",
      "runtime key-safety policy requests with allowed_instance_patterns must use paired allowed_targets or exact allowed_contexts",
    );
  }
  return {
    ...rule,
    allowed_contexts: [],
    allowed_instances: [],
    allowed_instance_patterns: [],
    allowed_targets: rule.allowed_contexts.map((context) => ({
      context,
      instances: [...rule.allowed_instances],
      instance_patterns: [...rule.allowed_instance_patterns],
    })),
  };
}

function mergeTargetScopes(
  existing: RuntimeSecretSafetyTargetScope[],
  requested: RuntimeSecretSafetyTargetScope[],
): RuntimeSecretSafetyTargetScope[] {
  const byContext = new Map(existing.map((scope) => [scope.context, scope] as const));
  for (const scope of requested) {
    const current = byContext.get(scope.context);
    if (!current) {
      byContext.set(scope.context, scope);
      continue;
    }
    const currentRestricted = current.instances.length > 0 || current.instance_patterns.length > 0;
    const requestedRestricted = scope.instances.length > 0 || scope.instance_patterns.length > 0;
    byContext.set(
      scope.context,
      !currentRestricted || !requestedRestricted
        ? { ...scope, instances: [], instance_patterns: [] }
        : {
            ...scope,
            instances: sortedUnion(current.instances, scope.instances),
            instance_patterns: sortedUnion(current.instance_patterns, scope.instance_patterns),
          },
    );
  }
  return [...byContext.keys()].sort().map((context) => byContext.get(context)!);
}

function mergeLegacyContexts(existing: RuntimeSecretSafetyRule, requested: RuntimeSecretSafetyRule): string[] {
  if (!hasLegacyScope(requested)) return existing.allowed_contexts;
  if (!hasLegacyScope(existing)) return requested.allowed_contexts;
  // An empty list on either side means "any context": the union stays unrestricted.
  if (existing.allowed_contexts.length === 0 || requested.allowed_contexts.length === 0) return [];
  return sortedUnion(existing.allowed_contexts, requested.allowed_contexts);
}

function mergeLegacyInstances(
  existing: RuntimeSecretSafetyRule,
  requested: RuntimeSecretSafetyRule,
): Pick<RuntimeSecretSafetyRule, "allowed_instances" | "allowed_instance_patterns"> {
  if (!hasLegacyScope(requested)) {
    return { allowed_instances: existing.allowed_instances, allowed_instance_patterns: existing.allowed_instance_patterns };
  }
  if (!hasLegacyScope(existing)) {
    return { allowed_instances: requested.allowed_instances, allowed_instance_patterns: requested.allowed_instance_patterns };
  }
  const existingRestricted = existing.allowed_instances.length > 0 || existing.allowed_instance_patterns.length > 0;
  const requestedRestricted = requested.allowed_instances.length > 0 || requested.allowed_instance_patterns.length > 0;
  if (!existingRestricted || !requestedRestricted) return { allowed_instances: [], allowed_instance_patterns: [] };
  return {
    allowed_instances: sortedUnion(existing.allowed_instances, requested.allowed_instances),
    allowed_instance_patterns: sortedUnion(existing.allowed_instance_patterns, requested.allowed_instance_patterns),
  };
}

/** The merged rule set, sorted by binding_key. */
export function mergeRuntimeKeySafetyRules(
  existingRules: RuntimeSecretSafetyRule[],
  requestedRules: RuntimeSecretSafetyRule[],
): RuntimeSecretSafetyRule[] {
  const byKey = new Map(existingRules.map((rule) => [rule.binding_key, rule] as const));
  for (const raw of requestedRules) {
    const requested = normalizeRequestedRule(raw);
    const existing = byKey.get(requested.binding_key);
    if (!existing || existing.secret_class !== requested.secret_class) {
      byKey.set(requested.binding_key, requested);
      continue;
    }
    byKey.set(requested.binding_key, {
      ...requested,
      allowed_contexts: mergeLegacyContexts(existing, requested),
      ...mergeLegacyInstances(existing, requested),
      allowed_targets: mergeTargetScopes(existing.allowed_targets, requested.allowed_targets),
      description: requested.description || existing.description,
    });
  }
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

const ALLOWED_SECRET_CLASSES: Record<RuntimeEnvironmentClass, ReadonlySet<RuntimeSecretClass>> = {
  prod: new Set(["prod_only", "shared_safe"]),
  testing: new Set(["testing", "non_prod", "shared_safe"]),
  preview: new Set(["preview", "non_prod", "shared_safe"]),
  dev: new Set(["non_prod", "shared_safe"]),
  unknown: new Set(),
};

/** Lanes whose own exact binding is classification enough (previews copy template values). */
const LANE_CLASSIFIED: ReadonlySet<RuntimeEnvironmentClass> = new Set(["prod", "testing", "dev"]);

/**
 * Key-name fragments of production integration credentials (stores, payments, mail, printing,
 * business connectors). Such a key on a non-production lane needs a rule or a declared class.
 */
export const DEFAULT_INTEGRATION_KEY_MARKERS = [
  "SHOPIFY",
  "STRIPE",
  "PAYPAL",
  "SQUARE",
  "BRAINTREE",
  "AUTHORIZE_NET",
  "PAYMENT",
  "SMTP",
  "MAIL",
  "SENDGRID",
  "MAILGUN",
  "POSTMARK",
  "RESEND",
  "PRINTNODE",
  "REPAIRSHOPR",
  "FISHBOWL",
] as const;

/** The runtime class of a lane instance name. */
export function runtimeEnvironmentClassOf(instance: string): RuntimeEnvironmentClass {
  const name = instance.trim().toLowerCase();
  if (name === "prod" || name === "production") return "prod";
  if (["testing", "test", "staging", "stage"].includes(name)) return "testing";
  if (name === "preview" || name === "pr" || name.startsWith("pr-")) return "preview";
  if (["dev", "local", "development"].includes(name)) return "dev";
  return "unknown";
}

const keyParts = (key: string) =>
  key
    .toUpperCase()
    .replaceAll(".", "_")
    .split("_")
    .filter((part) => part.length > 0);

/** Whether a binding key contains one of the markers as a whole run of `_`-separated parts. */
export function isIntegrationRuntimeKey(key: string, extraMarkers: readonly string[] = []): boolean {
  const parts = keyParts(key);
  for (const marker of [...DEFAULT_INTEGRATION_KEY_MARKERS, ...extraMarkers]) {
    const markerParts = keyParts(marker);
    if (markerParts.length === 0) continue;
    for (let start = 0; start + markerParts.length <= parts.length; start += 1) {
      if (markerParts.every((part, offset) => parts[start + offset] === part)) return true;
    }
  }
  return false;
}

function instanceAllowed(instance: string, instances: string[], patterns: string[]): boolean {
  if (instances.includes(instance)) return true;
  if (instance.includes("/") || instance.includes("\\")) return false;
  return patterns.some((pattern) => globMatches(pattern, instance));
}

function legacyInstanceAllowed(target: RuntimeKeySafetyTarget, rule: RuntimeSecretSafetyRule): boolean {
  if (rule.allowed_instances.length === 0 && rule.allowed_instance_patterns.length === 0) return true;
  return instanceAllowed(target.instance, rule.allowed_instances, rule.allowed_instance_patterns);
}

function targetScopeAllowed(target: RuntimeKeySafetyTarget, scope: RuntimeSecretSafetyTargetScope): boolean {
  if (scope.context !== target.context) return false;
  if (scope.instances.length === 0 && scope.instance_patterns.length === 0) return true;
  return instanceAllowed(target.instance, scope.instances, scope.instance_patterns);
}

function targetAllowed(target: RuntimeKeySafetyTarget, rule: RuntimeSecretSafetyRule): boolean {
  const legacy = hasLegacyScope(rule);
  if (!legacy && rule.allowed_targets.length === 0) return true;
  const legacyAllowed =
    legacy &&
    (rule.allowed_contexts.length === 0 || rule.allowed_contexts.includes(target.context)) &&
    legacyInstanceAllowed(target, rule);
  return legacyAllowed || rule.allowed_targets.some((scope) => targetScopeAllowed(target, scope));
}

function contextAllowed(target: RuntimeKeySafetyTarget, rule: RuntimeSecretSafetyRule): boolean {
  if (hasLegacyScope(rule) && (rule.allowed_contexts.length === 0 || rule.allowed_contexts.includes(target.context))) {
    return true;
  }
  return rule.allowed_targets.some((scope) => scope.context === target.context);
}

/** For findings only: is the instance the reason a disallowed target fails? */
function instanceAllowedForDiagnostics(target: RuntimeKeySafetyTarget, rule: RuntimeSecretSafetyRule): boolean {
  const scopes = rule.allowed_targets.filter((scope) => scope.context === target.context);
  if (scopes.length > 0) {
    return scopes.some(
      (scope) =>
        (scope.instances.length === 0 && scope.instance_patterns.length === 0) ||
        instanceAllowed(target.instance, scope.instances, scope.instance_patterns),
    );
  }
  if (rule.allowed_instances.length > 0 || rule.allowed_instance_patterns.length > 0) return legacyInstanceAllowed(target, rule);
  return true;
}

function bindingRank(binding: SecretBinding, target: RuntimeKeySafetyTarget): number {
  if (!binding.context && !binding.instance) return 1;
  if (binding.context === target.context && binding.instance === target.instance) return 3;
  if (binding.context === target.context && !binding.instance) return 2;
  return 0;
}

function finding(
  code: RuntimeKeySafetyFinding["code"],
  detail: string,
  binding?: SecretBinding | { binding_key: string },
  secretClass = "",
): RuntimeKeySafetyFinding {
  const bound = binding && "binding_id" in binding ? binding : undefined;
  return {
    code,
    binding_key: binding?.binding_key ?? "",
    binding_id: bound?.binding_id ?? "",
    secret_id: bound?.secret_id ?? "",
    secret_class: secretClass,
    detail,
  };
}

function ruleFindings(target: RuntimeKeySafetyTarget, binding: SecretBinding, rule: RuntimeSecretSafetyRule): RuntimeKeySafetyFinding[] {
  const findings: RuntimeKeySafetyFinding[] = [];
  const key = binding.binding_key;
  if (!ALLOWED_SECRET_CLASSES[target.environment_class].has(rule.secret_class)) {
    findings.push(
      finding(
        "secret_class_not_allowed",
        `Managed secret binding '${key}' is classified as '${rule.secret_class}', which is not allowed for '${target.environment_class}' environments.`,
        binding,
        rule.secret_class,
      ),
    );
  }
  const allowed = targetAllowed(target, rule);
  if (!allowed && !contextAllowed(target, rule)) {
    findings.push(
      finding("context_not_allowed", `Managed secret binding '${key}' is not allowed for context '${target.context}'.`, binding, rule.secret_class),
    );
  }
  if (!allowed && !instanceAllowedForDiagnostics(target, rule)) {
    findings.push(
      finding("instance_not_allowed", `Managed secret binding '${key}' is not allowed for instance '${target.instance}'.`, binding, rule.secret_class),
    );
  }
  return findings;
}

function unruledFindings(target: RuntimeKeySafetyTarget, binding: SecretBinding, markers: readonly string[]): RuntimeKeySafetyFinding[] {
  const key = binding.binding_key;
  const declared = binding.declared_secret_class ?? null;
  // A production integration key on a non-production lane cannot be classified by its lane.
  const integrationKeyOffProd =
    target.environment_class !== "prod" && declared === null && isIntegrationRuntimeKey(key, markers);
  const laneExact =
    !integrationKeyOffProd &&
    LANE_CLASSIFIED.has(target.environment_class) &&
    Boolean(binding.context) &&
    Boolean(binding.instance) &&
    binding.context === target.context &&
    binding.instance === target.instance;
  if (!laneExact) {
    return [finding("unclassified_binding", `Managed secret binding '${key}' has no runtime key safety rule.`, binding)];
  }
  if (declared === null || ALLOWED_SECRET_CLASSES[target.environment_class].has(declared)) return [];
  return [
    finding(
      "secret_class_not_allowed",
      `Managed secret binding '${key}' is declared '${declared}', which is not allowed for '${target.environment_class}' environments.`,
      binding,
      declared,
    ),
  ];
}

export interface RuntimeKeySafetyEvaluationInput {
  target: RuntimeKeySafetyTarget;
  requiredBindingKeys: string[];
  /** Runtime-environment bindings that may reach the target (others are ignored by rank). */
  bindings: SecretBinding[];
  policy: Pick<RuntimeKeySafetyPolicyRecord, "rules" | "integration_key_markers">;
}

/** The pure evaluation (no reads): every required key must pass, or the target fails. */
export function evaluateRuntimeKeySafetyBindings(input: RuntimeKeySafetyEvaluationInput): RuntimeKeySafetyEvaluation {
  const { target, policy } = input;
  const keys = normalizeRequiredKeys(input.requiredBindingKeys);
  const rules = new Map(policy.rules.map((rule) => [rule.binding_key, rule] as const));
  const markers = policy.integration_key_markers;
  const findings: RuntimeKeySafetyFinding[] = [];
  if (target.environment_class === "unknown") {
    findings.push(finding("unknown_environment_class", "Runtime key safety target has unknown environment class."));
  }
  for (const key of keys) {
    const ranked = input.bindings
      .filter((binding) => binding.binding_key === key)
      .map((binding) => ({ binding, rank: bindingRank(binding, target) }));
    const top = Math.max(0, ...ranked.map((entry) => entry.rank));
    const effective = top === 0 ? [] : ranked.filter((entry) => entry.rank === top).map((entry) => entry.binding);
    if (effective.length === 0) {
      findings.push(finding("binding_missing", `Required managed secret binding '${key}' is missing.`, { binding_key: key }));
      continue;
    }
    if (effective.length > 1) {
      findings.push(
        finding("ambiguous_binding", `Required managed secret binding '${key}' resolved to multiple records.`, { binding_key: key }),
      );
      continue;
    }
    const binding = effective[0]!;
    if (binding.status !== "configured") {
      findings.push(finding("binding_disabled", `Managed secret binding '${key}' is not configured.`, binding));
      continue;
    }
    const rule = rules.get(key);
    const bindingFindings = rule ? ruleFindings(target, binding, rule) : unruledFindings(target, binding, markers);
    findings.push(...bindingFindings);
    const declaredSharedWithoutReason =
      target.environment_class !== "prod" &&
      binding.declared_secret_class === "shared_safe" &&
      binding.sharing_reason == null &&
      isIntegrationRuntimeKey(key, markers);
    if (declaredSharedWithoutReason && bindingFindings.length === 0) {
      findings.push(
        finding(
          "sharing_reason_missing",
          `Integration key '${key}' is declared 'shared_safe' on a '${target.environment_class}' lane with no recorded sharing reason and evidence.`,
          binding,
          "shared_safe",
        ),
      );
    }
  }
  return RuntimeKeySafetyEvaluation.parse({
    schema_version: 1,
    status: findings.length > 0 ? "fail" : "pass",
    target,
    checked_binding_keys: keys,
    findings,
  });
}

function normalizeRequiredKeys(keys: string[]): string[] {
  const normalized: string[] = [];
  for (const raw of keys) {
    const key = typeof raw === "string" ? raw.trim() : "";
    if (!key) throw new LaunchplaneError("invalid_request", "runtime key safety required binding keys must be non-empty");
    if (!normalized.includes(key)) normalized.push(key);
  }
  if (normalized.length === 0) {
    throw new LaunchplaneError("invalid_request", "runtime key safety requires at least one binding key");
  }
  return normalized;
}

export interface RuntimeKeySafetyCheck {
  context: string;
  instance: string;
  /** Defaults to the class the instance name implies (prod, testing, preview, dev, unknown). */
  environment_class?: RuntimeEnvironmentClass;
  required_binding_keys: string[];
  /** When given, one "key_safety_evaluated" audit event per evaluated secret. */
  audit?: { actor: string; reason?: string };
}

export interface RuntimeKeySafetyCheckResult {
  evaluation: RuntimeKeySafetyEvaluation;
  policy_record_id: string;
  policy_sha256: string;
}

/**
 * Evaluates whether a runtime target may receive the required bindings under the active policy.
 * Without an active policy it fails closed with secret_configuration_required; a failing
 * evaluation is returned (status "fail" with findings) for the caller to refuse on.
 */
export async function evaluateRuntimeKeySafety(db: DbClient, check: RuntimeKeySafetyCheck): Promise<RuntimeKeySafetyCheckResult> {
  const target = parseContract(
    RuntimeKeySafetyTarget,
    {
      context: check.context,
      instance: check.instance,
      environment_class: check.environment_class ?? runtimeEnvironmentClassOf(check.instance),
    },
    "runtime key safety target",
  );
  const keys = normalizeRequiredKeys(check.required_binding_keys);
  const policy = await runtimeKeySafetyPolicyRepository(db).findActive();
  if (!policy) {
    throw new LaunchplaneError("secret_configuration_required", "No active runtime key-safety policy record found.");
  }
  const bindings = await secretBindingRepository(db).listReachingLane(target.context, target.instance, {
    bindingKeys: keys,
    integration: RUNTIME_ENVIRONMENT_SECRET_INTEGRATION,
  });
  const evaluation = evaluateRuntimeKeySafetyBindings({ target, requiredBindingKeys: keys, bindings, policy: policy.record });

  if (check.audit) {
    const secretIds = [...new Set(bindings.filter((binding) => bindingRank(binding, target) > 0).map((binding) => binding.secret_id))];
    const recordedAt = isoUtc();
    const events = secretIds.map((secretId) =>
      SecretAuditEvent.parse({
        schema_version: 1,
        event_id: newSecretAuditEventId(secretId, "key_safety_evaluated"),
        secret_id: secretId,
        event_type: "key_safety_evaluated",
        recorded_at: recordedAt,
        actor: check.audit!.actor,
        detail: `Launchplane evaluated runtime key safety for ${target.context}/${target.instance}.`,
        metadata: {
          status: evaluation.status,
          destination_class: target.environment_class,
          context: target.context,
          instance: target.instance,
          policy_record_id: policy.record.record_id,
          policy_sha256: policy.policySha256,
          // This secret's own findings; `status` is the outcome of the whole gate.
          finding_codes: [...new Set(evaluation.findings.filter((item) => item.secret_id === secretId).map((item) => item.code))].join(
            ",",
          ),
          ...(check.audit!.reason?.trim() ? { reason: check.audit!.reason.trim() } : {}),
        },
      }),
    );
    await secretAuditEventRepository(db).insertMany(events);
  }
  return { evaluation, policy_record_id: policy.record.record_id, policy_sha256: policy.policySha256 };
}
