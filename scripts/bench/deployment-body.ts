/** A realistic, passing testing-lane deployment with a unique record id. */
export function deploymentBody(index: number, product = "bench-shop"): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString();
  return {
    product,
    deployment: {
      record_id: `deployment-bench-${process.pid}-${index}`,
      artifact_identity: { artifact_id: `artifact-bench-${index % 50}` },
      context: product,
      instance: index % 2 === 0 ? "testing" : "prod",
      source_git_ref: "3f1c2a9b7d4e5f60718293a4b5c6d7e8f9a0b1c2",
      resolved_target: { target_type: "application", target_id: "app-123", target_name: `${product}-app` },
      deploy: {
        target_name: `${product}-app`,
        target_type: "application",
        deploy_mode: "dokploy-application-api",
        deployment_id: `dokploy-${index}`,
        status: "pass",
        started_at: at,
        finished_at: at,
      },
      post_deploy_update: { attempted: false, status: "skipped", detail: "" },
      destination_health: {
        verified: true,
        urls: [`https://${product}.example.com/health`],
        timeout_seconds: 30,
        status: "pass",
      },
    },
  };
}
