import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import {
  LEGACY_SECRET_KEY_ID,
  SECRET_CIPHER_ALG,
  SECRET_ENVELOPE_CIPHER_ALG,
  type SecretVersion,
} from "@/server/contracts/secret";
import { env } from "@/server/env";
import { LaunchplaneError } from "@/server/errors";

/**
 * Envelope encryption of managed secret values under LAUNCHPLANE_MASTER_ENCRYPTION_KEY.
 *
 * Each version gets its own random 256-bit data key. The value is sealed with AES-256-GCM under
 * the data key, and the data key is sealed with AES-256-GCM under the master key. Both layers
 * authenticate the same associated data (secret id, version id, key id), so a ciphertext moved to
 * another version or secret fails to open instead of decrypting under the wrong name.
 *
 * Stored text: `lpenc1.<sealed data key>.<sealed value>`, each part base64url of iv|tag|ciphertext.
 * Upstream versions (`fernet-v1`, key id `launchplane-master-key`) can still be opened.
 */

const ENVELOPE_PREFIX = "lpenc1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const MISSING_KEY_MESSAGE =
  "Launchplane managed secrets require LAUNCHPLANE_MASTER_ENCRYPTION_KEY to read or write encrypted values.";
const INVALID_KEY_MESSAGE =
  "LAUNCHPLANE_MASTER_ENCRYPTION_KEY must be a 32-byte key encoded as base64, base64url or hex.";

export interface MasterKey {
  /** Non-secret identifier recorded on every version this key encrypts. */
  keyId: string;
  bytes: Buffer;
  /** Upstream's Fernet key derived from the same setting, for reading imported versions. */
  fernet: { signingKey: Buffer; encryptionKey: Buffer };
}

/** Where a ciphertext belongs; bound into the authenticated data of both layers. */
export interface SecretValueBinding {
  secretId: string;
  versionId: string;
}

export interface SealedSecretValue {
  cipher_alg: typeof SECRET_ENVELOPE_CIPHER_ALG;
  key_id: string;
  ciphertext: string;
}

/**
 * The configured master key, or LaunchplaneError("secret_configuration_required") when it is
 * missing or not a 32-byte key. Messages never include the setting's value.
 */
export function masterKey(): MasterKey {
  const raw = env().LAUNCHPLANE_MASTER_ENCRYPTION_KEY?.trim() ?? "";
  if (!raw) throw new LaunchplaneError("secret_configuration_required", MISSING_KEY_MESSAGE);
  const bytes = decodeKey(raw);
  if (!bytes) throw new LaunchplaneError("secret_configuration_required", INVALID_KEY_MESSAGE);
  return { keyId: masterKeyId(bytes), bytes, fernet: upstreamFernetKey(raw) };
}

/** Fails closed before any write when the master key is not usable. */
export function requireMasterKey(): void {
  masterKey();
}

/**
 * `master-` + 12 hex of a domain-separated SHA-256 of the key: enough to tell keys apart in
 * metadata, nothing usable to recover the key.
 */
export function masterKeyId(bytes: Buffer): string {
  const digest = createHash("sha256").update("launchplane-secret-key-id\0").update(bytes).digest("hex");
  return `master-${digest.slice(0, 12)}`;
}

function decodeKey(raw: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) return null;
  const bytes = Buffer.from(raw.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  if (bytes.length !== KEY_BYTES) return null;
  // Refuse texts that only decode by dropping characters (non-canonical base64).
  const canonical = bytes.toString("base64").replace(/=+$/, "");
  const given = raw.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
  return canonical === given ? bytes : null;
}

/**
 * Upstream uses the setting as a Fernet key when it is one (base64 of 32 bytes), else the
 * SHA-256 of its text. Fernet keys are signing key (first 16 bytes) + AES key (last 16).
 */
function upstreamFernetKey(raw: string): MasterKey["fernet"] {
  let key = Buffer.from(raw.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    key = createHash("sha256").update(raw, "utf8").digest();
  }
  return { signingKey: key.subarray(0, 16), encryptionKey: key.subarray(16, 32) };
}

