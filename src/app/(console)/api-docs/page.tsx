import { FileJson } from "lucide-react";
import type { Metadata } from "next";
import { ApiOperationSection, MethodBadge } from "@/components/api-docs/api-operation";
import { CodeBlock } from "@/components/ui/code-block";
import { PageHeader } from "@/components/ui/page-header";
import { ACTIONS_SNIPPET } from "@/server/http/actions-snippet";
import { apiDocsModel } from "@/server/http/api-docs-model";

export const metadata: Metadata = { title: "API docs" };

/**
 * The /v1 reference, rendered here from the OpenAPI document the server
 * publishes at /v1/openapi.json: no external renderer, nothing fetched.
 */
export default function ApiDocsPage() {
  const docs = apiDocsModel();
  const count = docs.areas.reduce((total, area) => total + area.operations.length, 0);
  return (
    <>
      <PageHeader
        title="API docs"
        description={`${docs.title}, version ${docs.version}: ${count} routes. ${docs.description}`}
        actions={
          <a href="/v1/openapi.json" className="inline-flex h-9 items-center gap-2 rounded-md border border-border-strong bg-card px-3.5 text-sm font-medium shadow-sm hover:bg-muted">
            <FileJson aria-hidden className="size-4" /> openapi.json
          </a>
        }
      />
      <div className="grid gap-8 lg:grid-cols-[17rem_minmax(0,1fr)]">
        <nav aria-label="API areas" className="lg:sticky lg:top-20 lg:max-h-[calc(100dvh-6rem)] lg:self-start lg:overflow-y-auto">
          <ul className="space-y-3 text-sm">
            <li>
              <a href="#authentication" className="font-medium hover:underline">
                Authenticating a workflow
              </a>
            </li>
            {docs.areas.map((area) => (
              <li key={area.id}>
                <a href={`#area-${area.id}`} className="font-medium hover:underline">
                  {area.title}
                </a>
                <ul className="mt-1 hidden space-y-0.5 lg:block">
                  {area.operations.map((operation) => (
                    <li key={operation.id}>
                      <a
                        href={`#${operation.id}`}
                        title={`${operation.method} ${operation.path}`}
                        className="flex items-center gap-1.5 rounded px-1 py-0.5 text-xs text-muted-foreground hover:bg-muted hover:text-foreground"
                      >
                        <span className="w-9 shrink-0 font-mono text-[10px] font-bold">{operation.method}</span>
                        <span className="truncate font-mono">{operation.path.replace(/^\/v1/, "")}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 space-y-10">
          <section id="authentication" aria-labelledby="authentication-title" className="scroll-mt-24 space-y-3">
            <h2 id="authentication-title" className="text-lg font-semibold">
              Authenticating a workflow
            </h2>
            <p className="max-w-3xl text-sm text-muted-foreground">
              A job asks GitHub for an OIDC token (it needs <code className="font-mono">permissions: id-token: write</code>) with the
              audience this server expects, and sends it as <code className="font-mono">Authorization: Bearer</code>. The authorization
              policy then decides whether that repository and workflow may perform the route&apos;s action on the body&apos;s product and
              context. Reads also accept a console session; a session never authorizes a write.
            </p>
            <CodeBlock code={ACTIONS_SNIPPET} label="GitHub Actions workflow" />
            <p className="max-w-3xl text-sm text-muted-foreground">
              Every response carries a <code className="font-mono">trace_id</code>. Writes answer 202 with the ids of the records they
              wrote; a rejection answers <code className="font-mono">{`{"status":"rejected","error":{"code","message"}}`}</code> with one of
              the error codes listed per route below.
            </p>
          </section>
          {docs.areas.map((area) => (
            <section key={area.id} id={`area-${area.id}`} aria-labelledby={`area-${area.id}-title`} className="scroll-mt-24 space-y-4">
              <div>
                <h2 id={`area-${area.id}-title`} className="text-lg font-semibold">
                  {area.title}
                </h2>
                <p className="text-sm text-muted-foreground">{area.description}</p>
                <ul className="mt-2 flex flex-wrap gap-2 lg:hidden">
                  {area.operations.map((operation) => (
                    <li key={operation.id}>
                      <a href={`#${operation.id}`} className="inline-flex items-center gap-1 rounded border border-border px-1.5 py-0.5 text-xs">
                        <MethodBadge method={operation.method} />
                        <span className="font-mono">{operation.path.replace(/^\/v1/, "")}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
              {area.operations.map((operation) => (
                <ApiOperationSection key={operation.id} operation={operation} />
              ))}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
