import type { Browser, Locator, Page } from "@playwright/test";
import { devSignIn, expect, test } from "./support/console-test";
import { E2E_ADMIN } from "./support/console-data";
import { postWorkflowEvidence } from "./support/workflow-evidence";
import { deploymentRecord, EXAMPLE, LEDGER } from "./support/workspace-evidence";

/*
 * The product workspace, lane and preview pages against the real server and
 * database (evidence seeded by e2e/support/workspace-evidence.ts).
 */

async function signIn(page: Page, login = E2E_ADMIN, organizations?: string) {
  await page.goto("/sign-in");
  await devSignIn(page, login, organizations ? { organizations } : {});
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
}

async function openPalette(page: Page) {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  return palette;
}

/** Presses Tab until `target` has focus (keyboard-only navigation). */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let step = 0; step < limit; step += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

function trpcGet(page: Page, procedure: string, input: unknown) {
  return page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
}

/** A tuple line as read: the repo key, an arrow (and "at commit" for screen readers), the short SHA. */
const exampleTuple = (sha: string) => new RegExp(`tenant-example-site\\s*→\\s*(at commit)?\\s*${sha.slice(0, 10)}`);

test.describe("product workspace", () => {
  test("opens from the products list and shows each lane's release tuple, the promotion gate and the differences", async ({ page }) => {
    await signIn(page);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Example Site" }) });
    await expect(card).toContainText("1 open incident");
    await expect(card).toContainText("2 previews");
    await card.getByRole("link", { name: "Example Site" }).click();

    await expect(page).toHaveURL(/\/products\/example-site$/);
    await expect(page.getByRole("heading", { level: 1, name: "Example Site" })).toBeVisible();

    const testing = page.getByRole("article", { name: /testing/ });
    const prod = page.getByRole("article", { name: /prod/ });
    await expect(testing.getByText(EXAMPLE.v2.artifact_id)).toBeVisible();
    await expect(prod.getByText(EXAMPLE.v1.artifact_id)).toBeVisible();
    // The tuple: repo → SHA, the SHA linking to the commit on GitHub.
    const testingTuple = testing.getByRole("list", { name: "Release tuple of testing" });
    await expect(testingTuple).toContainText(exampleTuple(EXAMPLE.v2.source_commit));
    await expect(testingTuple.getByRole("link", { name: EXAMPLE.v2.source_commit.slice(0, 10) })).toHaveAttribute(
      "href",
      new RegExp(`/every/example-site/commit/${EXAMPLE.v2.source_commit}$`),
    );
    await expect(prod.getByRole("list", { name: "Release tuple of prod" })).toContainText(exampleTuple(EXAMPLE.v1.source_commit));
    await expect(prod.getByText("health failing")).toBeVisible();
    await expect(prod.getByRole("link", { name: "promotion-e2e-example-1" })).toBeVisible();

    // Safe to promote: every check listed with its verdict in words.
    const gate = page.getByRole("region", { name: "Safe to promote testing → prod?" });
    await expect(gate.getByText("Safe to promote: every check passes")).toBeVisible();
    const checks = gate.getByRole("list", { name: "Promotion gate checks" }).getByRole("listitem");
    await expect(checks).toHaveCount(9);
    await expect(checks.filter({ hasText: "fail" })).toHaveCount(0);
    await expect(checks.filter({ hasText: "Source lane release tuple matches the artifact" })).toContainText("pass");

    const differences = page.getByRole("region", { name: "What differs: testing vs prod" });
    await expect(differences.getByRole("row", { name: /Artifact/ })).toContainText("differs");

    await expect(page.getByRole("region", { name: "Open incidents" })).toContainText("public-ingress on prod");
    // Room for guarded operations, without controls that pretend to act.
    await expect(page.getByRole("complementary", { name: "Guarded operations" }).getByRole("button")).toHaveCount(0);
  });

  test("says why a lane has no release tuple", async ({ page }) => {
    await signIn(page);
    await page.goto("/products/ledger");
    const testing = page.getByRole("article", { name: /testing/ });
    await expect(testing.getByText(`no release tuple: manifest missing (artifact ${LEDGER.artifact} has no stored manifest)`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Safe to promote testing → prod?" }).getByText(/Blocked: \d of 9 checks fail/)).toBeVisible();
  });

  test("opens a preview's generation history from the previews table", async ({ page }) => {
    await signIn(page);
    await page.goto("/products/example-site");
    const previews = page.getByRole("region", { name: "Previews" });
    const row = previews.getByRole("row").filter({ hasText: `example-site#${EXAMPLE.previews.served}` });
    await expect(row).toContainText("generation 1");
    await row.getByRole("rowheader").getByRole("link").click();

    await expect(page).toHaveURL(/\/products\/example-site\/previews\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Preview");
    const generations = page.getByRole("list", { name: "Generations, newest first" }).getByRole("listitem");
    await expect(generations).toHaveCount(2);
    await expect(generations.nth(0)).toContainText("Generation 2");
    await expect(generations.nth(0)).toContainText("Failed at verify: GET /healthz answered 502 after deploy");
    await expect(generations.nth(1)).toContainText("Generation 1");
    await expect(generations.nth(1)).toContainText("Serving");
    await expect(page.getByRole("link", { name: `example-site#${EXAMPLE.previews.served}` })).toHaveAttribute(
      "href",
      `https://github.com/every/example-site/pull/${EXAMPLE.previews.served}`,
    );
  });

  test("shows a new deployment on the lane page as soon as its evidence is stored, without a reload", async ({ page }) => {
    await signIn(page);
    await page.goto("/products/ledger/lanes/prod");
    await expect(page.getByRole("heading", { level: 1, name: "prod lane" })).toBeVisible();
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
    await page.evaluate(() => ((window as unknown as { launchplaneMarker: string }).launchplaneMarker = "still here"));

    // A deploy workflow posts the deployment through /v1 while the page is open.
    const recordId = `deployment-e2e-ledger-prod-live-${Date.now()}`;
    await postWorkflowEvidence("/v1/evidence/deployments", {
      product: LEDGER.product,
      deployment: deploymentRecord({
        recordId,
        product: LEDGER.product,
        instance: "prod",
        artifactId: LEDGER.artifact,
        commit: "0123456789abcdef0123456789abcdef01234567",
        at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      }),
    });

    // The lane card and the history both show it within a few seconds.
    await expect(page.getByRole("region", { name: "Current state" }).getByRole("link", { name: recordId })).toBeVisible({ timeout: 8_000 });
    await expect(page.getByRole("list", { name: "History of prod" }).locator(`a[href="/records/deployment/${recordId}"]`)).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { launchplaneMarker?: string }).launchplaneMarker)).toBe("still here");
  });

  test("filters a lane's history by kind with a shareable URL and loads more", async ({ page }) => {
    await signIn(page);
    await page.goto("/products/example-site/lanes/testing");
    const history = page.getByRole("list", { name: "History of testing" });
    await expect(history.getByRole("listitem").first()).toBeVisible();
    await page.getByRole("navigation", { name: "Filter history by kind" }).getByRole("link", { name: /^Deployments/ }).click();
    await expect(page).toHaveURL(/\/lanes\/testing\?kind=deployment$/);
    await expect(history.getByRole("listitem")).toHaveCount(2);
    await expect(history.getByRole("listitem").first()).toContainText("Deployment");
    await expect(history.locator(`a[href="/records/deployment/${EXAMPLE.testingDeployment}"]`)).toBeVisible();

    // An entry opens its record in a drawer over the history; Escape returns to it.
    await history.getByRole("link", { name: "Deployment" }).first().click();
    const drawer = page.getByRole("dialog", { name: new RegExp(`Deployment ${EXAMPLE.testingDeployment}`) });
    await expect(drawer).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(page).toHaveURL(/\/lanes\/testing\?kind=deployment$/);

    // The same URL, opened fresh, shows the same filtered history.
    await page.goto("/products/example-site/lanes/testing?kind=release_tuple");
    await expect(history.getByRole("listitem")).toHaveCount(2);
    await expect(history.getByRole("listitem").first()).toContainText("Release tuple changed");

    // A longer history arrives a page at a time.
    await page.goto("/products/ledger/lanes/prod?kind=deployment");
    const long = page.getByRole("list", { name: "History of prod" }).getByRole("listitem");
    await expect(long).toHaveCount(30);
    await page.getByRole("button", { name: "Load more" }).click();
    // Every seeded deployment (and any the live test added), oldest last, and no more pages.
    await expect(long.last().locator('a[href="/records/deployment/deployment-e2e-ledger-prod-01"]')).toBeVisible();
    expect(await long.count()).toBeGreaterThanOrEqual(LEDGER.prodDeployments);
    await expect(page.getByText("That is the whole history for these kinds.")).toBeVisible();
  });
});

