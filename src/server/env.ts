import { z } from "zod";

/**
 * Configuration, validated once. Features that need a missing setting fail
 * closed on their own (e.g. /v1 answers 503 auth_not_configured) instead of
 * the whole application refusing to start.
 */
const flag = z
  .string()
  .optional()
  .transform((value) => value === "1" || value === "true");

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const EnvSchema = z.object({
  DATABASE_URL: z.string().optional(),
  LAUNCHPLANE_DATABASE_URL: z.string().optional(),
  LAUNCHPLANE_DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** How long an idle pooled connection stays open (pg's default: 10 s). Single-connection test runs set it low. */
  LAUNCHPLANE_DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).optional(),
  LAUNCHPLANE_EMBEDDED: flag,
  LAUNCHPLANE_DEV_LOGIN: flag,
  LAUNCHPLANE_OIDC_ISSUER: z.string().url().default("https://token.actions.githubusercontent.com"),
  // An empty value (`LAUNCHPLANE_OIDC_AUDIENCE=` in a compose file) means unset: /v1 answers 503, the rest works.
  LAUNCHPLANE_OIDC_AUDIENCE: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.string().min(1).optional()),
  LAUNCHPLANE_AUTHZ_POLICY_FILE: z.string().optional(),
  LAUNCHPLANE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  LAUNCHPLANE_IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).default(7 * 24),
  LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS: commaList,
  LAUNCHPLANE_GITHUB_API_URL: z.string().url().default("https://api.github.com"),
  /** GitHub web base for the OAuth authorize/token endpoints (a loopback fake in end-to-end tests). */
  LAUNCHPLANE_GITHUB_URL: z.string().url().default("https://github.com"),
  LAUNCHPLANE_MASTER_ENCRYPTION_KEY: z.string().optional(),
  LAUNCHPLANE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  AUTH_SECRET: z.string().optional(),
  /** The console's public URL when a proxy rewrites Host; also an accepted origin for mutations. */
  AUTH_URL: z.string().url().optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema> & { databaseUrl: string | undefined };

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.parse(process.env);
    cached = { ...parsed, databaseUrl: parsed.DATABASE_URL ?? parsed.LAUNCHPLANE_DATABASE_URL };
  }
  return cached;
}

/** Tests change the environment between cases; this forgets the cached parse. */
export function resetEnvForTests(): void {
  cached = undefined;
}
