"use client";

import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";

/** A page that failed to render: say so, give the log reference, offer a retry. */
export default function ConsoleError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <ErrorState
      title="This page could not be loaded"
      description="The server hit a problem while preparing this page. Retrying often helps; if it keeps failing, quote the reference below."
      reference={error.digest ?? null}
      action={
        <Button variant="secondary" onClick={() => retry()}>
          <RefreshCw aria-hidden /> Try again
        </Button>
      }
    />
  );
}
