import { Siren } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { RecordLink } from "@/components/records/record-link";
import { laneHref } from "@/components/workspace/console-paths";
import type { IncidentView } from "@/server/trpc/views/lane-view";

/** Open incidents of a product's lanes, newest first, each opening its record. */
export function OpenIncidents({ product, incidents }: { product: string; incidents: IncidentView[] }) {
  return (
    <ul className="divide-y divide-border rounded-lg border border-border bg-card">
      {incidents.map((incident) => (
        <li key={incident.incident_id} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-3">
          <Siren aria-hidden className="mt-0.5 size-4 shrink-0 text-danger" />
          <div className="min-w-0 flex-1">
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <RecordLink kind="incident" recordKey={incident.incident_id} className="font-medium text-primary underline-offset-2 hover:underline">
                {incident.check_name} on {incident.instance}
              </RecordLink>
              <StatusBadge status={incident.status} />
              {incident.failure_code ? <code className="font-mono text-xs text-muted-foreground">{incident.failure_code}</code> : null}
            </p>
            <p className="mt-0.5 text-sm break-words text-muted-foreground">{incident.summary}</p>
          </div>
          <p className="text-xs text-muted-foreground">
            opened <RelativeTime value={incident.opened_at} /> · last seen <RelativeTime value={incident.latest_observed_at} /> ·{" "}
            <Link href={laneHref(product, incident.instance)} className="underline-offset-2 hover:text-foreground hover:underline">
              {incident.instance} history
            </Link>
          </p>
        </li>
      ))}
    </ul>
  );
}
