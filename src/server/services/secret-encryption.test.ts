import { randomBytes } from "node:crypto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { resetEnvForTests } from "@/server/env";
import { LaunchplaneError } from "@/server/errors";

import { decryptSecretValue, encryptSecretValue, masterKey, masterKeyId, sameSecretValue } from "./secret-encryption";

const KEY_BYTES = Buffer.from(Array.from({ length: 32 }, (_, index) => index));
const binding = { secretId: "secret-dokploy-api-token-opw", versionId: "secret-dokploy-api-token-opw-version-0123456789ab" };

function setMasterKey(value: string | undefined): void {
  if (value === undefined) delete process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
  else process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = value;
  resetEnvForTests();
}

function caught(work: () => unknown): LaunchplaneError {
  try {
    work();
  } catch (error) {
    if (error instanceof LaunchplaneError) return error;
    throw error;
  }
  throw new Error("expected a LaunchplaneError");
}

/** Flips one bit of the n-th character's byte in one dot-separated part of the envelope. */
function tamper(ciphertext: string, part: number): string {
  const parts = ciphertext.split(".");
  const raw = Buffer.from(parts[part]!, "base64url");
  raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x01;
  parts[part] = raw.toString("base64url");
  return parts.join(".");
}

const previous = process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
beforeEach(() => setMasterKey(KEY_BYTES.toString("base64")));
afterEach(() => setMasterKey(previous));

describe("envelope encryption", () => {
  it("round-trips a value and records a non-secret key id", () => {
    const sealed = encryptSecretValue("s3cr3t-value-ü", binding);
    expect(sealed.cipher_alg).toBe("aes-256-gcm-v1");
    expect(sealed.key_id).toMatch(/^master-[0-9a-f]{12}$/);
    expect(sealed.key_id).toBe(masterKeyId(KEY_BYTES));
    expect(sealed.ciphertext.startsWith("lpenc1.")).toBe(true);
    expect(sealed.ciphertext).not.toContain("s3cr3t");
    expect(sealed.ciphertext).not.toContain(KEY_BYTES.toString("base64"));
    const plaintext = decryptSecretValue({
      secret_id: binding.secretId,
      version_id: binding.versionId,
      ...sealed,
    });
    expect(plaintext).toBe("s3cr3t-value-ü");
  });

  it("uses a fresh data key and iv per encryption", () => {
    const first = encryptSecretValue("same", binding).ciphertext;
    const second = encryptSecretValue("same", binding).ciphertext;
    expect(first).not.toBe(second);
  });

  it("accepts the same 32 bytes as hex, base64 and unpadded base64url", () => {
    const ids = [KEY_BYTES.toString("hex"), KEY_BYTES.toString("base64"), KEY_BYTES.toString("base64url")].map(
      (value) => {
        setMasterKey(value);
        return masterKey().keyId;
      },
    );
    expect(new Set(ids).size).toBe(1);
  });

  it("detects a tampered value, a tampered data key, truncation and a moved ciphertext", () => {
    const sealed = encryptSecretValue("tamper-me", binding);
    const version = { secret_id: binding.secretId, version_id: binding.versionId, ...sealed };
    for (const ciphertext of [
      tamper(sealed.ciphertext, 2),
      tamper(sealed.ciphertext, 1),
      sealed.ciphertext.slice(0, sealed.ciphertext.length - 8),
      sealed.ciphertext.replace("lpenc1.", "lpenc2."),
    ]) {
      const error = caught(() => decryptSecretValue({ ...version, ciphertext }));
      expect(error.code).toBe("internal_error");
      expect(error.message).toContain("failed integrity verification");
    }
    const moved = caught(() => decryptSecretValue({ ...version, version_id: `${binding.secretId}-version-ffffffffffff` }));
    expect(moved.code).toBe("internal_error");
    const otherSecret = caught(() => decryptSecretValue({ ...version, secret_id: "secret-other" }));
    expect(otherSecret.code).toBe("internal_error");
  });

  it("refuses a version encrypted under a different master key", () => {
    const sealed = encryptSecretValue("rotated-away", binding);
    setMasterKey(randomBytes(32).toString("hex"));
    const error = caught(() =>
      decryptSecretValue({ secret_id: binding.secretId, version_id: binding.versionId, ...sealed }),
    );
    expect(error.code).toBe("secret_configuration_required");
    expect(error.message).toContain(sealed.key_id);
  });
});

describe("master key configuration", () => {
  it("fails closed with secret_configuration_required when the key is missing", () => {
    setMasterKey(undefined);
    const error = caught(() => encryptSecretValue("value", binding));
    expect(error.code).toBe("secret_configuration_required");
    expect(error.status).toBe(503);
    expect(error.message).toContain("LAUNCHPLANE_MASTER_ENCRYPTION_KEY");
    setMasterKey("   ");
    expect(caught(() => masterKey()).code).toBe("secret_configuration_required");
  });

  it("refuses keys that are not 32 bytes without echoing them", () => {
    for (const value of ["correct horse battery staple", randomBytes(16).toString("base64"), "ab".repeat(31)]) {
      setMasterKey(value);
      const error = caught(() => masterKey());
      expect(error.code).toBe("secret_configuration_required");
      expect(error.message).not.toContain(value);
    }
  });
});

describe("upstream fernet-v1 versions", () => {
  // Made with Python's cryptography.fernet under key urlsafe_b64encode(bytes(range(32))).
  const token =
    "gAAAAABrCJD_hlX6EVbRTFMXHrauClJr5gTSGgbDTi9wIM5ALYBvOHfxXc7RmtCi5uOJAFpawIlPbWbO3JJA3fUbT8Mw0zFqOCCRMpU-5d3NVWkky_xdAkw=";
  const upstream = {
    secret_id: "secret-runtime-environment-api-key",
    version_id: "secret-runtime-environment-api-key-version-aaaaaaaaaaaa",
    cipher_alg: "fernet-v1" as const,
    key_id: "launchplane-master-key",
    ciphertext: token,
  };

  it("opens a token upstream wrote with the same master key", () => {
    setMasterKey(KEY_BYTES.toString("base64url"));
    expect(decryptSecretValue(upstream)).toBe("upstream-secret-value");
  });

  it("refuses a tampered token and an unknown key id", () => {
    const raw = Buffer.from(token, "base64url");
    raw[40] = raw[40]! ^ 0x01;
    expect(caught(() => decryptSecretValue({ ...upstream, ciphertext: raw.toString("base64url") })).code).toBe(
      "internal_error",
    );
    expect(caught(() => decryptSecretValue({ ...upstream, key_id: "retired-key" })).code).toBe(
      "secret_configuration_required",
    );
  });
});

describe("sameSecretValue", () => {
  it("compares plaintexts exactly", () => {
    expect(sameSecretValue("a", "a")).toBe(true);
    expect(sameSecretValue("a", "a ")).toBe(false);
    expect(sameSecretValue("", "x")).toBe(false);
  });
});