function associatedData(binding: SecretValueBinding, keyId: string): Buffer {
  return Buffer.from(["launchplane-secret-v1", binding.secretId, binding.versionId, keyId].join("\0"), "utf8");
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

function open(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("sealed value too short");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Encrypts a plaintext for one version of one secret under the configured master key. */
export function encryptSecretValue(plaintext: string, binding: SecretValueBinding): SealedSecretValue {
  const key = masterKey();
  const aad = associatedData(binding, key.keyId);
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const sealedKey = seal(key.bytes, dataKey, aad);
    const sealedValue = seal(dataKey, Buffer.from(plaintext, "utf8"), aad);
    return {
      cipher_alg: SECRET_ENVELOPE_CIPHER_ALG,
      key_id: key.keyId,
      ciphertext: `${ENVELOPE_PREFIX}.${sealedKey}.${sealedValue}`,
    };
  } finally {
    dataKey.fill(0);
  }
}

type StoredVersion = Pick<SecretVersion, "secret_id" | "version_id" | "cipher_alg" | "key_id" | "ciphertext">;

/**
 * Decrypts a stored version. A version under a key that is not configured fails with
 * secret_configuration_required; a ciphertext that does not authenticate (tampered, moved to
 * another version, truncated) fails with internal_error. Neither message carries material.
 */
export function decryptSecretValue(version: StoredVersion): string {
  const key = masterKey();
  if (version.cipher_alg === SECRET_CIPHER_ALG) return decryptUpstreamVersion(version, key);
  if (version.key_id !== key.keyId) {
    throw new LaunchplaneError(
      "secret_configuration_required",
      `Managed secret version ${version.version_id} is encrypted under key_id '${version.key_id}', which is not the configured master key.`,
    );
  }
  const parts = version.ciphertext.split(".");
  if (parts.length !== 3 || parts[0] !== ENVELOPE_PREFIX) throw integrityFailure(version.version_id);
  const aad = associatedData({ secretId: version.secret_id, versionId: version.version_id }, version.key_id);
  let dataKey: Buffer | undefined;
  try {
    dataKey = open(key.bytes, parts[1]!, aad);
    if (dataKey.length !== KEY_BYTES) throw new Error("data key has the wrong length");
    return open(dataKey, parts[2]!, aad).toString("utf8");
  } catch {
    throw integrityFailure(version.version_id);
  } finally {
    dataKey?.fill(0);
  }
}

function integrityFailure(versionId: string): LaunchplaneError {
  return new LaunchplaneError(
    "internal_error",
    `Managed secret version ${versionId} failed integrity verification and was not decrypted.`,
  );
}

/** Fernet token: 0x80 | time (8) | iv (16) | AES-128-CBC ciphertext | HMAC-SHA256 (32). */
function decryptUpstreamVersion(version: StoredVersion, key: MasterKey): string {
  if (version.key_id !== LEGACY_SECRET_KEY_ID) {
    throw new LaunchplaneError(
      "secret_configuration_required",
      `Managed secret version ${version.version_id} uses key_id '${version.key_id}', which is unknown or retired.`,
    );
  }
  const token = Buffer.from(version.ciphertext.trim(), "base64url");
  if (token.length < 1 + 8 + 16 + 16 + 32 || token[0] !== 0x80) throw integrityFailure(version.version_id);
  const signed = token.subarray(0, token.length - 32);
  const expected = createHmac("sha256", key.fernet.signingKey).update(signed).digest();
  if (!timingSafeEqual(expected, token.subarray(token.length - 32))) throw integrityFailure(version.version_id);
  try {
    const decipher = createDecipheriv("aes-128-cbc", key.fernet.encryptionKey, token.subarray(9, 25));
    return Buffer.concat([decipher.update(token.subarray(25, token.length - 32)), decipher.final()]).toString("utf8");
  } catch {
    throw integrityFailure(version.version_id);
  }
}

/** Constant-time equality of two plaintexts (compares digests so lengths do not leak). */
export function sameSecretValue(left: string, right: string): boolean {
  const a = createHash("sha256").update(left, "utf8").digest();
  const b = createHash("sha256").update(right, "utf8").digest();
  return timingSafeEqual(a, b);
}
