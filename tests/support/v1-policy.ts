/**
 * The authorization policy the shared /v1 test server starts with. Each
 * repository stands for one kind of caller the tests need.
 */
export const TEST_AUDIENCE = "launchplane-tests";

export const REPOS = {
  /** May do everything, for any product and context. */
  trusted: "launchplane-tests/trusted",
  /** May write and read deployments of product `scoped-product`, context `scoped-context` only. */
  scoped: "launchplane-tests/scoped",
  /** May only read. */
  reader: "launchplane-tests/reader",
  /** Matches no rule at all. */
  stranger: "launchplane-tests/stranger",
} as const;

export const SCOPED = { product: "scoped-product", context: "scoped-context" } as const;

export const TEST_POLICY = {
  schema_version: 1,
  github_actions: [
    { repository: REPOS.trusted, workflow_refs: [], job_workflow_refs: [], event_names: [], refs: [], environments: [], products: [], contexts: [], actions: [] },
    {
      repository: REPOS.scoped,
      workflow_refs: [`${REPOS.scoped}/.github/workflows/*`],
      job_workflow_refs: [],
      event_names: [],
      refs: [],
      environments: [],
      products: [SCOPED.product],
      contexts: [SCOPED.context],
      actions: ["deployment.write", "deployment.read"],
    },
    {
      repository: REPOS.reader,
      workflow_refs: [],
      job_workflow_refs: [],
      event_names: [],
      refs: [],
      environments: [],
      products: [],
      contexts: [],
      actions: [
        "deployment.read",
        "promotion.read",
        "backup_gate.read",
        "artifact.read",
        "inventory.read",
        "release_tuple.read",
        "preview.read",
        "product.read",
        "product_profile.read",
      ],
    },
  ],
  github_humans: [],
};