test.describe("search and records", () => {
  test("the palette finds lanes and previews", async ({ page }) => {
    await signIn(page);
    let palette = await openPalette(page);
    await page.keyboard.type("ledger testing");
    await expect(palette.getByRole("option", { name: /Ledger › testing/ })).toBeVisible();
    await expect(palette.getByRole("option", { name: /Ledger › testing/ })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/products\/ledger\/lanes\/testing$/);
    await expect(page.getByRole("heading", { level: 1, name: "testing lane" })).toBeVisible();

    palette = await openPalette(page);
    await page.keyboard.type(`#${EXAMPLE.previews.fresh}`);
    const option = palette.getByRole("option", { name: new RegExp(`example-site#${EXAMPLE.previews.fresh}`) });
    await expect(option).toBeVisible();
    await option.click();
    await expect(page).toHaveURL(/\/products\/example-site\/previews\//);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`pr-${EXAMPLE.previews.fresh}`);
  });

  test("opens a record by its id from the palette", async ({ page }) => {
    await signIn(page);
    const palette = await openPalette(page);
    await page.keyboard.type(EXAMPLE.prodDeployment);
    const option = palette.getByRole("option", { name: new RegExp(EXAMPLE.prodDeployment) });
    await expect(option).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/records/deployment/${EXAMPLE.prodDeployment}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(EXAMPLE.prodDeployment);
  });
});

test.describe("scope isolation", () => {
  /** A browser context signed in as a read-only operator of one product. */
  async function operator(browser: Browser, baseURL: string | undefined, login: string, organization: string) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signIn(page, login, organization);
    return { context, page };
  }

  const EXAMPLE_SECRETS = [EXAMPLE.v1.artifact_id, EXAMPLE.v2.artifact_id, EXAMPLE.v1.source_commit.slice(0, 10), EXAMPLE.prodDeployment, "promotion-e2e-example-1"];
  const LEDGER_SECRETS = [LEDGER.artifact, LEDGER.deployment];

  test("two operators scoped to one product each never see the other's product through any page, procedure, search or link", async ({
    browser,
    baseURL,
  }) => {
    // Many pages and requests in one test; generous on a loaded machine.
    test.setTimeout(120_000);
    const site = await operator(browser, baseURL, "site-reader", "site-readers");
    const books = await operator(browser, baseURL, "ledger-reader", "every-readers");
    try {
      // Products page: each sees their own product only.
      await expect(site.page.getByRole("link", { name: "Example Site" })).toBeVisible();
      await expect(site.page.getByRole("link", { name: "Ledger" })).toHaveCount(0);
      await expect(books.page.getByRole("link", { name: "Ledger" })).toBeVisible();
      await expect(books.page.getByRole("link", { name: "Example Site" })).toHaveCount(0);

      // Their own pages work.
      await site.page.goto("/products/example-site");
      await expect(site.page.getByRole("article", { name: /testing/ }).getByText(EXAMPLE.v2.artifact_id)).toBeVisible();
      const previewHref = await site.page.getByRole("region", { name: "Previews" }).getByRole("rowheader").first().getByRole("link").getAttribute("href");
      expect(previewHref).toMatch(/^\/products\/example-site\/previews\//);
      await books.page.goto("/products/ledger/lanes/testing");
      await expect(books.page.getByRole("region", { name: "Current state" }).getByText(LEDGER.artifact, { exact: true })).toBeVisible();

      // Typed URLs to the other product: an access-denied or not-found page, never data.
      const foreignPages: Array<[typeof site, string, string, string[]]> = [
        [books, "/products/example-site", "You cannot see this", EXAMPLE_SECRETS],
        [books, "/products/example-site/lanes/prod", "You cannot see this", EXAMPLE_SECRETS],
        [books, previewHref!, "You cannot see this", EXAMPLE_SECRETS],
        [books, `/products/ledger/previews/${previewHref!.split("/").pop()}`, "Nothing here", EXAMPLE_SECRETS],
        [books, `/records/deployment/${EXAMPLE.prodDeployment}`, "Not in your scope", EXAMPLE_SECRETS.filter((value) => value !== EXAMPLE.prodDeployment)],
        [site, "/products/ledger", "You cannot see this", LEDGER_SECRETS],
        [site, "/products/ledger/lanes/testing?kind=deployment", "You cannot see this", LEDGER_SECRETS],
        [site, `/records/deployment/${LEDGER.deployment}`, "Not in your scope", [LEDGER.artifact]],
      ];
      for (const [who, path, expected, secrets] of foreignPages) {
        await who.page.goto(path);
        await expect(who.page.getByText(expected, { exact: true })).toBeVisible();
        const html = await who.page.content();
        for (const secret of secrets) expect(html, `${path} must not carry ${secret}`).not.toContain(secret);
      }

      // Procedures called directly: 403 (or 404), and search finds nothing of the other product.
      for (const [procedure, input] of [
        ["workspace.get", { product: "example-site" }],
        ["lanes.get", { product: "example-site", instance: "testing" }],
        ["lanes.timeline", { product: "example-site", instance: "testing" }],
        ["previews.get", { product: "example-site", previewId: decodeURIComponent(previewHref!.split("/").pop()!) }],
        ["records.get", { kind: "deployment", key: EXAMPLE.prodDeployment }],
      ] as const) {
        const response = await trpcGet(books.page, procedure, input);
        expect(response.status(), procedure).toBe(403);
        const body = await response.text();
        for (const secret of EXAMPLE_SECRETS.filter((value) => value !== EXAMPLE.prodDeployment)) expect(body, procedure).not.toContain(secret);
      }
      expect((await trpcGet(site.page, "workspace.get", { product: "ledger" })).status()).toBe(403);
      const search = await (await trpcGet(books.page, "search.query", { text: "example" })).json();
      expect(search.result.data.json).toEqual({ products: [], lanes: [], previews: [] });
      const lookup = await (await trpcGet(books.page, "records.lookup", { id: EXAMPLE.prodDeployment })).json();
      expect(lookup.result.data.json).toEqual([]);

      // The palette: nothing of the other product, by name, PR number or record id.
      await books.page.goto("/");
      for (const text of ["Example Site", `#${EXAMPLE.previews.served}`, EXAMPLE.prodDeployment]) {
        const palette = await openPalette(books.page);
        await books.page.keyboard.type(text);
        await expect(palette.getByText(`Nothing matches “${text}”.`)).toBeVisible();
        await books.page.keyboard.press("Escape");
      }
    } finally {
      await site.context.close();
      await books.context.close();
    }
  });
});

test.describe("keyboard", () => {
  test("walks the main pages with Tab, Enter and the palette only", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto("/sign-in");
    await tabTo(page, page.getByLabel("GitHub login"));
    await page.keyboard.type(E2E_ADMIN);
    await tabTo(page, page.getByRole("button", { name: "Sign in as this login" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();

    await tabTo(page, page.getByRole("link", { name: "Example Site", exact: true }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Example Site" })).toBeVisible();

    await tabTo(page, page.getByRole("link", { name: /^testing lane history$/ }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "testing lane" })).toBeVisible();

    await tabTo(page, page.getByRole("navigation", { name: "Filter history by kind" }).getByRole("link", { name: /^Promotions/ }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\?kind=promotion$/);
    await expect(page.getByRole("heading", { level: 2, name: "Nothing of these kinds yet" })).toBeVisible();

    await page.keyboard.press("Control+k");
    await expect(page.getByRole("dialog", { name: "Command palette" })).toBeVisible();
    await page.keyboard.type(`#${EXAMPLE.previews.served}`);
    await expect(page.getByRole("option", { name: new RegExp(`example-site#${EXAMPLE.previews.served}`) })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/products\/example-site\/previews\//);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`pr-${EXAMPLE.previews.served}`);

    // Back to the workspace through the breadcrumb.
    await tabTo(page, page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Example Site" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Example Site" })).toBeVisible();
  });
});
