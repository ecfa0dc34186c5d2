import { devSignIn, expect, test } from "./support/console-test";
import { E2E_ADMIN, E2E_STRANGER, PRODUCTS } from "./support/console-data";

test.describe("operator console", () => {
  test("dev sign-in leads back to the page asked for, which lists the products", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2F$/);
    await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeVisible();

    await devSignIn(page, E2E_ADMIN);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    for (const product of PRODUCTS) {
      await expect(page.getByRole("link", { name: product.display_name })).toBeVisible();
    }
    await expect(page.getByText(`${PRODUCTS.length} products`)).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Products" })).toHaveAttribute("aria-current", "page");

    // The account menu says who and with which role.
    await page.getByRole("button", { name: `Account menu for ${E2E_ADMIN}` }).click();
    await expect(page.getByRole("menu").getByText("Admin · development sign-in")).toBeVisible();
  });

  test("a sign-in that matches no rule sees who they are and how to get access", async ({ page }) => {
    await page.goto("/sign-in");
    await devSignIn(page, E2E_STRANGER, { organizations: "nobody-org" });
    await expect(page).toHaveURL(/\/access-refused$/);
    await expect(page.getByRole("heading", { name: "Access refused" })).toBeVisible();
    await expect(page.getByText(E2E_STRANGER, { exact: true }).first()).toBeVisible();
    await expect(page.getByText("nobody-org")).toBeVisible();
    await expect(page.getByText(`{"logins":["${E2E_STRANGER}"],"roles":["read_only"]}`)).toBeVisible();

    // The console stays closed to them, whatever page they try.
    await page.goto("/");
    await expect(page).toHaveURL(/\/access-refused$/);
    const list = await page.request.get("/api/trpc/products.list");
    expect(list.status()).toBe(403);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("a read-only member sees only the products the policy lets them read", async ({ page }) => {
    await page.goto("/sign-in");
    await devSignIn(page, "reader-1", { organizations: "every-readers" });
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ledger" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Example Site" })).toHaveCount(0);
    await expect(page.getByText("1 product", { exact: true })).toBeVisible();
  });

  test("GitHub sign-in runs the OAuth redirect flow and reads organizations and teams", async ({ page }) => {
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faudit$/);
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    await expect(page.getByRole("heading", { name: "Authorize the console" })).toBeVisible();
    await page.getByRole("link", { name: "Continue as octo-platform" }).click();
    // Admin through the every/platform team; back on the page first asked for.
    await expect(page).toHaveURL(/\/audit$/);
    await page.getByRole("button", { name: "Account menu for octo-platform" }).click();
    await expect(page.getByRole("menu").getByText("Admin", { exact: true })).toBeVisible();
  });

  test("the command palette opens with Ctrl+K and navigates", async ({ page }) => {
    await page.goto("/sign-in");
    await devSignIn(page, E2E_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Command palette" });
    await expect(palette).toBeVisible();
    await page.keyboard.type("ledger");
    await expect(palette.getByRole("option", { name: "Ledger ledger", exact: true })).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/products\/ledger$/);
    await expect(page.getByRole("heading", { level: 1, name: "Ledger" })).toBeVisible();

    // Typed before the products arrived: Enter still takes the best match, not whatever was first before.
    await page.goto("/");
    await page.keyboard.press("Control+k");
    await page.keyboard.type("sta");
    const product = palette.getByRole("option", { name: "Status Page status-page", exact: true });
    await expect(product).toBeVisible();
    await expect(product).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/products\/status-page$/);
  });

  test("the skip link is the first tab stop and moves focus to the content", async ({ page }) => {
    await page.goto("/sign-in");
    await devSignIn(page, E2E_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("#main-content")).toBeFocused();
  });
});

test.describe("theme", () => {
  for (const scheme of ["dark", "light"] as const) {
    test(`follows the system preference (${scheme})`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ baseURL, colorScheme: scheme });
      const page = await context.newPage();
      await page.goto("/sign-in");
      const html = page.locator("html");
      if (scheme === "dark") await expect(html).toHaveClass(/\bdark\b/);
      else await expect(html).not.toHaveClass(/\bdark\b/);
      // The page really is dark or light: the body's colour, rendered, is near-black or white.
      const [red, green, blue] = await page.evaluate(() => {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 1;
        const context2d = canvas.getContext("2d")!;
        context2d.fillStyle = getComputedStyle(document.body).backgroundColor;
        context2d.fillRect(0, 0, 1, 1);
        return Array.from(context2d.getImageData(0, 0, 1, 1).data);
      });
      const brightest = Math.max(red!, green!, blue!);
      if (scheme === "dark") expect(brightest).toBeLessThan(30);
      else expect(Math.min(red!, green!, blue!)).toBeGreaterThan(245);
      await context.close();
    });
  }
});
