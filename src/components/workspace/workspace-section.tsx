import type { ReactNode } from "react";
import { cn } from "@/components/ui/class-names";

/** A titled block of a workspace page; the heading is the section's accessible name. */
export function WorkspaceSection({ id, title, description, actions, children, className, spaced = true }: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Space above the section (off when a grid places it). */
  spaced?: boolean;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className={cn(spaced && "mt-8 first:mt-0", "min-w-0", className)}>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
