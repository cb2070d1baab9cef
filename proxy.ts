import { NextResponse, type NextRequest } from "next/server";
import { databaseKnownDown } from "@/lib/data/outage-state";
import { getEnv } from "@/lib/env";
import { malformedPathResponse } from "@/lib/http/malformed-path";
import { outageResponse } from "@/lib/http/outage-page";
import { isApiPath, newNonce, securityHeaders } from "@/lib/http/security-headers";

/**
 * Runs before every page, API route and server action (Next 16's name for middleware):
 * - sets the security headers, with a fresh CSP nonce per request that Next copies onto its own
 *   scripts (it reads the nonce from the request's Content-Security-Policy header);
 * - answers 400 for a path whose percent-escapes are not UTF-8, before any page or route tries to
 *   decode it;
 * - refuses a server action whose Origin header is missing or names another site. Next checks a
 *   present Origin against the host, but lets a request without one through; a browser always
 *   sends Origin on a POST, so a missing one is a forged or stripped request;
 * - while this process knows the database is unreachable (a request met it, and the probe has not
 *   seen it answer since: lib/data/outage.ts), answers a page request with the outage page and
 *   503 + Retry-After at once (decision 048). Rendering it would fail anyway, in the root layout,
 *   into Next's bare error document with a 500.
 */
export function proxy(req: NextRequest) {
  const env = getEnv();
  const forwardedProto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const https = req.nextUrl.protocol === "https:" || forwardedProto === "https" || (env.baseUrl?.startsWith("https:") ?? false);
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    pathname: req.nextUrl.pathname,
    https,
    vendorWorkerOrigins: env.vendorWorkerOrigins,
    development: env.nodeEnv === "development",
  });

  let response: Response;
  const malformed = malformedPathResponse(req.nextUrl);
  if (malformed) {
    response = malformed;
  } else if (isActionLike(req) && !originAllowed(req, env.baseUrl)) {
    response = NextResponse.json(
      { detail: "Cross-site request refused: this form can only be sent from the Invigil site itself." },
      { status: 403 },
    );
  } else if (isPageRead(req) && databaseKnownDown()) {
    response = outageResponse({ acceptLanguage: req.headers.get("accept-language"), nonce });
  } else {
    const requestHeaders = new Headers(req.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * A request that may run a server action: any state-changing request to a page (with JavaScript,
 * Next sends the action id in a `Next-Action` header; without it, in the form body). Pages take
 * no other POSTs; the API has its own checks (lib/http/api-route.ts).
 */
function isActionLike(req: NextRequest): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return false;
  return req.headers.has("next-action") || !isApiPath(req.nextUrl.pathname);
}

/** A browser asking for a page (not the API, not a file such as a vendor worker script). */
function isPageRead(req: NextRequest): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const p = req.nextUrl.pathname;
  if (isApiPath(p) || p.startsWith("/_next/")) return false;
  return !/\.[A-Za-z0-9]{1,8}$/.test(p);
}

function originAllowed(req: NextRequest, baseUrl: string | undefined): boolean {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const allowed = [req.headers.get("x-forwarded-host"), req.headers.get("host")];
  if (baseUrl) allowed.push(new URL(baseUrl).host);
  return allowed.some((h) => h !== null && h.split(",")[0]!.trim().toLowerCase() === host.toLowerCase());
}

export const config = {
  // Static build files carry no policy of their own (next.config.mjs still sets nosniff on them).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
