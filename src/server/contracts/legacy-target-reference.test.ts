import { describe, expect, it } from "vitest";

import { DeploymentRecord } from "./deployment";
import { normalizeLegacyTargetReference } from "./legacy-target-reference";

const deployment = (deploy: Record<string, unknown>) => ({
  record_id: "deployment-20260410T120000Z-verireel-testing",
  context: "verireel-testing",
  instance: "testing",
  source_git_ref: "6b3c9d7e8f901234567890abcdef1234567890ab",
  deploy: { deploy_mode: "dokploy-compose-api", status: "pass", ...deploy },
});

describe("normalizeLegacyTargetReference", () => {
  it("translates a reference-only deploy block into the flat fields the contract requires", () => {
    const input = deployment({
      target_reference: { target_name: " verireel-testing ", provider_id: "Dokploy", target_category: "compose" },
    });
    expect(DeploymentRecord.safeParse(input).success).toBe(false);
    const result = normalizeLegacyTargetReference(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes).toEqual([
      "deploy.target_reference: translated to target_name, provider_id, target_category, provider_target_type, target_type",
    ]);
    const record = DeploymentRecord.parse(result.value);
    expect(record.deploy).toMatchObject({
      target_name: "verireel-testing",
      target_type: "compose",
      provider_id: "dokploy",
      target_category: "compose",
      provider_target_type: "compose",
    });
    expect("target_reference" in (input.deploy as object)).toBe(true);
  });

  it("drops a reference that agrees with the flat fields", () => {
    const result = normalizeLegacyTargetReference(
      deployment({
        target_name: "verireel-testing",
        target_type: "application",
        provider_id: "dokploy",
        target_category: "application",
        provider_target_type: "application",
        target_reference: { target_name: "verireel-testing", target_category: "application", provider_target_type: "application" },
      }),
    );
    expect(result).toMatchObject({ ok: true, changes: ["deploy.target_reference: dropped (flat target fields already match)"] });
    if (result.ok) expect(DeploymentRecord.parse(result.value).deploy.target_category).toBe("application");
  });

  it("fails closed when legacy and flat target facts disagree", () => {
    const result = normalizeLegacyTargetReference(
      deployment({ target_name: "verireel-prod", target_type: "compose", target_reference: { target_name: "verireel-testing" } }),
    );
    expect(result).toEqual({
      ok: false,
      message: 'deploy.target_reference target_name "verireel-testing" does not match target_name "verireel-prod"',
    });
  });

  it("rejects a malformed reference and drops a null one", () => {
    const malformed = normalizeLegacyTargetReference(deployment({ target_reference: { target_name: "x", region: "eu" } }));
    expect(malformed.ok).toBe(false);
    const empty = normalizeLegacyTargetReference(deployment({ target_name: "x", target_type: "compose", target_reference: null }));
    expect(empty).toMatchObject({ ok: true, changes: ["deploy.target_reference: dropped empty legacy reference"] });
  });

  it("returns records without the key untouched", () => {
    const input = deployment({ target_name: "x", target_type: "compose" });
    expect(normalizeLegacyTargetReference(input)).toEqual({ ok: true, value: input, changes: [] });
    expect(normalizeLegacyTargetReference("not an object")).toEqual({ ok: true, value: "not an object", changes: [] });
  });
});
