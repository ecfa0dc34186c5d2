import { createCallerFactory, router } from "@/server/trpc/init";
import { productsRouter } from "@/server/trpc/routers/products";
import { sessionRouter } from "@/server/trpc/routers/session";

/** Every console router, one per area. Add an area here and nowhere else. */
export const appRouter = router({
  session: sessionRouter,
  products: productsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
