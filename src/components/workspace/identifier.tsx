import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/class-names";

/** Shortens long ids, SHAs and digests for display; the full value is in the title and the copy button. */
export function shortIdentifier(value: string, keep = 12): string {
  const digest = /^(sha256:)([0-9a-f]{64})$/.exec(value);
  if (digest) return `${digest[1]}${digest[2]!.slice(0, keep)}…`;
  if (/^[0-9a-f]{40}$/i.test(value)) return value.slice(0, 10);
  return value;
}

/** A monospace identifier with a copy button; optionally a link. */
export function Identifier({ value, label, href, short = false, className }: {
  value: string;
  /** What it is, for the copy button's name: "artifact id". */
  label: string;
  href?: string;
  short?: boolean;
  className?: string;
}) {
  if (!value) return <span className="text-sm text-muted-foreground">none</span>;
  const text = short ? shortIdentifier(value) : value;
  return (
    <span className={cn("inline-flex max-w-full min-w-0 items-center gap-0.5", className)}>
      {href ? (
        <a href={href} title={value} className="truncate font-mono text-[0.8125rem] text-primary underline-offset-2 hover:underline" target="_blank" rel="noreferrer">
          {text}
        </a>
      ) : (
        <code title={value} className="truncate font-mono text-[0.8125rem]">
          {text}
        </code>
      )}
      <CopyButton value={value} label={label} className="shrink-0" />
    </span>
  );
}
