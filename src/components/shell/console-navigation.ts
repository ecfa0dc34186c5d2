import { BookOpen, KeyRound, type LucideIcon, Package, ScrollText, Siren } from "lucide-react";

/** The console's top-level areas, in header order. The command palette lists them too. */
export interface ConsoleArea {
  href: string;
  label: string;
  description: string;
  icon: LucideIcon;
  /** Other path prefixes that belong to this area (e.g. product pages under Products). */
  matches: string[];
}

export const CONSOLE_AREAS: ConsoleArea[] = [
  { href: "/", label: "Products", description: "Every product, its lanes and previews", icon: Package, matches: ["/products"] },
  { href: "/incidents", label: "Incidents", description: "Open and resolved health incidents", icon: Siren, matches: [] },
  { href: "/secrets", label: "Secrets", description: "Managed secrets and their bindings", icon: KeyRound, matches: [] },
  { href: "/audit", label: "Audit", description: "Who did what, when, and why", icon: ScrollText, matches: [] },
  { href: "/api-docs", label: "API docs", description: "The /v1 reference for workflows", icon: BookOpen, matches: [] },
];

export function isAreaActive(area: ConsoleArea, pathname: string): boolean {
  if (area.href === "/") return pathname === "/" || area.matches.some((prefix) => pathname.startsWith(prefix));
  return [area.href, ...area.matches].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}
