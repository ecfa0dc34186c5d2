import { v1Catalog } from "@/server/http/v1-catalog";
import { v1Methods, v1Post } from "@/server/http/v1-route";
import { ingestPreviewInventoryScanEvidence } from "@/server/services/preview-inventory-scan-evidence";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = v1Methods({
  POST: v1Post(v1Catalog.previewInventoryScanEvidence, {
    scope: (body) => ({ product: body.product, context: body.inventory_scan.context }),
    handle: async ({ body, db }) => {
      const outcome = await ingestPreviewInventoryScanEvidence(db, body);
      return {
        records: outcome.records,
        result: { duplicate: outcome.duplicate },
        audit: outcome.duplicate ? null : { targetType: "preview_inventory_scan", targetId: outcome.records.preview_inventory_scan_id },
      };
    },
  }),
});
