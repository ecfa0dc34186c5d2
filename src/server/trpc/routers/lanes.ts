import { z } from "zod";
import { readLaneSummary } from "@/server/services/lane-summary";
import { readLaneTimeline } from "@/server/services/product-activity";
import { readScopedLane } from "@/server/services/product-workspace";
import { operatorProcedure, router } from "@/server/trpc/init";
import { operatorReadScope } from "@/server/trpc/operator-read-scope";
import { LaneView, laneView } from "@/server/trpc/views/lane-view";
import { TimelinePage, timelinePage } from "@/server/trpc/views/timeline-view";
import { ProductIdentityView, productIdentityView } from "@/server/trpc/views/workspace-view";

/** Kinds a lane's history holds (preview records have their own page). */
export const LANE_TIMELINE_KINDS = ["deployment", "promotion", "rollback", "backup_gate", "release_tuple", "incident", "audit"] as const;
export const LaneTimelineKind = z.enum(LANE_TIMELINE_KINDS);
export type LaneTimelineKind = z.infer<typeof LaneTimelineKind>;

const productKey = z.string().trim().min(1).max(200);
const instanceKey = z.string().trim().min(1).max(200);

export const lanesRouter = router({
  /** One lane: 404 for an unknown product or lane, 403 unless product.read covers the lane's context. */
  get: operatorProcedure
    .input(z.object({ product: productKey, instance: instanceKey }))
    .output(z.object({ product: ProductIdentityView, lane: LaneView }))
    .query(async ({ ctx, input }) => {
      const { profile, lane } = await readScopedLane(ctx.db, input.product, input.instance, { scope: operatorReadScope(ctx) });
      const summary = await readLaneSummary(ctx.db, profile.product, lane.instance, { profile });
      return { product: productIdentityView(profile), lane: laneView(summary, profile) };
    }),

  /**
   * The lane's history, newest first, one page at a time (cursor from the
   * previous page), optionally only some kinds. Same scope as `get`; items in
   * contexts the operator may not read are left out.
   */
  timeline: operatorProcedure
    .input(
      z.object({
        product: productKey,
        instance: instanceKey,
        kinds: z.array(LaneTimelineKind).max(LANE_TIMELINE_KINDS.length).optional(),
        cursor: z.string().max(2000).nullish(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .output(TimelinePage)
    .query(async ({ ctx, input }) => {
      const scope = operatorReadScope(ctx);
      const { profile, lane } = await readScopedLane(ctx.db, input.product, input.instance, { scope });
      const page = await readLaneTimeline(ctx.db, profile.product, lane.instance, {
        profile,
        scope,
        kinds: input.kinds?.length ? input.kinds : LANE_TIMELINE_KINDS,
        cursor: input.cursor ?? null,
        limit: input.limit ?? 30,
      });
      return timelinePage(page);
    }),
});
