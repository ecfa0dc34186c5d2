import { ChevronRight } from "lucide-react";
import type { ApiField } from "@/server/http/api-docs-model";

function FieldFacts({ field }: { field: ApiField }) {
  return (
    <>
      <code className="font-mono text-xs font-semibold text-foreground">{field.name}</code>
      <span className="font-mono text-xs text-info">{field.type}</span>
      {field.nullable ? <span className="text-xs text-muted-foreground">nullable</span> : null}
      <span className={field.required ? "text-xs font-medium text-warning" : "text-xs text-muted-foreground"}>
        {field.required ? "required" : "optional"}
      </span>
      {/* Object and list defaults are long and follow from their fields' own defaults. */}
      {field.defaultValue !== null && !/^[[{]/.test(field.defaultValue) ? (
        <span className="text-xs text-muted-foreground">
          default <code className="font-mono">{field.defaultValue}</code>
        </span>
      ) : null}
    </>
  );
}

function FieldNotes({ field }: { field: ApiField }) {
  if (!field.description && !field.enumValues.length && !field.pattern) return null;
  return (
    <div className="mt-0.5 space-y-0.5 text-xs text-muted-foreground">
      {field.description ? <p>{field.description}</p> : null}
      {field.enumValues.length ? (
        <p>
          one of{" "}
          {field.enumValues.map((value, index) => (
            <span key={value}>
              {index ? ", " : ""}
              <code className="font-mono text-foreground">{value}</code>
            </span>
          ))}
        </p>
      ) : null}
      {field.pattern ? (
        <p>
          pattern <code className="font-mono break-all">{field.pattern}</code>
        </p>
      ) : null}
    </div>
  );
}

/** A request body's fields; nested objects fold open (native details: keyboard and screen-reader friendly). */
export function ApiFieldList({ fields, depth = 0 }: { fields: ApiField[]; depth?: number }) {
  return (
    <ul className={depth ? "mt-1 ml-1 space-y-1.5 border-l border-border pl-3" : "space-y-1.5"}>
      {fields.map((field) => (
        <li key={field.name} className="text-sm">
          {field.children.length ? (
            <details open={depth === 0}>
              <summary className="flex cursor-pointer list-none flex-wrap items-baseline gap-x-2 gap-y-0.5 [&::-webkit-details-marker]:hidden">
                {/* Turns only with its own <details> (group-open would follow any open ancestor). */}
                <ChevronRight aria-hidden className="-mr-1 size-3 shrink-0 self-center text-muted-foreground transition-transform [[open]>summary>&]:rotate-90" />
                <FieldFacts field={field} />
                <span className="text-xs text-muted-foreground">
                  ({field.children.length} {field.children.length === 1 ? "field" : "fields"})
                </span>
              </summary>
              <div className="pl-4">
                <FieldNotes field={field} />
              </div>
              <ApiFieldList fields={field.children} depth={depth + 1} />
            </details>
          ) : (
            <div>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 pl-4">
                <FieldFacts field={field} />
              </div>
              <div className="pl-4">
                <FieldNotes field={field} />
              </div>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
