// Secret binding: maps a managed secret to the env key (binding_key) it fills for an integration on
// a context/instance, with its key-safety classification. Mirrors upstream SecretBinding and
// SecretSharingReason in control_plane/contracts/secret_record.py.
import { z } from "zod";

import { nonBlank, schemaVersion } from "./primitives";
import { runtimeSecretClass } from "./runtime-key-safety-policy";
import { secretStatus } from "./secret";

/** Lane integration allowances (upstream dokploy_target_record) plus deliberate site sharing. */
export const secretSharingKind = z.enum(["dev_store", "read_only_source", "pre_live", "site_shared"]);
export type SecretSharingKind = z.infer<typeof secretSharingKind>;

/**
 * Why a production integration key may sit on one non-production lane. A person verifies the
 * key's permissions and records who, when and what they saw in `evidence`.
 */
export const SecretSharingReason = z.strictObject({
  kind: secretSharingKind,
  reason: z
    .string()
    .trim()
    .refine((value) => value.length > 0, { message: "A secret sharing reason requires reason." }),
  evidence: z
    .string()
    .trim()
    .refine((value) => value.length > 0, {
      message: "A secret sharing reason requires evidence: who verified the key, when, and what.",
    }),
  recorded_by: z.string().trim().default(""),
  recorded_at: z.string().trim().default(""),
});
export type SecretSharingReason = z.output<typeof SecretSharingReason>;

export const SecretBindingFields = z.strictObject({
  schema_version: schemaVersion,
  binding_id: nonBlank("secret binding binding_id"),
  secret_id: nonBlank("secret binding secret_id"),
  integration: nonBlank("secret binding integration"),
  binding_type: z.enum(["env"]).default("env"),
  binding_key: nonBlank("secret binding binding_key"),
  context: z.string().default(""),
  instance: z.string().default(""),
  status: secretStatus.default("configured"),
  /** Writer's key-safety class for a secret stored on one exact lane (needs context+instance). */
  declared_secret_class: runtimeSecretClass.nullish(),
  /** Metadata only, never part of the value; requires declared_secret_class. */
  sharing_reason: SecretSharingReason.nullish(),
  created_at: nonBlank("secret binding created_at"),
  updated_at: nonBlank("secret binding updated_at"),
});

export const SecretBinding = SecretBindingFields.superRefine((binding, ctx) => {
  if (binding.declared_secret_class != null && !(binding.context.trim() && binding.instance.trim())) {
    ctx.addIssue({
      code: "custom",
      message: "secret binding declared_secret_class requires context and instance",
    });
  }
  if (binding.sharing_reason != null && binding.declared_secret_class == null) {
    ctx.addIssue({ code: "custom", message: "secret binding sharing_reason requires declared_secret_class" });
  }
});
export type SecretBinding = z.output<typeof SecretBinding>;
