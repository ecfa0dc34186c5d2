import { Equal, EqualNot } from "lucide-react";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { TableHead } from "@/components/ui/table-head";
import { shortIdentifier } from "@/components/workspace/identifier";
import { toneOf } from "@/components/workspace/status-tones";
import type { LaneDifferencesView } from "@/server/trpc/views/workspace-view";

/** What differs between two lanes: artifact, image, commits per repository, config keys (never values). */

function Verdict({ same }: { same: boolean }) {
  const Icon = same ? Equal : EqualNot;
  return (
    <span className={same ? "inline-flex items-center gap-1 text-xs text-muted-foreground" : "inline-flex items-center gap-1 text-xs font-medium text-warning"}>
      <Icon aria-hidden className="size-3.5" />
      {same ? "same" : "differs"}
    </span>
  );
}

function Value({ value, empty = "none" }: { value: string; empty?: string }) {
  if (!value) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <code title={value} className="font-mono text-[0.8125rem]">
      {shortIdentifier(value)}
    </code>
  );
}

function DiffRow({ label, from, to, same }: { label: ReactNode; from: ReactNode; to: ReactNode; same: boolean }) {
  return (
    <tr className={same ? "" : "bg-warning-surface/40"}>
      <th scope="row" className="px-3 py-2 text-left text-sm font-medium">
        {label}
      </th>
      <td className="px-3 py-2 text-sm">{from}</td>
      <td className="px-3 py-2 text-sm">{to}</td>
      <td className="px-3 py-2">
        <Verdict same={same} />
      </td>
    </tr>
  );
}

export function LaneDifferences({ differences }: { differences: LaneDifferencesView }) {
  const { from_instance: from, to_instance: to } = differences;
  const configChanged = differences.config.filter((item) => !item.same);
  const configSame = differences.config.length - configChanged.length;
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-card">
      <table className="w-full min-w-[34rem] border-collapse">
        <caption className="sr-only">
          Differences between {from} and {to}
        </caption>
        <TableHead columns={["What", from, to, <span key="same" className="sr-only">Same or different</span>]} />
        <tbody className="divide-y divide-border">
          <DiffRow
            label="Artifact"
            from={<Value value={differences.artifact.from} />}
            to={<Value value={differences.artifact.to} />}
            same={differences.artifact.same}
          />
          <DiffRow
            label="Image digest"
            from={<Value value={differences.image_digest.from} />}
            to={<Value value={differences.image_digest.to} />}
            same={differences.image_digest.same}
          />
          {differences.repos.map((repo) => (
            <DiffRow
              key={repo.repo}
              label={
                <>
                  <span className="text-muted-foreground">commit · </span>
                  {repo.repo}
                </>
              }
              from={<Value value={repo.from} empty="not pinned" />}
              to={<Value value={repo.to} empty="not pinned" />}
              same={repo.same}
            />
          ))}
          {configChanged.map((item) => (
            <DiffRow
              key={`${item.kind}:${item.key}`}
              label={
                <>
                  <span className="text-muted-foreground">{item.kind === "secret_binding" ? "secret · " : "key · "}</span>
                  <code className="font-mono text-[0.8125rem]">{item.key}</code>
                </>
              }
              from={<StatusBadge status={item.from} tone={toneOf("config", item.from)} />}
              to={<StatusBadge status={item.to} tone={toneOf("config", item.to)} />}
              same={false}
            />
          ))}
        </tbody>
      </table>
      <p className="border-t border-border px-3 py-2 text-xs text-muted-foreground">
        {differences.config.length === 0
          ? "Neither lane has runtime keys or secret bindings recorded."
          : configChanged.length === 0
            ? `All ${configSame} config keys are the same in both lanes.`
            : `${configSame} other config ${configSame === 1 ? "key is" : "keys are"} the same in both lanes.`}{" "}
        Key names and statuses only; values are never shown.
      </p>
    </div>
  );
}
