"use client";

import { useQuery } from "@tanstack/react-query";
import { Monitor, Moon, Package, Sun, type LucideIcon } from "lucide-react";
import { useTheme } from "next-themes";
import { CONSOLE_AREAS } from "@/components/shell/console-navigation";
import { useTRPC } from "@/lib/trpc";

/**
 * Where the command palette's entries come from. A source is a hook, so it
 * can read data (tRPC queries) while the palette is open. To add one (e.g.
 * incidents, secrets), write a `useXItems` hook and append a source to
 * COMMAND_SOURCES; the palette renders one group per source, in order.
 */
export interface CommandEntry {
  id: string;
  label: string;
  /** Extra words cmdk matches on (product keys, repositories...). */
  keywords?: string[];
  hint?: string;
  icon?: LucideIcon;
  /** Navigate here... */
  href?: string;
  /** ...or run this. */
  perform?: () => void;
}

export interface CommandSourceState {
  entries: CommandEntry[];
  loading?: boolean;
}

export interface CommandSource {
  id: string;
  heading: string;
  /** Called on every palette render while it is open; `search` is what the operator typed. */
  useEntries: (search: string) => CommandSourceState;
}

function useNavigationEntries(): CommandSourceState {
  return {
    entries: CONSOLE_AREAS.map((area) => ({
      id: `nav:${area.href}`,
      label: area.label,
      hint: area.description,
      icon: area.icon,
      href: area.href,
      keywords: ["go", "open"],
    })),
  };
}

function useProductEntries(): CommandSourceState {
  const trpc = useTRPC();
  const products = useQuery(trpc.products.list.queryOptions());
  return {
    loading: products.isPending,
    entries: (products.data ?? []).map((product) => ({
      id: `product:${product.product}`,
      label: product.display_name,
      hint: product.product,
      icon: Package,
      href: `/products/${encodeURIComponent(product.product)}`,
      keywords: [product.product, product.repository, ...product.lanes.map((lane) => lane.context)],
    })),
  };
}

function usePreferenceEntries(): CommandSourceState {
  const { setTheme } = useTheme();
  return {
    entries: [
      { id: "theme:system", label: "Theme: follow the system", icon: Monitor, perform: () => setTheme("system"), keywords: ["dark", "light", "appearance"] },
      { id: "theme:light", label: "Theme: light", icon: Sun, perform: () => setTheme("light"), keywords: ["appearance"] },
      { id: "theme:dark", label: "Theme: dark", icon: Moon, perform: () => setTheme("dark"), keywords: ["appearance"] },
    ],
  };
}

export const COMMAND_SOURCES: CommandSource[] = [
  { id: "navigation", heading: "Go to", useEntries: useNavigationEntries },
  { id: "products", heading: "Products", useEntries: useProductEntries },
  { id: "preferences", heading: "Preferences", useEntries: usePreferenceEntries },
];
