import { TRPCError } from "@trpc/server";
import { Lock } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** A dynamic route segment as typed: percent-decoded, or as given when it is not valid percent-encoding. */
export function routeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Page reads through tRPC: a record that does not exist (or a URL that
 * cannot name one) renders the console's not-found page; one outside the
 * operator's scope renders an access-denied state with the procedure's
 * reason, never the data.
 */
export type PageRead<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function readForPage<T>(read: () => Promise<T>): Promise<PageRead<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    // A segment no record can have (too long, blank) names nothing: not found as well.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return { ok: false, reason: error.message };
    throw error;
  }
}

export function AccessDenied({ reason }: { reason: string }) {
  return (
    <EmptyState
      icon={Lock}
      title="You cannot see this"
      description={
        <>
          <span className="block">Your access does not include this page.</span>
          <span className="mt-1 block text-xs">{reason}</span>
        </>
      }
      action={
        <Link href="/" className={buttonClassName("secondary")}>
          Back to products
        </Link>
      }
    />
  );
}
