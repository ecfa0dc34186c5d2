import { afterAll, beforeAll, expect } from "vitest";
import { expectedSecretId } from "@/server/contracts/secret";
import type { Database } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { GITHUB_SECRET_INTEGRATION, GITHUB_TOKEN_BINDING_KEY } from "@/server/services/github-token";
import { writeManagedSecret } from "@/server/services/managed-secrets";
import { type FakeGitHub, startFakeGitHub } from "../../support/fake-github";
import { uniquePlaintext, withMasterKey } from "../config/config-fixtures";

/**
 * A fake GitHub on loopback that the code under test reaches through
 * LAUNCHPLANE_GITHUB_API_URL, plus a master key for managed secrets; both
 * for the whole file, restored after.
 */
export function useFakeGitHub(): { readonly github: FakeGitHub } {
  withMasterKey();
  const holder = {} as { github: FakeGitHub };
  const previous = process.env.LAUNCHPLANE_GITHUB_API_URL;
  beforeAll(async () => {
    holder.github = await startFakeGitHub();
    process.env.LAUNCHPLANE_GITHUB_API_URL = holder.github.url;
    resetEnvForTests();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.LAUNCHPLANE_GITHUB_API_URL;
    else process.env.LAUNCHPLANE_GITHUB_API_URL = previous;
    resetEnvForTests();
    await holder.github?.close();
  });
  return holder;
}

/** Writes a GitHub token for `context` the way an operator would: a context secret bound to GITHUB_TOKEN. */
export async function writeContextGitHubToken(db: Database, context: string): Promise<{ token: string; secretId: string }> {
  const token = `ghs_${uniquePlaintext("github")}`;
  const written = await writeManagedSecret(db, {
    scope: "context",
    integration: GITHUB_SECRET_INTEGRATION,
    name: "preview-bot",
    context,
    plaintext: token,
    binding_key: GITHUB_TOKEN_BINDING_KEY,
    actor: "operator:test",
    source_label: "test",
  });
  expect(written.secret_id).toBe(expectedSecretId({ integration: GITHUB_SECRET_INTEGRATION, name: "preview-bot", context }));
  return { token, secretId: written.secret_id };
}

/** Every row a test's product/context/secret owns that could carry a value, as JSON text. */
export async function storedText(db: Database, product: string, secretId?: string): Promise<string> {
  const [desired, feedback, audit, secretEvents, bindings, secrets] = await Promise.all([
    db.previewDesiredState.findMany({ where: { product }, take: 100 }),
    db.previewPrFeedback.findMany({ where: { product }, take: 100 }),
    db.auditEvent.findMany({ where: { product }, take: 100 }),
    secretId ? db.secretAuditEvent.findMany({ where: { secretId }, take: 100 }) : Promise.resolve([]),
    secretId ? db.secretBinding.findMany({ where: { secretId }, take: 100 }) : Promise.resolve([]),
    secretId ? db.secret.findMany({ where: { secretId }, take: 100 }) : Promise.resolve([]),
  ]);
  return JSON.stringify({ desired, feedback, audit, secretEvents, bindings, secrets });
}

/** The token and its 12-character prefix appear nowhere in `text`. */
export function expectNoToken(text: string, token: string): void {
  expect(text.includes(token), "stored rows contain the token").toBe(false);
  expect(text.includes(token.slice(4, 16)), "stored rows contain part of the token").toBe(false);
}
