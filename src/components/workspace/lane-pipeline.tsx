import { ArrowDown, ArrowRight } from "lucide-react";
import { Fragment } from "react";
import { LaneCard } from "@/components/workspace/lane-card";
import type { LaneView } from "@/server/trpc/views/lane-view";

/** Release channels first, in promotion order; other lanes after them in profile order. */
const PIPELINE_ORDER = ["testing", "prod"];

export function pipelineOrder(lanes: LaneView[]): LaneView[] {
  const rank = (lane: LaneView) => {
    const index = PIPELINE_ORDER.indexOf(lane.instance);
    return index < 0 ? PIPELINE_ORDER.length : index;
  };
  return lanes.map((lane, index) => ({ lane, index })).sort((a, b) => rank(a.lane) - rank(b.lane) || a.index - b.index).map(({ lane }) => lane);
}

/** A product's stable lanes side by side, as the pipeline they form (testing → prod). */
export function LanePipeline({ lanes }: { lanes: LaneView[] }) {
  const ordered = pipelineOrder(lanes);
  return (
    <div className="flex flex-col gap-3 lg:flex-row lg:items-stretch">
      {ordered.map((lane, index) => (
        <Fragment key={lane.instance}>
          {index > 0 ? (
            <div aria-hidden className="flex items-center justify-center text-muted-foreground lg:pt-10 lg:items-start">
              <ArrowRight className="hidden size-5 lg:block" />
              <ArrowDown className="size-5 lg:hidden" />
            </div>
          ) : null}
          <LaneCard lane={lane} className="lg:flex-1" />
        </Fragment>
      ))}
    </div>
  );
}
