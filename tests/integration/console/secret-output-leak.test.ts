import { beforeAll, describe, expect, it } from "vitest";
import { disableManagedSecret, writeManagedSecret } from "@/server/services/managed-secrets";
import { uniqueProduct } from "../../support/database";
import { useIsolatedTestDb } from "../../support/isolated-database";
import { uniquePlaintext, withMasterKey } from "../config/config-fixtures";
import { ADMIN, callerFor, consolePolicy, seedConsoleProduct, seedPolicy, session } from "./console-fixtures";

/*
 * Nothing secret leaves through the console: the secret procedures (and the
 * other console areas) are called for a product with real encrypted secrets,
 * created, rotated and disabled, and their whole JSON output is scanned for
 * each plaintext, each stored ciphertext, and 8-character prefixes of both.
 */

const { db } = useIsolatedTestDb("console-secret-leak");
withMasterKey();

const product = uniqueProduct("leak");
const plaintexts: string[] = [];
let ciphertexts: string[] = [];
let secretIds: string[] = [];

/** Every string a leak could show up as: the whole value and 8-character prefixes of it and of its parts. */
function needlesOf(value: string): string[] {
  const needles = new Set([value, value.slice(0, 8)]);
  // Envelope ciphertexts are `lpenc1.<sealed key>.<sealed value>`: the random parts matter.
  for (const part of value.split(".").filter((piece) => piece.length >= 8)) {
    needles.add(part);
    needles.add(part.slice(0, 8));
  }
  return [...needles];
}

function leaksIn(output: unknown): string[] {
  const text = JSON.stringify(output);
  return [...plaintexts, ...ciphertexts].flatMap(needlesOf).filter((needle) => text.includes(needle));
}

beforeAll(async () => {
  await seedPolicy(db(), consolePolicy(product));
  await seedConsoleProduct(db(), product);
  const write = async (name: string, scope: "global" | "context" | "context_instance", bindingKey: string) => {
    const plaintext = uniquePlaintext(name);
    plaintexts.push(plaintext);
    return writeManagedSecret(db(), {
      scope,
      integration: "runtime_environment",
      name: `${product}-${name}`,
      context: scope === "global" ? "" : product,
      instance: scope === "context_instance" ? "testing" : "",
      plaintext,
      binding_key: bindingKey,
      description: `The ${name} for ${product}`,
      actor: "ops-bot",
      product,
    });
  };
  const lane = await write("lane-db", "context_instance", "DATABASE_PASSWORD");
  const context = await write("context-mail", "context", "MAIL_PASSWORD");
  const global = await write("global-token", "global", `${product.toUpperCase().replaceAll("-", "_")}_TOKEN`);
  // A rotation: a second version with a new plaintext.
  const rotated = uniquePlaintext("lane-db-rotated");
  plaintexts.push(rotated);
  await writeManagedSecret(db(), {
    scope: "context_instance",
    integration: "runtime_environment",
    name: `${product}-lane-db`,
    context: product,
    instance: "testing",
    plaintext: rotated,
    binding_key: "DATABASE_PASSWORD",
    actor: "rotation-bot",
    product,
  });
  await disableManagedSecret(db(), { secret_id: context.secret_id, actor: "ops-bot", reason: "moved to the lane secret", product });
  secretIds = [lane.secret_id, context.secret_id, global.secret_id];
  const versions = await db().secretVersion.findMany({ where: { secretId: { in: secretIds } } });
  ciphertexts = versions.map((version) => (version.payload as { ciphertext: string }).ciphertext);
}, 120_000);

describe("console output for a product with encrypted secrets", () => {
  it("has real secret material to look for (the scan can fail)", async () => {
    expect(plaintexts).toHaveLength(4);
    expect(ciphertexts).toHaveLength(4);
    expect(ciphertexts.every((ciphertext) => ciphertext.startsWith("lpenc1."))).toBe(true);
    const stored = await db().secretVersion.findMany({ where: { secretId: { in: secretIds } } });
    expect(leaksIn(stored).length).toBeGreaterThan(0);
    expect(leaksIn({ note: `value ${plaintexts[0]!.slice(0, 8)}` })).toEqual([plaintexts[0]!.slice(0, 8)]);
  });

  it("shows versions, rotation and status of every secret, and no value, ciphertext or prefix", async () => {
    const caller = callerFor(db, session(ADMIN));
    const view = await caller.secrets.forProduct({ product });
    const testing = view.lanes.find((lane) => lane.instance === "testing")!;
    const laneSecret = testing.secrets.find((secret) => secret.secret_id === secretIds[0])!;
    expect(laneSecret).toMatchObject({ version_count: 2, last_rotated_by: "rotation-bot", status: "configured" });
    expect(testing.secrets.find((secret) => secret.secret_id === secretIds[1])).toMatchObject({ status: "disabled" });
    expect(testing.secrets.map((secret) => secret.secret_id)).toContain(secretIds[2]);
    expect(view.recent_audit_events.map((event) => event.event_type)).toEqual(expect.arrayContaining(["created", "rotated", "disabled"]));

    expect(leaksIn(view)).toEqual([]);
    expect(leaksIn(await caller.secrets.list())).toEqual([]);
  });

  it("leaks nothing through the other console areas either", async () => {
    const caller = callerFor(db, session(ADMIN));
    const outputs = await Promise.all([
      caller.audit.list({}),
      caller.audit.list({ product }),
      caller.incidents.list({ product, status: undefined }),
      caller.records.get({ kind: "inventory", key: `${product}/testing` }),
      caller.records.lookup({ id: secretIds[0]! }),
      caller.products.list(),
    ]);
    for (const output of outputs) expect(leaksIn(output)).toEqual([]);
  });
});
