"use client";

import { type ReactNode, type RefObject, useRef, useState } from "react";
import { BackButton, OpenPageLink, RecordDetailLoader, type RecordTarget } from "@/components/records/record-detail";
import { recordKindLabel } from "@/components/records/record-kinds";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { type RecordKind, recordPath } from "@/lib/record-path";

/**
 * A record in a drawer: the record view with a history, so following a
 * linked record stays in the drawer and Back returns.
 */
export function RecordDrawer({ target, open, onOpenChange, returnFocusTo }: {
  target: RecordTarget;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when the drawer closes (what opened it). */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const [stack, setStack] = useState<RecordTarget[]>([]);
  const current = stack.at(-1) ?? target;
  return (
    <Sheet
      open={open}
      onOpenChange={(next) => {
        if (!next) setStack([]);
        onOpenChange(next);
      }}
    >
      <SheetContent
        aria-describedby={undefined}
        onCloseAutoFocus={(event) => {
          if (!returnFocusTo?.current) return;
          event.preventDefault();
          returnFocusTo.current.focus();
        }}
      >
        <div className="flex items-center gap-2 border-b border-border px-4 py-3 pr-12">
          <SheetTitle className="min-w-0 flex-1 truncate text-sm font-semibold">
            {recordKindLabel(current.kind)} <span className="font-mono font-normal text-muted-foreground">{current.key}</span>
          </SheetTitle>
          <SheetDescription className="sr-only">Details, links, provenance and evidence of this record.</SheetDescription>
          {stack.length ? <BackButton onClick={() => setStack((items) => items.slice(0, -1))} /> : null}
          <OpenPageLink target={current} />
        </div>
        <div className="flex-1 overflow-y-auto px-4 py-5 sm:px-6">
          <RecordDetailLoader key={`${current.kind}:${current.key}`} target={current} onNavigate={(next) => setStack((items) => [...items, next])} />
        </div>
      </SheetContent>
    </Sheet>
  );
}

/**
 * A link to a record that opens it in a drawer; Ctrl/⌘-click, middle-click
 * or "open in new tab" still reach the record's own page
 * (`/records/{kind}/{key}`). Use it in lists:
 *
 *   <RecordLink kind="deployment" recordKey={id}>{id}</RecordLink>
 */
export function RecordLink({ kind, recordKey, children, className }: {
  kind: RecordKind;
  recordKey: string;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  // Mounted from the first open on, so closing runs the dialog's own focus return.
  const [mounted, setMounted] = useState(false);
  const anchor = useRef<HTMLAnchorElement>(null);
  const target = { kind, key: recordKey };
  return (
    <>
      <a
        ref={anchor}
        href={recordPath(target)}
        className={className ?? "font-mono text-primary underline-offset-4 hover:underline"}
        aria-haspopup="dialog"
        onClick={(event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
          event.preventDefault();
          setMounted(true);
          setOpen(true);
        }}
      >
        {children}
      </a>
      {mounted ? <RecordDrawer target={target} open={open} onOpenChange={setOpen} returnFocusTo={anchor} /> : null}
    </>
  );
}
