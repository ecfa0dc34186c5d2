"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Layers, Monitor, MonitorSmartphone, Moon, Package, Sun, type LucideIcon } from "lucide-react";
import { useTheme } from "next-themes";
import { useEffect, useState } from "react";
import { CONSOLE_AREAS } from "@/components/shell/console-navigation";
import { useRecordIdEntries } from "@/components/shell/record-id-command-source";
import { laneHref, previewHref, productHref } from "@/components/workspace/console-paths";
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
      href: productHref(product.product),
      keywords: [product.product, product.repository, ...product.lanes.map((lane) => lane.context)],
    })),
  };
}

/** What the operator typed, once they pause: one search request per pause, not per key. */
function useSettledSearch(search: string, delayMs = 150): string {
  const [settled, setSettled] = useState(search.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSettled(search.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [search, delayMs]);
  return settled;
}

/** Lanes and previews the operator may read, searched on the server (previews are too many to list). */
function useWorkspaceSearch(search: string) {
  const trpc = useTRPC();
  const text = useSettledSearch(search);
  const query = useQuery({
    ...trpc.search.query.queryOptions({ text }),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  return { text, query, loading: search.trim().length > 0 && (query.isFetching || text !== search.trim()) };
}

function useLaneEntries(search: string): CommandSourceState {
  const { text, query, loading } = useWorkspaceSearch(search);
  return {
    loading,
    entries: text
      ? (query.data?.lanes ?? []).map((lane) => ({
          id: `lane:${lane.product}/${lane.instance}`,
          label: `${lane.display_name} › ${lane.instance}`,
          hint: `${lane.context}/${lane.instance}`,
          icon: Layers,
          href: laneHref(lane.product, lane.instance),
          keywords: [lane.product, lane.instance, lane.context, "lane", "history"],
        }))
      : [],
  };
}

function usePreviewEntries(search: string): CommandSourceState {
  const { text, query, loading } = useWorkspaceSearch(search);
  return {
    loading,
    entries: text
      ? (query.data?.previews ?? []).map((preview) => ({
          id: `preview:${preview.preview_id}`,
          label: `${preview.anchor_repo}#${preview.anchor_pr_number} · ${preview.label}`,
          hint: `${preview.display_name} · ${preview.state.replaceAll("_", " ")}`,
          icon: MonitorSmartphone,
          href: previewHref(preview.product, preview.preview_id),
          keywords: [preview.preview_id, preview.product, preview.anchor_repo, String(preview.anchor_pr_number), `#${preview.anchor_pr_number}`, "preview", text],
        }))
      : [],
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
  { id: "lanes", heading: "Lanes", useEntries: useLaneEntries },
  { id: "previews", heading: "Previews", useEntries: usePreviewEntries },
  { id: "records", heading: "Records by id", useEntries: useRecordIdEntries },
  { id: "preferences", heading: "Preferences", useEntries: usePreferenceEntries },
];
