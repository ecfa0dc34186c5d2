import { test as base, expect, type Page } from "@playwright/test";

/**
 * `test` for console specs: baseURL is the server global setup started
 * (its port is only known then), plus small helpers for signing in.
 */
export const test = base.extend({
  // Playwright reads fixture dependencies from this destructuring pattern; there are none.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.LAUNCHPLANE_E2E_URL;
    if (!url) throw new Error("LAUNCHPLANE_E2E_URL is not set: run through playwright.config.ts (global setup)");
    await use(url);
  },
});

export { expect };

/**
 * Where the screenshot specs write: test-results/screenshots in a test run
 * (so `npm test` leaves the tree as it was), docs/screenshots when
 * `npm run screenshots` refreshes the committed reference pictures.
 */
export const SCREENSHOTS_DIR = process.env.LAUNCHPLANE_SCREENSHOTS_DIR ?? "test-results/screenshots";

export async function devSignIn(page: Page, login: string, memberships: { organizations?: string; teams?: string } = {}) {
  await page.getByLabel("GitHub login").fill(login);
  if (memberships.organizations) await page.getByLabel(/Organizations/).fill(memberships.organizations);
  if (memberships.teams) await page.getByLabel(/Teams/).fill(memberships.teams);
  await page.getByRole("button", { name: "Sign in as this login" }).click();
}
