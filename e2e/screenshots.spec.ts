import { devSignIn, expect, test } from "./support/console-test";
import { E2E_ADMIN } from "./support/console-data";

/** Reference screenshots for docs/screenshots (light and dark, 1280×800 and a phone). */
const SHOTS = "docs/screenshots";

for (const scheme of ["light", "dark"] as const) {
  test(`screenshots (${scheme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/sign-in-${scheme}.png` });

    await devSignIn(page, E2E_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/products-${scheme}.png` });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/products-phone-${scheme}.png` });
    await context.close();
  });
}
