/**
 * The vendor protocols the fake speaks: the REST vendor API (§9.6, `rest.ts`) and RPNow's
 * registration endpoint (§9.5, `rpnow.ts`). Kept in one place so the program (main.ts) and tests
 * build the same vendor.
 */
import type { Route } from "./core";
import type { RpnowReviewPayload } from "./review";

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
  // ---------------------------------------------------------------------------------------------
  // MERGE POINT. When rest.ts and rpnow.ts are on this branch, add at the top of this file
  //   import { restVendorRoutes } from "./rest";
  //   import { rpnowReviewPayload, rpnowRoutes } from "./rpnow";
  // and return instead
  //   {
  //     routes: [...restVendorRoutes(options.rest), ...(options.rpnow ? rpnowRoutes(options.rpnow) : [])],
  //     rpnowReviewPayload,
  //   }
  // ---------------------------------------------------------------------------------------------
  void options;
  return { routes: [], rpnowReviewPayload: null };
}
