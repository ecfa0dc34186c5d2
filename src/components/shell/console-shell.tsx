import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";
import { CommandPalette } from "@/components/shell/command-palette";
import { ConsoleNav } from "@/components/shell/console-nav";
import { DemoBanner } from "@/components/shell/demo-banner";
import { SkipLink } from "@/components/shell/skip-link";
import { UserMenu } from "@/components/shell/user-menu";

/**
 * The frame of every console page: skip link, demo banner, header (brand,
 * areas, search, account), then the page. On narrow screens the areas move
 * to a second, horizontally scrolling row.
 */
export function ConsoleShell({ operator, children }: {
  operator: { login: string; role: "admin" | "read_only"; devLogin: boolean };
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      <DemoBanner />
      <header className="sticky top-0 z-30 border-b border-border bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
          <Brand />
          <ConsoleNav className="hidden lg:block" />
          <div className="ml-auto flex items-center gap-2">
            <CommandPalette />
            <UserMenu login={operator.login} role={operator.role} devLogin={operator.devLogin} />
          </div>
        </div>
        <div className="relative border-t border-border px-2 py-1.5 lg:hidden">
          <ConsoleNav />
          {/* A fade on the right says the row scrolls. */}
          <div aria-hidden className="pointer-events-none absolute inset-y-0 right-0 w-8 bg-gradient-to-l from-background" />
        </div>
      </header>
      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
