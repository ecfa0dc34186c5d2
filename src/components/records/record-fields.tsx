import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";

/**
 * A record's fields as a definition list: every scalar up to three levels
 * deep (nested ones by their dotted path), empty values left out; the full
 * payload is shown as JSON next to it.
 */
interface Field {
  path: string;
  value: string | number | boolean;
}

const MAX_DEPTH = 3;
const MAX_FIELDS = 80;
const COPYABLE = /(^|_|\.)(id|sha|digest|commit|ref|fingerprint)s?$|_id$|_sha$|_digest$/;

export function recordFields(record: unknown): Field[] {
  const fields: Field[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (fields.length >= MAX_FIELDS) return;
    if (value === null || value === undefined || value === "") return;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      if (path !== "schema_version") fields.push({ path, value });
      return;
    }
    if (depth >= MAX_DEPTH || typeof value !== "object") return;
    if (Array.isArray(value)) {
      if (value.length === 0) return;
      if (value.every((item) => typeof item === "string" || typeof item === "number")) {
        fields.push({ path, value: value.join(", ") });
        return;
      }
      value.slice(0, 5).forEach((item, index) => visit(item, `${path}[${index}]`, depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key, depth + 1);
  };
  visit(record, "", 0);
  return fields;
}

function isTimestampField(path: string, value: string): boolean {
  return /(_at|_time)$/.test(path) && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

export function RecordFields({ record }: { record: unknown }) {
  const fields = recordFields(record);
  if (!fields.length) return <p className="text-sm text-muted-foreground">This record has no fields set.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(10rem,auto)_1fr]">
      {fields.map(({ path, value }) => {
        const text = String(value);
        return (
          <div key={path} className="contents">
            <dt className="font-mono text-xs break-all text-muted-foreground sm:pt-0.5">{path}</dt>
            <dd className="flex min-w-0 items-start gap-1 break-all">
              {typeof value === "string" && isTimestampField(path, value) ? (
                <span>
                  <RelativeTime value={value} /> <span className="font-mono text-xs text-muted-foreground">{value}</span>
                </span>
              ) : (
                <span className={typeof value === "string" && COPYABLE.test(path) ? "font-mono text-xs sm:pt-0.5" : ""}>{text}</span>
              )}
              {typeof value === "string" && COPYABLE.test(path) && text.length > 6 ? <CopyButton value={text} label={path} /> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
