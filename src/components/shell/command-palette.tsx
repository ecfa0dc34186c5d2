"use client";

import { Command } from "cmdk";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { COMMAND_SOURCES, type CommandEntry, type CommandSource } from "@/components/shell/command-sources";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";

function SourceGroup({ source, search, onSelect }: {
  source: CommandSource;
  search: string;
  onSelect: (entry: CommandEntry) => void;
}) {
  const { entries, loading } = source.useEntries(search);
  if (!entries.length && !loading) return null;
  return (
    <Command.Group heading={source.heading}>
      {loading && !entries.length ? <Command.Loading>Loading {source.heading.toLowerCase()}…</Command.Loading> : null}
      {entries.map((entry) => {
        const Icon = entry.icon;
        return (
          <Command.Item
            key={entry.id}
            value={`${entry.id} ${entry.label}`}
            keywords={[entry.label, ...(entry.keywords ?? [])]}
            onSelect={() => onSelect(entry)}
            className="flex cursor-default items-center gap-3 rounded-md px-3 py-2 text-sm data-[selected=true]:bg-muted"
          >
            {Icon ? <Icon aria-hidden className="size-4 shrink-0 text-muted-foreground" /> : null}
            <span className="truncate">{entry.label}</span>
            {entry.hint ? <span className="ml-auto truncate pl-4 text-xs text-muted-foreground">{entry.hint}</span> : null}
          </Command.Item>
        );
      })}
    </Command.Group>
  );
}

function useShortcutLabel(): string {
  const [label, setLabel] = useState("Ctrl K");
  useEffect(() => {
    if (/Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)) setLabel("⌘K");
  }, []);
  return label;
}

/** Ctrl/⌘-K from anywhere in the console, or the header's search button. */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState("");
  const [list, setList] = useState<HTMLDivElement | null>(null);
  const movedRef = useRef(false);
  const router = useRouter();
  const shortcut = useShortcutLabel();

  // Entries from data sources can arrive after the operator typed; until they
  // move the selection themselves, the best match (first item) stays selected
  // so Enter does what the list shows on top.
  useEffect(() => {
    movedRef.current = false;
  }, [search]);
  useEffect(() => {
    if (!list) return;
    const observer = new MutationObserver(() => {
      if (movedRef.current) return;
      const first = list.querySelector('[cmdk-item]:not([aria-disabled="true"])')?.getAttribute("data-value");
      if (first) setSelected((current) => (current === first ? current : first));
    });
    observer.observe(list, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [list]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        setOpen((current) => !current);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const select = useCallback(
    (entry: CommandEntry) => {
      setOpen(false);
      setSearch("");
      if (entry.href) router.push(entry.href);
      else entry.perform?.();
    },
    [router],
  );

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        className="flex h-9 items-center gap-2 rounded-md border border-border-strong bg-card px-2.5 text-sm text-muted-foreground shadow-sm transition-colors hover:bg-muted hover:text-foreground sm:w-56"
      >
        <Search aria-hidden className="size-4" />
        <span className="sr-only sm:not-sr-only">Search…</span>
        <kbd className="ml-auto hidden rounded border border-border bg-muted px-1.5 font-sans text-[11px] text-muted-foreground sm:inline">
          {shortcut}
        </kbd>
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent hideClose className="max-w-xl overflow-hidden p-0" aria-describedby="command-palette-help">
          <DialogTitle className="sr-only">Command palette</DialogTitle>
          <DialogDescription id="command-palette-help" className="sr-only">
            Type to search pages, products and actions; use the arrow keys and Enter to choose.
          </DialogDescription>
          <Command
            label="Command palette"
            loop
            value={selected}
            onValueChange={setSelected}
            onKeyDown={(event) => {
              if (["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"].includes(event.key)) movedRef.current = true;
            }}
            className="flex flex-col"
          >
            <div className="flex items-center gap-2 border-b border-border px-3">
              <Search aria-hidden className="size-4 text-muted-foreground" />
              <Command.Input
                value={search}
                onValueChange={setSearch}
                placeholder="Search pages, products, actions…"
                className="h-12 flex-1 bg-transparent text-sm outline-none placeholder:text-muted-foreground"
              />
            </div>
            <Command.List
              ref={setList}
              onPointerMove={() => (movedRef.current = true)}
              className="max-h-[min(60vh,420px)] overflow-y-auto p-2 [&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground">
              <Command.Empty className="px-3 py-8 text-center text-sm text-muted-foreground">Nothing matches “{search}”.</Command.Empty>
              {open
                ? COMMAND_SOURCES.map((source) => <SourceGroup key={source.id} source={source} search={search} onSelect={select} />)
                : null}
            </Command.List>
          </Command>
        </DialogContent>
      </Dialog>
    </>
  );
}
