"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { recordKindIcon, recordKindLabel } from "@/components/records/record-kinds";
import type { CommandSourceState } from "@/components/shell/command-sources";
import { useTRPC } from "@/lib/trpc";
import { recordPath } from "@/lib/record-path";

/** What could be a record id: no spaces, the record-id alphabet (plus "/" for lane keys). */
const RECORD_ID_LIKE = /^[A-Za-z0-9._:/-]{3,200}$/;

/**
 * Command palette entries for an exact record id: typing a deployment,
 * promotion, preview, generation, artifact, incident or tuple id lists the
 * record (only if the operator may read it) and Enter opens its page.
 */
export function useRecordIdEntries(search: string): CommandSourceState {
  const trpc = useTRPC();
  const typed = search.trim();
  const [id, setId] = useState(typed);
  useEffect(() => {
    const timer = setTimeout(() => setId(typed), 150);
    return () => clearTimeout(timer);
  }, [typed]);
  const enabled = RECORD_ID_LIKE.test(id);
  const query = useQuery({
    ...trpc.records.lookup.queryOptions({ id }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  if (!RECORD_ID_LIKE.test(typed)) return { entries: [] };
  return {
    loading: query.isFetching || id !== typed,
    entries: enabled
      ? (query.data ?? []).map((record) => ({
          id: `record:${record.kind}:${record.key}`,
          label: `${recordKindLabel(record.kind)} ${record.key}`,
          hint: [record.product, record.status].filter(Boolean).join(" · "),
          icon: recordKindIcon(record.kind),
          href: recordPath(record),
          keywords: [record.key, typed, record.kind, "record", "id"],
        }))
      : [],
  };
}
