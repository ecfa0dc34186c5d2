// Dokploy target id: the live Dokploy target id of a tracked route, kept apart from its route metadata.
// Mirrors upstream control_plane/contracts/dokploy_target_id_record.py.
import { z } from "zod";

import { nonBlank, schemaVersion, timestamp } from "./primitives";

export const DokployTargetIdRecord = z.strictObject({
  schema_version: schemaVersion,
  context: nonBlank("Dokploy target-id context").trim(),
  instance: nonBlank("Dokploy target-id instance").trim(),
  target_id: nonBlank("Dokploy target-id target_id").trim(),
  updated_at: timestamp,
  source_label: z.string().default(""),
});
export type DokployTargetIdRecord = z.output<typeof DokployTargetIdRecord>;
