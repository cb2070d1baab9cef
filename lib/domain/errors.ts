/**
 * Typed errors of the service and query layers (architecture rule 7; decision 022). `detail` is safe to show to the caller;
 * lib/http maps the code to a status and a `{detail}` body, lib/actions to form state.
 */
export type ServiceErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "ILLEGAL_TRANSITION"
  | "VENDOR_ERROR"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED";

const DEFAULT_STATUS: Record<ServiceErrorCode, number> = {
  // edx-proctoring answers 403 (not 401) to anonymous calls (§8.0); we keep it.
  UNAUTHENTICATED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 400,
  VENDOR_ERROR: 502,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

export class ServiceError extends Error {
  readonly status: number;
  /** Per-field messages for forms, when the error comes from input validation. */
  readonly fields: Record<string, string[]> | undefined;
  /**
   * More members of the JSON error body besides `detail` (e.g. `errors: [{index, field, message}]`
   * of a rejected batch), for API callers that must see every problem at once.
   */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    public readonly code: ServiceErrorCode,
    public readonly detail: string,
    options: { status?: number; fields?: Record<string, string[]>; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = "ServiceError";
    // Several 3.8.1 "does not exist" errors are 400s, not 404s; callers keep those codes.
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.fields = options.fields;
    this.extra = options.extra;
  }
}

export const notFound = (detail: string, status?: number) => new ServiceError("NOT_FOUND", detail, { status });
export const forbidden = (detail: string) => new ServiceError("FORBIDDEN", detail);
export const badRequest = (detail: string, fields?: Record<string, string[]>) =>
  new ServiceError("VALIDATION", detail, { fields });

export const STAFF_ONLY_DETAIL = "Must be a Staff User to Perform this request.";
export const UNAUTHENTICATED_DETAIL = "Authentication credentials were not provided.";
/** A credential was sent and cannot be used (unknown, revoked, expired): answered 401. */
export const INVALID_CREDENTIALS_DETAIL = "Invalid or expired credentials.";

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
