import { ServiceError } from "@/lib/services/errors";

/**
 * Why a vendor call failed, typed so the attempt engine can tell "the vendor is down" from "the
 * vendor said no" (3.8.1's BackendProviderCannotRegisterAttempt carries the vendor's status).
 * Both are ServiceErrors, so a caller that does not handle them still answers 503/502 with a
 * plain detail instead of a 500. Details never hold credentials or the request's signature.
 */
export class VendorUnavailableError extends ServiceError {
  constructor(
    readonly backend: string,
    detail: string,
  ) {
    super("VENDOR_ERROR", detail, { status: 503 });
    this.name = "VendorUnavailableError";
  }
}

export class VendorRegistrationError extends ServiceError {
  constructor(
    readonly backend: string,
    detail: string,
    /** The vendor's HTTP status, or null when the request was never answered as HTTP (bad config, bad body). */
    readonly vendorStatus: number | null,
  ) {
    super("VENDOR_ERROR", detail, { status: 502 });
    this.name = "VendorRegistrationError";
  }
}
