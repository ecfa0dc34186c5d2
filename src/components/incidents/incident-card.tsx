"use client";

import { BellRing, ExternalLink, Radar } from "lucide-react";
import Link from "next/link";
import { RecordLink } from "@/components/records/record-link";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { laneHref, productIncidentsHref } from "@/components/workspace/console-paths";
import type { IncidentHistoryItemView } from "@/server/trpc/routers/incidents";

function duration(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return "";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** One incident: what failed where, since when, its observations over time and who was told. */
export function IncidentCard({ item, showProduct }: { item: IncidentHistoryItemView; showProduct: boolean }) {
  const { incident, observations, notification_attempts: attempts } = item;
  const open = incident.status === "open";
  const lanePath = laneHref(incident.product, incident.instance);
  return (
    <li className="rounded-lg border border-border bg-card" data-incident-id={incident.incident_id}>
      <div className="space-y-2 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={incident.status} label={open ? "Open" : "Resolved"} />
          <h2 className="font-semibold">
            {incident.check_name}
            <span className="ml-1.5 text-xs font-normal text-muted-foreground">({incident.check_kind.replace("_", " ")})</span>
          </h2>
          <code className="rounded bg-muted px-1.5 py-px font-mono text-xs">{incident.failure_code}</code>
        </div>
        <p className="text-sm">{incident.summary}</p>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-muted-foreground">
          {showProduct ? (
            <div className="flex gap-1">
              <dt>Product</dt>
              <dd>
                <Link href={productIncidentsHref(incident.product)} className="font-medium text-primary underline-offset-4 hover:underline">
                  {incident.product}
                </Link>
              </dd>
            </div>
          ) : null}
          <div className="flex gap-1">
            <dt>Lane</dt>
            <dd>
              <Link href={lanePath} className="font-mono text-primary underline-offset-4 hover:underline">
                {incident.context}/{incident.instance}
              </Link>
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>Opened</dt>
            <dd className="text-foreground">
              <RelativeTime value={incident.opened_at} />
            </dd>
          </div>
          {open ? (
            <div className="flex gap-1">
              <dt>Last seen failing</dt>
              <dd className="text-foreground">
                <RelativeTime value={incident.latest_observed_at} />
              </dd>
            </div>
          ) : (
            <div className="flex gap-1">
              <dt>Resolved</dt>
              <dd className="text-foreground">
                <RelativeTime value={incident.resolved_at} /> after {duration(incident.opened_at, incident.resolved_at)}
              </dd>
            </div>
          )}
          <div className="flex gap-1">
            <dt className="sr-only">Record</dt>
            <dd>
              <RecordLink kind="incident" recordKey={incident.incident_id} className="text-primary underline-offset-4 hover:underline">
                Details<span className="sr-only"> of incident {incident.incident_id}</span>
              </RecordLink>
            </dd>
          </div>
        </dl>
      </div>
      <details className="group border-t border-border">
        <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-2.5 text-sm font-medium text-muted-foreground select-none hover:text-foreground [&::-webkit-details-marker]:hidden">
          <span aria-hidden className="transition-transform group-open:rotate-90">›</span>
          {observations.length} {observations.length === 1 ? "observation" : "observations"}
          {item.observations_truncated ? " (newest shown)" : ""} · {attempts.length}{" "}
          {attempts.length === 1 ? "notification attempt" : "notification attempts"}
        </summary>
        <div className="grid gap-4 px-4 pb-4 lg:grid-cols-2">
          <section aria-label="Observations over time">
            <h3 className="mb-2 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
              <Radar aria-hidden className="size-3.5" /> Observations
            </h3>
            {observations.length === 0 ? (
              <p className="text-sm text-muted-foreground">No observations recorded while it was open.</p>
            ) : (
              <ol className="space-y-1.5 border-l border-border pl-3">
                {observations.map((observation) => (
                  <li key={observation.record_id} className="text-sm">
                    <div className="flex flex-wrap items-center gap-2">
                      <StatusBadge status={observation.status} />
                      <span className="text-xs text-muted-foreground">
                        <RelativeTime value={observation.observed_at} />
                      </span>
                      {observation.targets[0]?.http_status ? (
                        <span className="font-mono text-xs">HTTP {observation.targets[0].http_status}</span>
                      ) : null}
                      {observation.failure_code ? <code className="font-mono text-xs">{observation.failure_code}</code> : null}
                    </div>
                    <p className="mt-0.5 text-xs text-muted-foreground">{observation.summary}</p>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-label="Notification attempts">
            <h3 className="mb-2 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
              <BellRing aria-hidden className="size-3.5" /> Notifications
            </h3>
            {attempts.length === 0 ? (
              <p className="text-sm text-muted-foreground">No notification was attempted (no matching notification policy).</p>
            ) : (
              <ul className="space-y-2">
                {attempts.map((attempt) => {
                  // Only http(s) URLs arrive (the incidents procedure drops any other).
                  const link = attempt.external_url || null;
                  return (
                    <li key={attempt.attempt_id} className="rounded-md border border-border p-2 text-sm">
                      <div className="flex flex-wrap items-center gap-2">
                        <StatusBadge status={attempt.state} tone={attempt.state === "delivered" ? "success" : attempt.state === "failed" ? "danger" : attempt.state === "pending" ? "pending" : "neutral"} />
                        <span className="font-medium">{attempt.event}</span>
                        <span className="text-xs text-muted-foreground">
                          via {attempt.destination_kind.replace("_", " ")} <span className="font-mono">{attempt.destination_id}</span>
                        </span>
                        <span className="text-xs text-muted-foreground">
                          <RelativeTime value={attempt.attempted_at} />
                        </span>
                      </div>
                      {attempt.error_message ? <p className="mt-1 text-xs text-danger">{attempt.error_message}</p> : null}
                      {link ? (
                        <a href={link} target="_blank" rel="noreferrer" className="mt-1 inline-flex items-center gap-1 text-xs text-primary underline-offset-4 hover:underline">
                          <ExternalLink aria-hidden className="size-3" /> {attempt.action || "Open"}
                        </a>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>
      </details>
    </li>
  );
}
