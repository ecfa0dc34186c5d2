import { ExternalLink, GitPullRequest } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { TableHead } from "@/components/ui/table-head";
import { previewHref } from "@/components/workspace/console-paths";
import { toneOf } from "@/components/workspace/status-tones";
import type { PreviewRow } from "@/server/trpc/views/preview-view";

/** A product's previews: PR, state, which generation serves and which is latest, age, URL. */
export function PreviewsTable({ product, previews }: { product: string; previews: PreviewRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-card">
      <table className="w-full min-w-[48rem] border-collapse text-sm">
        <caption className="sr-only">Previews of {product}</caption>
        <TableHead columns={["Preview", "Pull request", "State", "Serving", "Latest generation", "Updated", "URL"]} />
        <tbody className="divide-y divide-border">
          {previews.map((preview) => (
            <tr key={preview.preview_id} className="hover:bg-muted/50">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                <Link href={previewHref(product, preview.preview_id)} className="text-primary underline-offset-2 hover:underline">
                  {preview.label}
                </Link>
              </th>
              <td className="px-3 py-2">
                {preview.anchor_pr_url ? (
                  <a
                    href={preview.anchor_pr_url}
                    target="_blank"
                    rel="noreferrer"
                    className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
                  >
                    <GitPullRequest aria-hidden className="size-4 text-muted-foreground" />
                    {preview.anchor_repo}#{preview.anchor_pr_number}
                  </a>
                ) : (
                  `${preview.anchor_repo}#${preview.anchor_pr_number}`
                )}
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={preview.state} tone={toneOf("preview", preview.state)} />
              </td>
              <td className="px-3 py-2">
                {preview.serving_sequence > 0 ? (
                  <span>generation {preview.serving_sequence}</span>
                ) : preview.serving_generation_id ? (
                  <code className="font-mono text-xs">{preview.serving_generation_id}</code>
                ) : (
                  <span className="text-muted-foreground">none</span>
                )}
              </td>
              <td className="px-3 py-2">
                {preview.latest_generation ? (
                  <span className="inline-flex flex-wrap items-center gap-1.5">
                    <span>{preview.latest_generation.sequence}</span>
                    <StatusBadge status={preview.latest_generation.state} tone={toneOf("generation", preview.latest_generation.state)} />
                  </span>
                ) : (
                  <span className="text-muted-foreground">none</span>
                )}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <RelativeTime value={preview.updated_at} />
              </td>
              <td className="max-w-56 px-3 py-2">
                {preview.canonical_url ? (
                  <a
                    href={preview.canonical_url}
                    target="_blank"
                    rel="noreferrer"
                    className="inline-flex max-w-full items-center gap-1 text-primary underline-offset-2 hover:underline"
                  >
                    <span className="truncate">{preview.canonical_url.replace(/^https?:\/\//, "")}</span>
                    <ExternalLink aria-hidden className="size-3.5 shrink-0" />
                  </a>
                ) : (
                  <span className="text-muted-foreground">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
