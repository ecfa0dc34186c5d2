import { ArrowDown, ArrowRight } from "lucide-react";
import { Fragment } from "react";
import { LaneCard } from "@/components/workspace/lane-card";
import { pipelineOrderBy } from "@/components/workspace/pipeline-order";
import type { LaneView } from "@/server/trpc/views/lane-view";

/** A product's stable lanes side by side, as the pipeline they form (testing → prod). */
export function LanePipeline({ lanes }: { lanes: LaneView[] }) {
  const ordered = pipelineOrderBy(lanes, (lane) => lane.instance);
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
