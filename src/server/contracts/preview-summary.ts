// Preview summary: a preview's identity plus its latest and recent generations. Mirrors upstream
// control_plane/contracts/preview_summary.py (LaunchplanePreviewSummary); `product` is this
// project's extension. A read model, never stored.
import { z } from "zod";

import { DataProvenance } from "./data-provenance";
import { PreviewRecord } from "./preview";
import { PreviewGenerationRecord } from "./preview-generation";

export const PreviewSummary = z.strictObject({
  product: z.string(),
  preview: PreviewRecord,
  latest_generation: PreviewGenerationRecord.nullable(),
  /** Newest sequence first, bounded. */
  recent_generations: z.array(PreviewGenerationRecord),
  provenance: DataProvenance,
});
export type PreviewSummary = z.output<typeof PreviewSummary>;

/** A product's previews, most recently updated first. */
export const PreviewSummaryList = z.strictObject({
  product: z.string(),
  items: z.array(PreviewSummary),
  /** True when more previews matched than the list bound. */
  truncated: z.boolean(),
});
export type PreviewSummaryList = z.output<typeof PreviewSummaryList>;
