import { env } from "@/server/env";
import { router, signedInProcedure } from "@/server/trpc/init";

export const sessionRouter = router({
  /** Who the console thinks you are, and what the active policy makes you. */
  me: signedInProcedure.query(({ ctx }) => {
    const { access } = ctx;
    return {
      login: access.identity.login,
      organizations: access.identity.organizations,
      teams: access.identity.teams,
      role: access.status === "allowed" ? access.role : ("refused" as const),
      provider: access.provider,
      devLogin: env().LAUNCHPLANE_DEV_LOGIN,
      embedded: env().LAUNCHPLANE_EMBEDDED,
    };
  }),
});
