import { z } from "zod";
import { type ProductActivityEvent, ProductActivityEventType, type ProductActivityPage } from "@/server/contracts/product-activity";

/** One entry of a lane's history, as the lane page lists it. */
export const TimelineEntry = z.object({
  event_id: z.string(),
  event_type: ProductActivityEventType,
  context: z.string(),
  environment: z.string(),
  status: z.string(),
  occurred_at: z.string(),
  title: z.string(),
  summary: z.string(),
  /** The records the entry is about; the first is the entry's own record. */
  records: z.array(z.object({ record_type: z.string(), record_id: z.string() })),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelinePage = z.object({ items: z.array(TimelineEntry), next_cursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePage>;

export function timelineEntry(event: ProductActivityEvent): TimelineEntry {
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    context: event.context,
    environment: event.environment,
    status: event.status,
    occurred_at: event.occurred_at,
    title: event.title,
    summary: event.summary,
    records: event.records.filter((record) => record.record_type && record.record_id).map(({ record_type, record_id }) => ({ record_type, record_id })),
  };
}

export function timelinePage(page: ProductActivityPage): TimelinePage {
  return { items: page.items.map(timelineEntry), next_cursor: page.next_cursor };
}
