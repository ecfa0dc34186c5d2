import type { Page } from "@playwright/test";
import { devSignIn, expect, SCREENSHOTS_DIR, test } from "./support/console-test";
import { E2E_ADMIN } from "./support/console-data";
import { EXAMPLE } from "./support/workspace-evidence";

/** Reference screenshots of the incidents, secrets, audit, record and API docs pages (light and dark, desktop and phone). */

const PAGES: Array<{ name: string; path: string; ready: (page: Page) => Promise<void> }> = [
  {
    name: "incidents",
    path: "/incidents",
    ready: async (page) => {
      await expect(page.locator("[data-incident-id]").first()).toBeVisible();
      await page.locator("[data-incident-id]").first().getByText(/observations/).click();
    },
  },
  { name: "secrets", path: "/products/example-site/secrets", ready: async (page) => void (await expect(page.locator("[data-binding-key]").first()).toBeVisible()) },
  { name: "audit", path: "/audit", ready: async (page) => void (await expect(page.getByRole("list", { name: "Audit events" })).toBeVisible()) },
  {
    name: "record",
    path: `/records/deployment/${EXAMPLE.prodDeployment}`,
    ready: async (page) => void (await expect(page.getByRole("heading", { name: "Provenance" })).toBeVisible()),
  },
  { name: "api-docs", path: "/api-docs#post-v1-evidence-deployments", ready: async (page) => {
      const route = page.locator("#post-v1-evidence-deployments");
      await expect(route).toBeVisible();
      await route.evaluate((element) => element.scrollIntoView({ block: "start" }));
    },
  },
];

for (const scheme of ["light", "dark"] as const) {
  test(`operations screenshots (${scheme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await devSignIn(page, E2E_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    for (const shot of PAGES) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(shot.path);
      await shot.ready(page);
      if (shot.name !== "api-docs") await expect(page.locator("[data-live-status]").first()).toHaveAttribute("data-live-status", "live");
      await page.screenshot({ path: `${SCREENSHOTS_DIR}/${shot.name}-${scheme}.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SCREENSHOTS_DIR}/${shot.name}-phone-${scheme}.png` });
    }

    // The record drawer, opened from the audit list.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/audit?action=deployment.write&product=example-site");
    await page.getByRole("list", { name: "Audit events" }).getByRole("link", { name: EXAMPLE.prodDeployment }).click();
    await expect(page.getByRole("dialog").getByRole("heading", { name: "Provenance" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/record-drawer-${scheme}.png` });
    await context.close();
  });
}
