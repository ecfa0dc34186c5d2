import { devSignIn, expect, SCREENSHOTS_DIR, test } from "./support/console-test";
import { E2E_ADMIN } from "./support/console-data";

/** Reference screenshots (light and dark, 1280×800 and a phone; `npm run screenshots` refreshes docs/screenshots). */

for (const scheme of ["light", "dark"] as const) {
  test(`screenshots (${scheme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/sign-in-${scheme}.png` });

    await devSignIn(page, E2E_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/products-${scheme}.png` });

    await page.keyboard.press("Control+k");
    await page.keyboard.type("sta");
    await expect(page.getByRole("option", { name: /Status Page/ })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/command-palette-${scheme}.png` });
    await page.keyboard.press("Escape");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/products-phone-${scheme}.png` });
    await context.close();
  });
}

test("screenshot of the access-refused page", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, colorScheme: "light", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await devSignIn(page, "new-operator", { organizations: "acme" });
  await expect(page.getByRole("heading", { name: "Access refused" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS_DIR}/access-refused-light.png` });
  await context.close();
});
