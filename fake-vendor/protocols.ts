/**
 * The vendor protocols the fake speaks: the REST vendor API (§9.6, `rest.ts`) and RPNow's
 * registration endpoint (§9.5, `rpnow.ts`). Kept in one place so the program (main.ts) and tests
 * build the same vendor.
 */
import type { Route } from "./core";
import type { RpnowReviewPayload } from "./review";
import { restVendorRoutes } from "./rest";
import { rpnowReviewPayload, rpnowRoutes } from "./rpnow";

export interface RestProtocolOptions {
  /** The OAuth client the vendor expects Invigil to use (Invigil's backend `client_id`/`client_secret`). */
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds?: number;
}

export interface RpnowProtocolOptions {
  secretKeyId: string;
  secretKey: string;
  /** 24 bytes (3DES), as configured on Invigil's RPNow backend. */
  cryptoKey: string;
}

export interface ProtocolModules {
  routes: Route[];
  rpnowReviewPayload: RpnowReviewPayload | null;
}

export function protocolModules(options: { rest: RestProtocolOptions; rpnow: RpnowProtocolOptions | null }): ProtocolModules {
  return {
    routes: [...restVendorRoutes(options.rest), ...(options.rpnow ? rpnowRoutes(options.rpnow) : [])],
    // The review page posts one free-text comment; RPNow carries it as a webcam comment.
    rpnowReviewPayload: (attempt, status, comment) =>
      rpnowReviewPayload(
        attempt,
        status,
        comment ? [{ comments: comment, eventStatus: status, eventStart: 0, eventFinish: 0, duration: 0 }] : [],
      ),
  };
}
