import { devSignIn, expect, SCREENSHOTS_DIR, test } from "./support/console-test";
import { E2E_ADMIN } from "./support/console-data";
import { EXAMPLE } from "./support/workspace-evidence";

/** Reference screenshots of the workspace, lane and preview pages (1280×800, light and dark). */

for (const scheme of ["light", "dark"] as const) {
  test(`workspace screenshots (${scheme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await devSignIn(page, E2E_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();

    await page.goto("/products/example-site");
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/workspace-${scheme}.png` });
    await page.getByRole("region", { name: "Safe to promote testing → prod?" }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -80));
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/workspace-promotion-${scheme}.png` });

    await page.goto("/products/example-site/lanes/prod");
    await expect(page.getByRole("list", { name: "History of prod" })).toBeVisible();
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/lane-${scheme}.png` });

    await page.goto("/products/example-site");
    await page.getByRole("region", { name: "Previews" }).getByRole("row").filter({ hasText: `#${EXAMPLE.previews.served}` }).getByRole("rowheader").getByRole("link").click();
    await expect(page.getByRole("list", { name: "Generations, newest first" })).toBeVisible();
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/preview-${scheme}.png` });
    await context.close();
  });
}
