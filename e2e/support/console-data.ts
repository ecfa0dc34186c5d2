import type { FakeGithubUser } from "./fake-github";

/**
 * What the end-to-end console sees: a policy with one admin login, an
 * organization that reads one product, a workflow that posts evidence
 * through /v1, and GitHub users for the OAuth flow.
 */
export const E2E_ADMIN = "e2e-admin";
export const E2E_STRANGER = "e2e-stranger";

/** The GitHub Actions caller of the live-update tests; its own owner, so no audit filter on `every/…` finds its events. */
export const E2E_WORKFLOW_REPOSITORY = "e2e-workflows/live-evidence";
export const E2E_OIDC_AUDIENCE = "launchplane-e2e";

export const PRODUCTS = [
  { product: "example-site", display_name: "Example Site", repository: "every/example-site", driver_id: "generic-web", preview: true },
  { product: "ledger", display_name: "Ledger", repository: "every/ledger", driver_id: "odoo", preview: false },
  { product: "status-page", display_name: "Status Page", repository: "every/status-page", driver_id: "generic-web", preview: false },
] as const;

export const POLICY = {
  schema_version: 1,
  github_actions: [
    {
      repository: E2E_WORKFLOW_REPOSITORY,
      workflow_refs: [],
      job_workflow_refs: [],
      event_names: [],
      refs: [],
      environments: [],
      products: ["example-site", "ledger"],
      contexts: ["example-site", "ledger"],
      actions: ["deployment.write", "public_ingress_observation.write"],
    },
  ],
  github_humans: [
    { logins: [E2E_ADMIN], roles: ["admin"] },
    { organizations: ["every-readers"], roles: ["read_only"], products: ["ledger"], actions: ["product.read"] },
    // The scope-isolation pair: each organization reads one product.
    { organizations: ["site-readers"], roles: ["read_only"], products: ["example-site"], actions: ["product.read"] },
    { teams: ["every/platform"], roles: ["admin"] },
  ],
};

export const GITHUB_USERS: FakeGithubUser[] = [
  { id: 1001, login: "octo-platform", organizations: ["every"], teams: ["every/platform"] },
  { id: 1002, login: "octo-reader", organizations: ["every-readers"], teams: [] },
];

export function productProfile(product: (typeof PRODUCTS)[number]) {
  const base = `https://${product.product}.example.test`;
  return {
    product: product.product,
    display_name: product.display_name,
    repository: product.repository,
    driver_id: product.driver_id,
    image: { repository: `ghcr.io/${product.repository}` },
    runtime_port: 3000,
    health_path: "/healthz",
    lanes: [
      { instance: "testing", context: product.product, base_url: `https://testing.${product.product}.example.test` },
      { instance: "prod", context: product.product, base_url: base },
    ],
    preview: product.preview ? { enabled: true, context: product.product, slug_template: "pr-{number}" } : { enabled: false },
    updated_at: new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    source: "e2e",
  };
}
