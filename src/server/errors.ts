/**
 * Services throw LaunchplaneError with a wire error code; only the doors
 * (the /v1 wrapper, tRPC) translate it into an HTTP status or TRPCError.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  authentication_required: 401,
  authorization_denied: 403,
  product_driver_mismatch: 403,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_key_reused: 409,
  record_conflict: 409,
  operation_in_progress: 409,
  payload_too_large: 413,
  database_required: 503,
  auth_not_configured: 503,
  secret_configuration_required: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class LaunchplaneError extends Error {
  readonly code: ErrorCode;
  /** Structured, non-secret detail (e.g. every failed gate check). */
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "LaunchplaneError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isLaunchplaneError(error: unknown): error is LaunchplaneError {
  return error instanceof LaunchplaneError;
}
