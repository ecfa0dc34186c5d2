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
  /** May read product read models and protected artifacts of PRODUCT_READER's product, in its lane context only. */
  productReader: "launchplane-tests/product-reader",
} as const;

export const SCOPED = { product: "scoped-product", context: "scoped-context" } as const;

/** The product (and its lane context) the productReader repository may read. */
export const PRODUCT_READER = { product: "reader-product", context: "reader-product" } as const;

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
    {
      repository: REPOS.productReader,
      workflow_refs: [],
      job_workflow_refs: [],
      event_names: [],
      refs: [],
      environments: [],
      products: [PRODUCT_READER.product],
      contexts: [PRODUCT_READER.context],
      actions: ["product.read", "artifact.read"],
    },
  ],
  github_humans: [],
};
