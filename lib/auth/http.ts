import "server-only";
import { Auth, raw, skipCSRFCheck } from "@auth/core";
import { cookies, headers as nextHeaders } from "next/headers";
import type { NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { buildAuthConfig } from "./config";
import { classifySignInError } from "./sign-in-errors";

/**
 * The public origin of this site: INVIGIL_BASE_URL when set, else the (forwarded) Host header.
 * Auth.js builds the OAuth `redirect_uri` from it both when sending the person to the provider
 * and when exchanging the code; the two must be equal, and Next.js gives route handlers a
 * request URL of `http://localhost:<port>` whatever the browser asked for.
 */
export function publicOrigin(headers: Headers): string {
  const configured = getEnv().baseUrl;
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  if (!host) throw new Error("no Host header and no INVIGIL_BASE_URL: cannot tell the public URL");
  return `${proto}://${host}`;
}

/** Points the sign-in page's `?error=` at the reason we found instead of Auth.js's generic one. */
function withReason(location: string, failure: unknown): string {
  if (failure === undefined) return location;
  const url = new URL(location);
  if (!url.searchParams.has("error") || url.searchParams.get("error") === "CredentialsSignin") return location;
  // A refusal chosen by our own signIn callback already names its reason.
  if (url.searchParams.get("error") !== "Configuration" && url.searchParams.get("error") !== "OAuthCallbackError") return location;
  url.searchParams.set("error", classifySignInError(failure));
  return url.toString();
}

/** `/api/auth/*`: Auth.js on the public URL, with failures sorted into reasons a person can act on. */
export async function handleAuthRequest(req: NextRequest): Promise<Response> {
  const url = new URL(req.nextUrl.pathname + req.nextUrl.search, publicOrigin(req.headers));
  // A plain Request: a NextRequest built from another keeps reporting the original URL.
  const publicReq = new Request(url, {
    method: req.method,
    headers: req.headers,
    body: req.method === "POST" ? await req.text() : undefined,
  });
  let failure: unknown;
  const response = await Auth(publicReq, buildAuthConfig({ onError: (e) => (failure ??= e) }));
  const location = response.headers.get("location");
  if (!location || failure === undefined) return response;
  const fixed = withReason(location, failure);
  if (fixed === location) return response;
  const out = new Response(null, { status: response.status, headers: response.headers });
  out.headers.set("location", fixed);
  return out;
}

/**
 * Runs one Auth.js action (sign-in start, sign-out) from a server action, on the public URL,
 * and returns where to send the browser. next-auth's own `signIn` derives the URL from the
 * Host header alone and reports a provider that is down as a configuration error.
 */
async function runAction(path: string, body: Record<string, string>): Promise<string> {
  const incoming = new Headers(await nextHeaders());
  const origin = publicOrigin(incoming);
  incoming.set("content-type", "application/x-www-form-urlencoded");
  let failure: unknown;
  const config = buildAuthConfig({ onError: (e) => (failure ??= e) });
  let location: string;
  try {
    const result = await Auth(new Request(`${origin}/api/auth/${path}`, { method: "POST", headers: incoming, body: new URLSearchParams(body) }), {
      ...config,
      raw,
      skipCSRFCheck,
    });
    const jar = await cookies();
    for (const c of (result as { cookies?: { name: string; value: string; options: object }[] }).cookies ?? []) jar.set(c.name, c.value, c.options);
    location = result instanceof Response ? (result.headers.get("location") ?? "/signin") : ((result as { redirect?: string }).redirect ?? "/signin");
  } catch (error) {
    failure ??= error;
    location = `${origin}/signin?error=Configuration`;
  }
  return withReason(new URL(location, origin).toString(), failure);
}

/** Starts signing in with `providerId`; returns the provider's authorization URL (or our error page). */
export function startProviderSignIn(providerId: string, callbackUrl: string): Promise<string> {
  return runAction(`signin/${providerId}`, { callbackUrl });
}

/** Ends the Invigil session; returns where to go next. */
export function endSession(callbackUrl: string): Promise<string> {
  return runAction("signout", { callbackUrl });
}
