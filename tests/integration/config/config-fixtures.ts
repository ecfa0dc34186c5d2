import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, expect } from "vitest";

import { resetEnvForTests } from "@/server/env";

/** A product profile payload as a workflow would POST it (upstream field names). */
export function profilePayload(product: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: 1,
    product,
    display_name: `Product ${product}`,
    repository: `acme/${product}`,
    driver_id: "generic-web",
    image: { repository: `ghcr.io/acme/${product}` },
    runtime_port: 3000,
    health_path: "/healthz",
    lanes: [
      { instance: "testing", context: product, base_url: `https://testing.${product}.example.com` },
      { instance: "prod", context: product, base_url: `https://${product}.example.com` },
    ],
    updated_at: "2026-04-20T16:00:00Z",
    source: "test:config",
    ...patch,
  };
}

export function setMasterKey(value: string | undefined): void {
  if (value === undefined) delete process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
  else process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY = value;
  resetEnvForTests();
}

/** Configures a fresh master key for the file's tests and restores the previous setting after. */
export function withMasterKey(): { key: string } {
  const previous = process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY;
  const holder = { key: randomBytes(32).toString("base64") };
  beforeAll(() => setMasterKey(holder.key));
  afterAll(() => setMasterKey(previous));
  return holder;
}

/** A plaintext whose every 8-character prefix is unique to this run. */
export function uniquePlaintext(label: string): string {
  return `${randomBytes(12).toString("hex")}-${label}-${randomBytes(8).toString("hex")}`;
}

/** Fails when any of the needles (or their first 12 characters) occurs in the value's JSON. */
export function expectNoSecretMaterial(value: unknown, needles: string[], where: string): void {
  const text = JSON.stringify(value);
  for (const needle of needles) {
    expect(needle.length, "needles must be long enough to be distinctive").toBeGreaterThanOrEqual(12);
    expect(text.includes(needle), `${where} contains secret material`).toBe(false);
    expect(text.includes(needle.slice(0, 12)), `${where} contains a prefix of secret material`).toBe(false);
  }
  expect(text.includes("lpenc1."), `${where} contains an envelope ciphertext`).toBe(false);
  expect(/gAAAAA[A-Za-z0-9_-]{20,}/.test(text), `${where} contains a Fernet token`).toBe(false);
}
