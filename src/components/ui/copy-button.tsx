"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/class-names";

/** Clipboard write that also works on plain-http deployments (no async clipboard API there). */
async function writeClipboard(value: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(value);
      return true;
    } catch {
      // fall through to the selection-based copy
    }
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } finally {
    area.remove();
  }
}

/** Copies `value`; says so visibly and to screen readers. */
export function CopyButton({ value, label, className, showText = false }: {
  value: string;
  /** What is copied, for the accessible name: "Copy trace id". */
  label: string;
  className?: string;
  showText?: boolean;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const Icon = state === "copied" ? Check : Copy;
  const status = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "";

  return (
    <button
      type="button"
      onClick={async () => setState((await writeClipboard(value)) ? "copied" : "failed")}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      className={cn(
        "inline-flex items-center gap-1 rounded-md p-1 text-muted-foreground transition-colors hover:bg-muted hover:text-foreground",
        state === "copied" && "text-success",
        className,
      )}
    >
      <Icon aria-hidden className="size-3.5" />
      {showText ? <span className="text-xs">{status || "Copy"}</span> : null}
      <span role="status" aria-live="polite" className="sr-only">
        {status}
      </span>
    </button>
  );
}
