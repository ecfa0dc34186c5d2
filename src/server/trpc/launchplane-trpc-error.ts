import { TRPCError } from "@trpc/server";
import { type ErrorCode, isLaunchplaneError } from "@/server/errors";

/**
 * The one place a LaunchplaneError becomes a TRPCError. Services throw coded
 * errors; the tRPC door turns them into tRPC codes here and nowhere else.
 * The wire code rides along as the cause so the error formatter can give it
 * to the console (which shows it next to the trace id).
 */
type TRPCCode = TRPCError["code"];

const TRPC_CODES: Record<ErrorCode, TRPCCode> = {
  invalid_request: "BAD_REQUEST",
  authentication_required: "UNAUTHORIZED",
  authorization_denied: "FORBIDDEN",
  product_driver_mismatch: "FORBIDDEN",
  not_found: "NOT_FOUND",
  method_not_allowed: "METHOD_NOT_SUPPORTED",
  idempotency_key_reused: "CONFLICT",
  record_conflict: "CONFLICT",
  operation_in_progress: "CONFLICT",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  database_required: "SERVICE_UNAVAILABLE",
  auth_not_configured: "SERVICE_UNAVAILABLE",
  secret_configuration_required: "SERVICE_UNAVAILABLE",
  internal_error: "INTERNAL_SERVER_ERROR",
};

/** A LaunchplaneError's code, kept on the TRPCError it became. */
export class LaunchplaneErrorCause extends Error {
  constructor(
    readonly launchplaneCode: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "LaunchplaneErrorCause";
  }
}

export function trpcCodeFor(code: ErrorCode): TRPCCode {
  return TRPC_CODES[code] ?? "INTERNAL_SERVER_ERROR";
}

/**
 * Translates anything a procedure threw. LaunchplaneErrors keep their message
 * (services write them for operators); anything else becomes an opaque
 * internal error so no driver message, SQL or stack reaches the browser.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (isLaunchplaneError(error)) {
    return new TRPCError({
      code: trpcCodeFor(error.code),
      message: error.message,
      cause: new LaunchplaneErrorCause(error.code, error.message, error.details),
    });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on the server." });
}
