"use client";

import { useQuery } from "@tanstack/react-query";
import { KeyRound, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { LiveIndicator } from "@/components/live/live-indicator";
import { useLiveRecords } from "@/components/live/use-live-records";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { SkeletonList } from "@/components/ui/skeleton";
import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";
import { laneHref, productSecretsHref } from "@/components/workspace/console-paths";
import { useTRPC } from "@/lib/trpc";
import type { LaneSecretsView, ProductSecretsView as ProductSecretsData } from "@/server/trpc/routers/secrets";

/** Secret status changes when a secret is written and when a lane is deployed (staleness). */
export const SECRET_EVENT_KINDS = ["managed_secret", "deployment", "promotion", "inventory", "product_profile"] as const;

const BINDING_TONES: Record<string, StatusTone> = {
  configured: "success",
  missing: "danger",
  disabled: "blocked",
  stale: "warning",
  unsupported: "neutral",
};

const TRUST_LABEL: Record<LaneSecretsView["trust_state"], { label: string; tone: StatusTone }> = {
  recorded: { label: "ready", tone: "success" },
  missing: { label: "missing config", tone: "danger" },
  stale: { label: "stale: redeploy to apply", tone: "warning" },
  unsupported: { label: "unsupported", tone: "neutral" },
};

const selectClass =
  "h-9 rounded-md border border-border-strong bg-card px-2.5 text-sm text-foreground shadow-sm hover:bg-muted focus-visible:outline-2";
const th = "px-3 py-2 text-left text-xs font-medium text-muted-foreground";
// On phones each row becomes a small card: cells stack, each with its column name (data-label).
const table = "block w-full text-sm sm:table";
const thead = "hidden bg-surface sm:table-header-group";
const tbody = "block divide-y divide-border sm:table-row-group";
const tr = "block px-3 py-2 sm:table-row sm:p-0";
const td =
  "flex items-baseline gap-2 py-0.5 before:w-24 before:shrink-0 before:text-xs before:text-muted-foreground before:content-[attr(data-label)] sm:table-cell sm:px-3 sm:py-2 sm:align-top sm:before:content-none";

function where(context: string, instance: string): string {
  if (!context) return "global";
  return instance ? `${context}/${instance}` : `${context} (all lanes)`;
}

function Counts({ lane }: { lane: LaneSecretsView }) {
  const parts = (["configured", "missing", "disabled", "stale", "unsupported"] as const)
    .filter((status) => lane.counts[status] > 0)
    .map((status) => `${lane.counts[status]} ${status}`);
  return <span className="text-xs text-muted-foreground">{parts.length ? parts.join(" · ") : "nothing expected"}</span>;
}

function LaneSecrets({ product, lane }: { product: string; lane: LaneSecretsView }) {
  const trust = TRUST_LABEL[lane.trust_state];
  const headingId = `secrets-${product}-${lane.context}-${lane.instance}`;
  const expectedSecrets = lane.expected_bindings;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-border bg-card" data-lane={`${lane.context}/${lane.instance}`}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-border px-4 py-3">
        <h3 id={headingId} className="font-semibold">
          <Link href={laneHref(product, lane.instance)} className="underline-offset-4 hover:underline">
            {lane.instance}
          </Link>{" "}
          <span className="font-mono text-xs font-normal text-muted-foreground">{lane.context}</span>
        </h3>
        <StatusBadge status={lane.trust_state} tone={trust.tone} label={trust.label} />
        <Counts lane={lane} />
        <span className="ml-auto text-xs text-muted-foreground">
          {lane.deployed_at ? (
            <>
              deployed <RelativeTime value={lane.deployed_at} />
            </>
          ) : (
            "nothing deployed"
          )}
        </span>
      </header>
      <div className="space-y-4 p-4">
        {lane.warnings.length ? (
          <ul className="text-xs text-muted-foreground">
            {lane.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        ) : null}
        <div>
          <h4 className="mb-2 text-sm font-medium">Expected secret bindings</h4>
          {expectedSecrets.length === 0 ? (
            <p className="text-sm text-muted-foreground">The product profile expects no managed secret on this lane.</p>
          ) : (
            <div className="overflow-x-auto rounded-md border border-border">
              <table className={`${table} sm:min-w-[40rem]`}>
                <thead className={thead}>
                  <tr>
                    <th className={th} scope="col">Env key</th>
                    <th className={th} scope="col">Status</th>
                    <th className={th} scope="col">Bound at</th>
                    <th className={th} scope="col">Changed</th>
                    <th className={th} scope="col">Why</th>
                  </tr>
                </thead>
                <tbody className={tbody}>
                  {expectedSecrets.map((binding) => (
                    <tr key={`${binding.integration}:${binding.binding_key}`} data-binding-key={binding.binding_key} className={tr}>
                      <td className={td} data-label="Env key">
                        <span>
                          <code className="font-mono text-xs font-semibold">{binding.binding_key}</code>
                          <span className="block text-xs text-muted-foreground">{binding.integration}</span>
                        </span>
                      </td>
                      <td className={td} data-label="Status">
                        <StatusBadge status={binding.status} tone={BINDING_TONES[binding.status]} />
                      </td>
                      <td className={`${td} font-mono text-xs`} data-label="Bound at">
                        {binding.binding_id ? where(binding.context, binding.instance) : "—"}
                      </td>
                      <td className={`${td} text-xs`} data-label="Changed">
                        {binding.updated_at ? <RelativeTime value={binding.updated_at} /> : "—"}
                      </td>
                      <td className={`${td} text-xs text-muted-foreground`} data-label="Why">
                        {binding.detail}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <div>
          <h4 className="mb-2 text-sm font-medium">Managed secrets reaching this lane</h4>
          {lane.secrets.length === 0 ? (
            <p className="text-sm text-muted-foreground">No managed secret is stored for this lane, its context or globally.</p>
          ) : (
            <div className="overflow-x-auto rounded-md border border-border">
              <table className={`${table} sm:min-w-[44rem]`}>
                <thead className={thead}>
                  <tr>
                    <th className={th} scope="col">Secret</th>
                    <th className={th} scope="col">Status</th>
                    <th className={th} scope="col">Versions</th>
                    <th className={th} scope="col">Last rotated</th>
                    <th className={th} scope="col">Bindings</th>
                  </tr>
                </thead>
                <tbody className={tbody}>
                  {lane.secrets.map((secret) => (
                    <tr key={secret.secret_id} data-secret-id={secret.secret_id} className={tr}>
                      <td className={td} data-label="Secret">
                        <span className="min-w-0">
                          <span className="font-medium">{secret.name}</span>
                          <span className="block font-mono text-xs break-all text-muted-foreground">
                            {secret.integration} · {where(secret.context, secret.instance)}
                          </span>
                          {secret.description ? <span className="block text-xs text-muted-foreground">{secret.description}</span> : null}
                        </span>
                      </td>
                      <td className={td} data-label="Status">
                        <StatusBadge status={secret.status} tone={secret.status === "configured" ? "success" : "blocked"} />
                      </td>
                      <td className={`${td} tabular-nums`} data-label="Versions">
                        {secret.version_count}
                      </td>
                      <td className={`${td} text-xs`} data-label="Last rotated">
                        <span>
                          {secret.last_rotated_at ? <RelativeTime value={secret.last_rotated_at} /> : "never"}
                          {secret.last_rotated_by ? <span className="block text-muted-foreground">by {secret.last_rotated_by}</span> : null}
                        </span>
                      </td>
                      <td className={td} data-label="Bindings">
                        {secret.bindings.length === 0 ? (
                          <span className="text-xs text-muted-foreground">not bound</span>
                        ) : (
                          <ul className="space-y-1">
                            {secret.bindings.map((binding) => (
                              <li key={binding.binding_id} className="flex flex-wrap items-center gap-1.5">
                                <code className="font-mono text-xs">{binding.binding_key}</code>
                                <StatusBadge status={binding.status} tone={binding.status === "configured" ? "success" : "blocked"} />
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function ProductSecrets({ view, showHeading }: { view: ProductSecretsData; showHeading: boolean }) {
  const headingId = `secrets-product-${view.product}`;
  return (
    <section aria-labelledby={showHeading ? headingId : undefined} className="space-y-4" data-product={view.product}>
      {showHeading ? (
        <h2 id={headingId} className="text-lg font-semibold">
          <Link href={productSecretsHref(view.product)} className="underline-offset-4 hover:underline">
            {view.display_name}
          </Link>{" "}
          <span className="font-mono text-sm font-normal text-muted-foreground">{view.product}</span>
        </h2>
      ) : null}
      {view.lanes.length === 0 ? (
        <p className="text-sm text-muted-foreground">No lane of this product is configured or readable for you.</p>
      ) : (
        view.lanes.map((lane) => <LaneSecrets key={`${lane.context}/${lane.instance}`} product={view.product} lane={lane} />)
      )}
      <div>
        <h3 className="mb-2 text-sm font-medium">Recent secret audit events</h3>
        {view.recent_audit_events.length === 0 ? (
          <p className="text-sm text-muted-foreground">No audit events for these secrets yet.</p>
        ) : (
          <ol className="divide-y divide-border rounded-lg border border-border bg-card">
            {view.recent_audit_events.map((event) => (
              <li key={event.event_id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-3 py-2 text-sm">
                <span className="w-28 shrink-0 text-xs text-muted-foreground">
                  <RelativeTime value={event.recorded_at} />
                </span>
                <StatusBadge status={event.event_type} tone={event.event_type === "disabled" || event.event_type === "retired" ? "paused" : "info"} />
                <code className="font-mono text-xs">{event.secret_id}</code>
                <span className="text-xs text-muted-foreground">by {event.actor || "unknown"}</span>
                {event.metadata.binding_key ? <code className="font-mono text-xs text-muted-foreground">{event.metadata.binding_key}</code> : null}
                {event.metadata.reason ? <span className="text-xs text-muted-foreground">“{event.metadata.reason}”</span> : null}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function Problem({ error, retry }: { error: { message: string; data?: { traceId?: string | null } | null }; retry: () => void }) {
  return (
    <ErrorState
      title="Secret status could not be loaded"
      description={error.message}
      reference={error.data?.traceId ?? null}
      action={
        <Button variant="secondary" onClick={retry}>
          Try again
        </Button>
      }
    />
  );
}

/** One product's secret status. */
export function ProductSecretsView({ product }: { product: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.secrets.forProduct.queryOptions({ product }));
  useLiveRecords({ product, kinds: SECRET_EVENT_KINDS, invalidate: trpc.secrets.pathFilter() });
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <LiveIndicator />
      </div>
      {query.isPending ? (
        <SkeletonList rows={2} label="Loading secret status" />
      ) : query.isError ? (
        <Problem error={query.error} retry={() => void query.refetch()} />
      ) : (
        <ProductSecrets view={query.data} showHeading={false} />
      )}
    </div>
  );
}

/** Secret status of every readable product, optionally one (`?product=`). */
export function AllSecretsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const chosen = params.get("product") ?? "";
  const query = useQuery(trpc.secrets.list.queryOptions());
  useLiveRecords({ product: chosen || null, kinds: SECRET_EVENT_KINDS, invalidate: trpc.secrets.pathFilter() });
  const views = (query.data ?? []).filter((view) => !chosen || view.product === chosen);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground">
          Product
          <select
            className={selectClass}
            value={chosen}
            onChange={(event) => router.replace(event.target.value ? `${pathname}?product=${encodeURIComponent(event.target.value)}` : pathname, { scroll: false })}
          >
            <option value="">All products</option>
            {(query.data ?? []).map((view) => (
              <option key={view.product} value={view.product}>
                {view.display_name}
              </option>
            ))}
          </select>
        </label>
        <p className="flex items-center gap-1.5 text-xs text-muted-foreground">
          <ShieldCheck aria-hidden className="size-4" /> Values are write-only: only names, statuses and metadata are shown.
        </p>
        <div className="ml-auto">
          <LiveIndicator />
        </div>
      </div>
      {query.isPending ? (
        <SkeletonList rows={3} label="Loading secret status" />
      ) : query.isError ? (
        <Problem error={query.error} retry={() => void query.refetch()} />
      ) : views.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title="No products to show"
          description="Secret status appears per product lane once product profiles exist and the policy lets you read them."
        />
      ) : (
        views.map((view) => <ProductSecrets key={view.product} view={view} showHeading />)
      )}
    </div>
  );
}
