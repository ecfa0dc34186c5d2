import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";
import { DemoBanner } from "@/components/shell/demo-banner";
import { SkipLink } from "@/components/shell/skip-link";

/** The frame of pages outside the console (sign-in, access refused): one centred card. */
export function PublicPageFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-surface">
      <SkipLink />
      <DemoBanner />
      <main id="main-content" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 py-10 outline-none sm:items-center sm:py-16">
        <div className="w-full max-w-md">
          <div className="mb-6 flex justify-center">
            <Brand href="/sign-in" />
          </div>
          <div className="rounded-xl border border-border bg-card p-6 shadow-sm sm:p-8">{children}</div>
        </div>
      </main>
    </div>
  );
}
