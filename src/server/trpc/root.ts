import { createCallerFactory, router } from "@/server/trpc/init";
import { auditRouter } from "@/server/trpc/routers/audit";
import { incidentsRouter } from "@/server/trpc/routers/incidents";
import { lanesRouter } from "@/server/trpc/routers/lanes";
import { previewsRouter } from "@/server/trpc/routers/previews";
import { productsRouter } from "@/server/trpc/routers/products";
import { recordsRouter } from "@/server/trpc/routers/records";
import { searchRouter } from "@/server/trpc/routers/search";
import { secretsRouter } from "@/server/trpc/routers/secrets";
import { sessionRouter } from "@/server/trpc/routers/session";
import { workspaceRouter } from "@/server/trpc/routers/workspace";

/** Every console router, one per area. Add an area here and nowhere else. */
export const appRouter = router({
  session: sessionRouter,
  products: productsRouter,
  workspace: workspaceRouter,
  lanes: lanesRouter,
  previews: previewsRouter,
  search: searchRouter,
  incidents: incidentsRouter,
  secrets: secretsRouter,
  audit: auditRouter,
  records: recordsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
