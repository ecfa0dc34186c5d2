import { Link2, Lock, Unlock } from "lucide-react";
import { ApiFieldList } from "@/components/api-docs/api-field-list";
import { CodeBlock } from "@/components/ui/code-block";
import { cn } from "@/components/ui/class-names";
import type { ApiOperation } from "@/server/http/api-docs-model";

const METHOD_STYLE: Record<string, string> = {
  GET: "border-info/40 bg-info-surface text-info",
  POST: "border-success/40 bg-success-surface text-success",
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span className={cn("inline-flex w-12 justify-center rounded border px-1.5 py-0.5 font-mono text-xs font-bold", METHOD_STYLE[method] ?? "border-border")}>
      {method}
    </span>
  );
}

function curlFor(operation: ApiOperation): string {
  const url = `"$LAUNCHPLANE_URL${operation.path}"`;
  if (operation.method === "POST") {
    return [
      `curl -sS -X POST ${url} \\`,
      `  -H "Authorization: Bearer $TOKEN" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -H "Idempotency-Key: $GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT" \\`,
      `  --data @body.json`,
    ].join("\n");
  }
  return operation.action ? `curl -sS ${url} \\\n  -H "Authorization: Bearer $TOKEN"` : `curl -sS ${url}`;
}

/** One route: method, path, who may call it, what to send, what comes back. */
export function ApiOperationSection({ operation }: { operation: ApiOperation }) {
  return (
    <section id={operation.id} aria-labelledby={`${operation.id}-title`} className="scroll-mt-24 rounded-lg border border-border bg-card">
      <header className="space-y-2 border-b border-border px-4 py-3">
        <h3 id={`${operation.id}-title`} className="flex flex-wrap items-center gap-2">
          <MethodBadge method={operation.method} />
          <code className="font-mono text-sm font-semibold break-all">{operation.path}</code>
          <a href={`#${operation.id}`} className="rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground">
            <Link2 aria-hidden className="size-3.5" />
            <span className="sr-only">Link to {operation.method} {operation.path}</span>
          </a>
        </h3>
        <p className="text-sm">{operation.summary}</p>
        {operation.description ? <p className="text-sm text-muted-foreground">{operation.description}</p> : null}
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
          {operation.action ? (
            <>
              <Lock aria-hidden className="size-3.5" />
              <span>
                Authorization action <code className="rounded bg-muted px-1 py-px font-mono text-foreground">{operation.action}</code>
              </span>
              <span>· {operation.authentication.join(" or ")}</span>
            </>
          ) : (
            <>
              <Unlock aria-hidden className="size-3.5" /> Public: no token needed
            </>
          )}
        </p>
      </header>
      <div className="space-y-4 px-4 py-3">
        {operation.parameters.length ? (
          <div>
            <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Parameters</h4>
            <ul className="space-y-1 text-sm">
              {operation.parameters.map((parameter) => (
                <li key={`${parameter.location}:${parameter.name}`} className="flex flex-wrap items-baseline gap-x-2">
                  <code className="font-mono text-xs font-semibold">{parameter.name}</code>
                  <span className="text-xs text-muted-foreground">
                    {parameter.location}, {parameter.required ? "required" : "optional"}
                  </span>
                  {parameter.description ? <span className="text-xs text-muted-foreground">— {parameter.description}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {operation.requestFields ? (
          <div>
            <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Request body (JSON)</h4>
            <p className="mb-2 text-xs text-muted-foreground">Unknown fields are rejected with 400 invalid_request.</p>
            <ApiFieldList fields={operation.requestFields} />
          </div>
        ) : null}
        <div>
          <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Responses</h4>
          <ul className="space-y-1 text-sm">
            {operation.responses.map((response) => (
              <li key={response.status} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <code className={cn("font-mono text-xs font-bold", Number(response.status) >= 400 ? "text-danger" : "text-success")}>{response.status}</code>
                {response.description ? <span className="text-xs">{response.description}</span> : null}
                {response.errorCodes.map((code) => (
                  <code key={code} className="rounded bg-muted px-1 py-px font-mono text-xs">
                    {code}
                  </code>
                ))}
              </li>
            ))}
          </ul>
        </div>
        <CodeBlock code={curlFor(operation)} label={`curl: ${operation.method} ${operation.path}`} />
      </div>
    </section>
  );
}
