"use client";

import { useEffect, useState } from "react";
import { Tooltip } from "@/components/ui/tooltip";

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const localFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "long" });

/** "3 minutes ago" for a timestamp relative to `now`. */
export function formatRelative(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return seconds <= 0 ? "just now" : "in a few seconds";
  // Rounded half away from zero, so 90 s ago and in 90 s both read "2 minutes".
  const rounded = (size: number) => Math.sign(seconds) * Math.round(magnitude / size);
  for (const [unit, size] of UNITS) {
    if (magnitude >= size) return relativeFormat.format(rounded(size), unit);
  }
  return relativeFormat.format(rounded(60), "minute");
}

/**
 * A timestamp as relative text that keeps itself current; the exact UTC and
 * local times are on hover and keyboard focus, and in the <time> element.
 */
export function RelativeTime({ value }: { value: string | Date }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (Number.isNaN(date.getTime())) return <span className="text-muted-foreground">unknown time</span>;
  const iso = date.toISOString();

  return (
    <Tooltip
      content={
        <span className="block space-y-0.5">
          <span className="block font-mono">{iso}</span>
          <span className="block opacity-80" suppressHydrationWarning>
            {localFormat.format(date)}
          </span>
        </span>
      }
    >
      <time
        dateTime={iso}
        tabIndex={0}
        suppressHydrationWarning
        className="cursor-help rounded-sm underline decoration-dotted decoration-1 underline-offset-4"
      >
        {formatRelative(date, now)}
      </time>
    </Tooltip>
  );
}
