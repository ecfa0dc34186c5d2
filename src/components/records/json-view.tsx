import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/class-names";

/** A record's payload as indented JSON, scrollable, with a copy button. */
export function JsonView({ value, label = "JSON", className }: { value: unknown; label?: string; className?: string }) {
  const text = JSON.stringify(value, null, 2);
  return (
    <div className={cn("relative rounded-lg border border-border bg-surface", className)}>
      <div className="flex items-center justify-between border-b border-border px-3 py-1.5">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <CopyButton value={text} label={label} showText />
      </div>
      <pre
        tabIndex={0}
        aria-label={label}
        className="max-h-[32rem] overflow-auto p-3 font-mono text-xs leading-relaxed whitespace-pre text-foreground"
      >
        {text}
      </pre>
    </div>
  );
}
