/**
 * What can go wrong talking to a proctoring vendor (REST or RPNow), as typed errors with plain messages. A message names
 * the backend, the call and what happened (the HTTP status, "did not answer within 10 s", ...);
 * it never contains the client secret, a token or the vendor's response body.
 */
export class VendorError extends Error {
  /** The vendor's HTTP status when it answered, else null. */
  readonly status: number | null;
  /** Worth trying again later (the vendor was down, slow, or answered 5xx / 401 / 408 / 429). */
  readonly retryable: boolean;

  constructor(message: string, options: { status?: number | null; retryable: boolean }) {
    super(message);
    this.name = "VendorError";
    this.status = options.status ?? null;
    this.retryable = options.retryable;
  }
}

/** The vendor could not be reached, did not answer in time, answered 5xx, or sent garbage. */
export class VendorUnavailableError extends VendorError {
  constructor(message: string, status: number | null = null) {
    super(message, { status, retryable: true });
    this.name = "VendorUnavailableError";
  }
}

/** The vendor answered, but refused the call (a 4xx) or answered without what the call needs. */
export class VendorRejectedError extends VendorError {
  constructor(message: string, status: number | null = null) {
    super(message, { status, retryable: status === 401 || status === 408 || status === 429 });
    this.name = "VendorRejectedError";
  }
}

export function isVendorError(error: unknown): error is VendorError {
  return error instanceof VendorError;
}
