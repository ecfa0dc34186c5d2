import { clsx, type ClassValue } from "clsx";

/** Joins conditional class names. There is no conflict merging: pass non-overlapping utilities. */
export function cn(...values: ClassValue[]): string {
  return clsx(values);
}
