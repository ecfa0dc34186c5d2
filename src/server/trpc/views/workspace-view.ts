import { z } from "zod";
import { env } from "@/server/env";
import type { ProductWorkspace } from "@/server/services/product-workspace";
import { repositoryUrl } from "@/server/trpc/views/github-links";
import { IncidentView, incidentView, LaneView, laneView } from "@/server/trpc/views/lane-view";
import { PreviewRow, previewRow } from "@/server/trpc/views/preview-view";

/** The product page: its lanes as a pipeline, the promotion gate, lane differences, previews, incidents. */

const Difference = z.object({ from: z.string(), to: z.string(), same: z.boolean() });

export const ProductIdentityView = z.object({
  product: z.string(),
  display_name: z.string(),
  repository: z.string(),
  repository_url: z.string(),
  driver_id: z.string(),
  lifecycle_state: z.string(),
});
export type ProductIdentityView = z.infer<typeof ProductIdentityView>;

export const PromotionGateView = z.object({
  from_instance: z.string(),
  to_instance: z.string(),
  context: z.string(),
  artifact_id: z.string(),
  backup_record_id: z.string(),
  allowed: z.boolean(),
  checks: z.array(z.object({ id: z.string(), label: z.string(), passed: z.boolean(), detail: z.string() })),
  notes: z.array(z.string()),
});
export type PromotionGateView = z.infer<typeof PromotionGateView>;

export const LaneDifferencesView = z.object({
  from_instance: z.string(),
  to_instance: z.string(),
  artifact: Difference,
  image_digest: Difference,
  repos: z.array(Difference.extend({ repo: z.string() })),
  config: z.array(Difference.extend({ key: z.string(), kind: z.enum(["runtime_key", "secret_binding"]) })),
});
export type LaneDifferencesView = z.infer<typeof LaneDifferencesView>;

export const WorkspaceView = z.object({
  product: ProductIdentityView,
  lanes: z.array(LaneView),
  hidden_lane_count: z.number(),
  promotion: PromotionGateView.nullable(),
  differences: LaneDifferencesView.nullable(),
  previews: z.object({ enabled: z.boolean(), context: z.string(), items: z.array(PreviewRow), truncated: z.boolean() }),
  open_incidents: z.array(IncidentView),
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export function productIdentityView(profile: ProductWorkspace["profile"]): ProductIdentityView {
  return {
    product: profile.product,
    display_name: profile.display_name,
    repository: profile.repository,
    repository_url: repositoryUrl(profile.repository, env().LAUNCHPLANE_GITHUB_URL),
    driver_id: profile.driver_id,
    lifecycle_state: profile.lifecycle_state,
  };
}

export function workspaceView(workspace: ProductWorkspace): WorkspaceView {
  const { profile, promotion, differences } = workspace;
  return {
    product: productIdentityView(profile),
    lanes: workspace.lanes.map((lane) => laneView(lane, profile)),
    hidden_lane_count: workspace.hidden_lane_count,
    promotion: promotion
      ? {
          from_instance: promotion.from_instance,
          to_instance: promotion.to_instance,
          context: promotion.context,
          artifact_id: promotion.artifact_id,
          backup_record_id: promotion.backup_record_id,
          allowed: promotion.result.allowed,
          checks: promotion.result.checks.map((check) => ({ id: check.id, label: check.label, passed: check.passed, detail: check.detail })),
          notes: promotion.notes,
        }
      : null,
    differences: differences
      ? {
          from_instance: differences.from_instance,
          to_instance: differences.to_instance,
          artifact: differences.artifact,
          image_digest: differences.image_digest,
          repos: differences.repos.map(({ repo, from, to, same }) => ({ repo, from, to, same })),
          config: differences.config.map(({ key, kind, from, to, same }) => ({ key, kind, from, to, same })),
        }
      : null,
    previews: {
      enabled: profile.preview.enabled,
      context: profile.preview.context,
      items: workspace.previews?.items.map(previewRow) ?? [],
      truncated: workspace.previews?.truncated ?? false,
    },
    open_incidents: workspace.open_incidents.map(incidentView),
  };
}
