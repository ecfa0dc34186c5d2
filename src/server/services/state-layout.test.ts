import { describe, expect, it } from "vitest";

import { STATE_FAMILIES, safeFileStem, stateFamilyForFolder } from "./state-layout";

describe("state layout", () => {
  it("reads both enablement spellings and writes the code's singular folder", () => {
    expect(stateFamilyForFolder("launchplane_preview_enablement")?.key).toBe("preview_enablements");
    expect(stateFamilyForFolder("launchplane_preview_enablements")?.key).toBe("preview_enablements");
    expect(stateFamilyForFolder("launchplane_preview_enablements")?.folder).toBe("launchplane_preview_enablement");
    expect(stateFamilyForFolder("launchplane_preview_inventory_scans")).toBeUndefined();
  });

  it("covers the upstream core folders, profiles first and artifacts last", () => {
    expect(STATE_FAMILIES.map((family) => family.folder)).toEqual([
      "launchplane_product_profiles",
      "backup_gates",
      "deployments",
      "promotions",
      "inventory",
      "release_tuples",
      "odoo_instance_overrides",
      "launchplane_previews",
      "launchplane_preview_generations",
      "launchplane_preview_enablement",
      "artifacts",
    ]);
  });

  it("names lane files <context>-<instance> and tuple files <context>-<channel>, verbatim", () => {
    const inventory = stateFamilyForFolder("inventory")!;
    expect(inventory.fileStem({ context: "opw", instance: "prod" })).toBe("opw-prod");
    const tuples = stateFamilyForFolder("release_tuples")!;
    expect(tuples.fileStem({ context: "opw", channel: "testing" })).toBe("opw-testing");
  });

  it("refuses keys that would leave the family folder or hide the file", () => {
    expect(safeFileStem("deployment-20260410T150000Z-opw-prod")).toBe(true);
    expect(safeFileStem("artifact:sha256.abc")).toBe(true);
    for (const stem of ["", ".", "..", "a/b", "a\\b", ".hidden", "a\u0000b"]) expect(safeFileStem(stem), stem).toBe(false);
  });
});
