import type { Browser, Locator, Page } from "@playwright/test";
import { buildPublicIngressObservationId } from "@/server/contracts/public-ingress-observation";
import { devSignIn, expect, test } from "./support/console-test";
import { E2E_ADMIN } from "./support/console-data";
import { EXAMPLE_RUN_ID, EXAMPLE_WORKFLOW_REPOSITORY, SECRET_PLAINTEXTS } from "./support/operations-evidence";
import { postWorkflowEvidence } from "./support/workflow-evidence";
import { deploymentRecord, EXAMPLE, LEDGER } from "./support/workspace-evidence";

/*
 * The incidents, secrets, audit, record and API docs pages against the real
 * server and database: real data, keyboard use, live updates, and two
 * operators scoped to one product each.
 */

async function signIn(page: Page, login = E2E_ADMIN, organizations?: string) {
  await page.goto("/sign-in");
  await devSignIn(page, login, organizations ? { organizations } : {});
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
}

async function operator(browser: Browser, baseURL: string | undefined, login: string, organization: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, login, organization);
  return { context, page };
}

/** Presses Tab until `target` has focus (keyboard-only navigation). */
async function tabTo(page: Page, target: Locator, limit = 120) {
  for (let step = 0; step < limit; step += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

function trpcGet(page: Page, procedure: string, input: unknown) {
  return page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

/** Every seeded plaintext and an 8-character prefix of each. */
const SECRET_NEEDLES = Object.values(SECRET_PLAINTEXTS).flatMap((value) => [value, value.slice(0, 8)]);

test.describe("incidents", () => {
  test("lists open incidents with their observations and filters by status and lane in the URL", async ({ page }) => {
    await signIn(page);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Incidents" }).click();
    await expect(page).toHaveURL(/\/incidents$/);
    await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
    const incident = page.locator("[data-incident-id]").first();
    await expect(incident).toContainText("public-ingress");
    await expect(incident).toContainText("health_status_error");
    await expect(incident.getByRole("link", { name: "example-site/prod" })).toHaveAttribute("href", "/products/example-site/lanes/prod");
    await incident.getByText(/observations/).click();
    await expect(incident.getByRole("region", { name: "Observations over time" }).getByRole("listitem")).toHaveCount(2);
    await expect(incident.getByRole("region", { name: "Notification attempts" })).toContainText("No notification was attempted");

    await page.getByRole("navigation", { name: "Incident status" }).getByRole("link", { name: "Resolved" }).click();
    await expect(page).toHaveURL(/\/incidents\?status=resolved$/);
    await expect(page.getByRole("heading", { name: "No resolved incidents" })).toBeVisible();

    await page.goto("/incidents?status=all&product=example-site&lane=example-site/testing");
    await expect(page.getByRole("heading", { name: "No incidents" })).toBeVisible();
    await expect(page.getByLabel("Lane")).toHaveValue("example-site/testing");
    await page.getByLabel("Lane").selectOption("example-site/prod");
    await expect(page).toHaveURL(/lane=example-site%2Fprod/);
    await expect(page.locator("[data-incident-id]")).toHaveCount(1);
  });

  test("a product's incidents page shows only that product, and updates live when an observation arrives", async ({ page }) => {
    await signIn(page);
    await page.goto("/products/ledger/incidents");
    await expect(page.getByRole("heading", { level: 1, name: "Incidents of Ledger" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No open incidents" })).toBeVisible();

    await page.goto("/products/example-site/incidents");
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
    const incident = page.locator("[data-incident-id]");
    await expect(incident).toHaveCount(1);
    await incident.getByText(/observations/).click();
    const observations = incident.getByRole("region", { name: "Observations over time" }).getByRole("listitem");
    await expect(observations).toHaveCount(2);

    const at = now();
    // A monitoring workflow posts the observation through /v1 while the page is open.
    await postWorkflowEvidence("/v1/evidence/public-ingress/observations", {
      product: EXAMPLE.product,
      observation: {
        record_id: buildPublicIngressObservationId({ product: EXAMPLE.product, context: EXAMPLE.product, instance: "prod", observed_at: at, check_name: "public-ingress" }),
        product: EXAMPLE.product,
        repository: EXAMPLE.repository,
        driver_id: "generic-web",
        context: EXAMPLE.product,
        instance: "prod",
        check_name: "public-ingress",
        check_kind: "public_http",
        observed_at: at,
        status: "fail",
        failure_code: "health_status_error",
        base_url: "https://example-site.example.test",
        health_url: "https://example-site.example.test/healthz",
        targets: [{ target: "health_url", url: "https://example-site.example.test/healthz", status: "fail", failure_code: "health_status_error", http_status: 504, summary: "HTTP 504: gateway timeout (live)" }],
        summary: "HTTP 504: gateway timeout (live)",
      },
    });
    // Without a reload: the open details stay open and the new observation is on top.
    await expect(observations).toHaveCount(3, { timeout: 8_000 });
    await expect(observations.first()).toContainText("HTTP 504: gateway timeout (live)");
  });
});

test.describe("secrets", () => {
  test("shows every expected binding's status per lane, versions and rotations, and never a value", async ({ page }) => {
    await signIn(page);
    await page.goto("/secrets");
    await expect(page.getByRole("heading", { level: 1, name: "Secrets" })).toBeVisible();
    const site = page.locator('[data-product="example-site"]');
    const testing = site.locator('[data-lane="example-site/testing"]');
    const prod = site.locator('[data-lane="example-site/prod"]');
    await expect(testing.locator('[data-binding-key="DATABASE_URL"]')).toContainText("stale");
    await expect(testing.locator('[data-binding-key="ANALYTICS_KEY"]')).toContainText("disabled");
    await expect(prod.locator('[data-binding-key="SMTP_PASSWORD"]')).toContainText("missing");
    await expect(page.locator('[data-product="status-page"] [data-binding-key="DATABASE_URL"]').first()).toContainText("configured");
    const databaseSecret = testing.locator("[data-secret-id]").filter({ hasText: "database-url" });
    await expect(databaseSecret).toContainText("2"); // versions
    await expect(databaseSecret).toContainText("by rotation-bot");
    await expect(site.getByText("vendor contract ended")).toBeVisible();

    const html = await page.content();
    for (const needle of SECRET_NEEDLES) expect(html, "the secrets page carries secret material").not.toContain(needle);

    // The product filter keeps a shareable URL; the product page shows the same.
    await page.getByLabel("Product").selectOption("ledger");
    await expect(page).toHaveURL(/\/secrets\?product=ledger$/);
    await expect(page.locator('[data-product="example-site"]')).toHaveCount(0);
    await expect(page.locator('[data-product="ledger"]')).toContainText("ledger-api-token");
    await page.goto("/products/example-site/secrets");
    await expect(page.getByRole("heading", { level: 1, name: "Secrets of Example Site" })).toBeVisible();
    await expect(page.locator('[data-lane="example-site/prod"] [data-binding-key="SMTP_PASSWORD"]')).toContainText("missing");
    for (const needle of SECRET_NEEDLES) expect(await page.content()).not.toContain(needle);
  });
});

test.describe("audit", () => {
  test("lists workflow actions with their identity, filters by actor from the keyboard, and opens the target in a drawer", async ({ page }) => {
    await signIn(page);
    await page.goto("/audit");
    await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
    const events = page.getByRole("list", { name: "Audit events" }).getByRole("listitem");
    await expect(events.filter({ hasText: EXAMPLE.prodDeployment })).toContainText("deployment.write");
    await expect(events.filter({ hasText: EXAMPLE.prodDeployment }).getByRole("link", { name: `run ${EXAMPLE_RUN_ID}` })).toHaveAttribute(
      "href",
      `https://github.com/${EXAMPLE_WORKFLOW_REPOSITORY}/actions/runs/${EXAMPLE_RUN_ID}`,
    );

    await tabTo(page, page.getByLabel("Actor", { exact: true }));
    await page.keyboard.type("every/ledger");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/audit\?actor=every%2Fledger$/);
    await expect(events).toHaveCount(1);
    await expect(events.first()).toContainText(LEDGER.deployment);

    // The target opens in a drawer from the keyboard; Escape closes it and focus returns.
    const target = events.first().getByRole("link", { name: LEDGER.deployment });
    await tabTo(page, target);
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog", { name: new RegExp(`Deployment ${LEDGER.deployment}`) });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole("heading", { name: "Provenance" })).toBeVisible();
    await expect(drawer.getByRole("link", { name: "run 7712345601" })).toHaveAttribute("href", "https://github.com/every/ledger/actions/runs/7712345601");
    await expect(drawer.locator('pre[aria-label="Evidence payload"]')).toContainText(`"record_id": "${LEDGER.deployment}"`);
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(target).toBeFocused();

    await page.goto("/audit?actor_kind=operator&product=ledger");
    await expect(events).toHaveCount(1);
    await expect(events.first()).toContainText("octo-reader");
    await expect(events.first()).toContainText("preview_cleanup.request");
  });
});

test.describe("record detail", () => {
  test("shows a deployment's fields, provenance with the GitHub run, links and payload, and follows links by keyboard", async ({ page }) => {
    await signIn(page);
    await page.goto(`/records/deployment/${EXAMPLE.prodDeployment}`);
    await expect(page.getByRole("heading", { level: 1, name: EXAMPLE.prodDeployment })).toBeVisible();
    await expect(page.getByRole("link", { name: `run ${EXAMPLE_RUN_ID}` })).toHaveAttribute(
      "href",
      `https://github.com/${EXAMPLE_WORKFLOW_REPOSITORY}/actions/runs/${EXAMPLE_RUN_ID}`,
    );
    await expect(page.getByText("release.yml")).toBeVisible();
    const links = page.getByRole("region", { name: "Linked records" });
    await expect(links.getByRole("link", { name: EXAMPLE.v1.artifact_id })).toBeVisible();
    await expect(links.getByRole("link", { name: "promotion-e2e-example-1" })).toBeVisible();
    await expect(page.locator('pre[aria-label="Evidence payload"]')).toContainText(`"record_id": "${EXAMPLE.prodDeployment}"`);
    await expect(page.getByRole("button", { name: "Copy Evidence payload" })).toBeVisible();

    await tabTo(page, links.getByRole("link", { name: "promotion-e2e-example-1" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/records\/promotion\/promotion-e2e-example-1$/);
    await expect(page.getByRole("heading", { level: 1, name: "promotion-e2e-example-1" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Linked records" }).getByRole("link", { name: "backup-e2e-example-prod-1" })).toBeVisible();

    await page.goto("/records/deployment/deployment-that-does-not-exist");
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  });

  test("a lane inventory page shows a deployment posted through /v1 without a reload", async ({ page }) => {
    await signIn(page);
    await page.goto("/records/inventory/ledger/testing");
    await expect(page.getByRole("heading", { level: 1, name: "ledger/testing" })).toBeVisible();
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
    const recordId = `deployment-e2e-ledger-testing-live-${Date.now()}`;
    await postWorkflowEvidence("/v1/evidence/deployments", {
      product: LEDGER.product,
      deployment: deploymentRecord({ recordId, product: LEDGER.product, instance: "testing", artifactId: LEDGER.artifact, commit: "89abcdef0123456789abcdef0123456789abcdef", at: now() }),
    });
    await expect(page.getByRole("region", { name: "Linked records" }).getByRole("link", { name: recordId })).toBeVisible({ timeout: 8_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
  });
});

test.describe("API docs", () => {
  test("renders the OpenAPI document: areas, actions, body fields, errors and the Actions snippet", async ({ page }) => {
    await signIn(page);
    await page.goto("/api-docs");
    await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();
    await expect(page.getByLabel("GitHub Actions workflow", { exact: true })).toContainText("id-token: write");
    await expect(page.getByLabel("GitHub Actions workflow", { exact: true })).toContainText("audience=$AUDIENCE");
    const deployments = page.locator("#post-v1-evidence-deployments");
    await expect(deployments).toContainText("deployment.write");
    await expect(deployments.getByText("record_id", { exact: true }).first()).toBeVisible();
    await expect(deployments).toContainText("record_conflict");
    await expect(deployments).toContainText("idempotency-key");
    await expect(page.locator("#get-v1-health")).toContainText("Public: no token needed");

    await tabTo(page, page.getByRole("navigation", { name: "API areas" }).getByRole("link", { name: "Records", exact: true }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/api-docs#area-records$/);
    await expect(page.getByRole("heading", { level: 2, name: "Records" })).toBeInViewport();
  });
});

test.describe("command palette", () => {
  test("jumps to a promotion by its id", async ({ page }) => {
    await signIn(page);
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Command palette" });
    await page.keyboard.type("promotion-e2e-example-1");
    await expect(palette.getByRole("option", { name: /Promotion promotion-e2e-example-1/ })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/records\/promotion\/promotion-e2e-example-1$/);
  });
});

test.describe("scope isolation on the operations pages", () => {
  test("an operator of one product sees nothing of another through incidents, secrets, audit, records or procedures", async ({ browser, baseURL }) => {
    test.setTimeout(90_000);
    const books = await operator(browser, baseURL, "ledger-reader", "every-readers");
    const site = await operator(browser, baseURL, "site-reader", "site-readers");
    const exampleIds = [EXAMPLE.prodDeployment, EXAMPLE.testingDeployment, "promotion-e2e-example-1", EXAMPLE.v1.artifact_id];
    try {
      await books.page.goto("/incidents");
      await expect(books.page.getByRole("heading", { name: "No open incidents" })).toBeVisible();
      await books.page.goto("/incidents?status=all");
      await expect(books.page.getByRole("heading", { name: "No incidents" })).toBeVisible();
      await books.page.goto("/secrets");
      await expect(books.page.locator('[data-product="ledger"]')).toBeVisible();
      await expect(books.page.locator('[data-product="example-site"]')).toHaveCount(0);
      await books.page.goto("/audit");
      await expect(books.page.getByRole("list", { name: "Audit events" }).getByRole("listitem").first()).toBeVisible();
      for (const path of ["/incidents", "/secrets", "/audit", "/products/example-site/incidents", "/products/example-site/secrets"]) {
        await books.page.goto(path);
        await expect(books.page.getByRole("heading", { level: 1 }).or(books.page.getByText("You cannot see this", { exact: true }))).toBeVisible();
        await expect(books.page.getByText(/^Loading/)).toHaveCount(0);
        const html = await books.page.content();
        for (const id of [...exampleIds, "every/example-site", "database-url"]) expect(html, `${path} must not carry ${id}`).not.toContain(id);
      }
      await books.page.goto("/products/example-site/secrets");
      await expect(books.page.getByText("You cannot see this", { exact: true })).toBeVisible();
      await books.page.goto(`/records/promotion/promotion-e2e-example-1`);
      await expect(books.page.getByText("Not in your scope", { exact: true })).toBeVisible();

      for (const [procedure, input] of [
        ["incidents.list", { product: "example-site" }],
        ["secrets.forProduct", { product: "example-site" }],
        ["records.get", { kind: "promotion", key: "promotion-e2e-example-1" }],
        ["records.get", { kind: "inventory", key: "example-site/prod" }],
      ] as const) {
        const response = await trpcGet(books.page, procedure, input);
        expect(response.status(), procedure).toBe(403);
      }
      const audit = await (await trpcGet(books.page, "audit.list", { product: "example-site" })).json();
      expect(audit.result.data.json.items).toEqual([]);
      const lookup = await (await trpcGet(books.page, "records.lookup", { id: "promotion-e2e-example-1" })).json();
      expect(lookup.result.data.json).toEqual([]);

      // The other way round.
      await site.page.goto("/secrets");
      await expect(site.page.locator('[data-product="example-site"]')).toBeVisible();
      await expect(site.page.locator('[data-product="ledger"]')).toHaveCount(0);
      await site.page.goto("/audit");
      await expect(site.page.getByRole("list", { name: "Audit events" })).not.toContainText(LEDGER.deployment);
      expect((await trpcGet(site.page, "secrets.forProduct", { product: "ledger" })).status()).toBe(403);
    } finally {
      await books.context.close();
      await site.context.close();
    }
  });
});
