import "server-only";
import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/http/api-route";
import { clientIp } from "@/lib/http/client-ip";
import { enforceSignInLimits, RateLimitedError } from "./index";

/**
 * Auth.js's own sign-in endpoints (/api/auth/callback/<provider>, /api/auth/signin/<provider>)
 * sign in without the sign-in page, so they share its limits: per client, and per account when
 * the form names one. A 429 with Retry-After once spent, else null (go on to Auth.js).
 */
export async function limitAuthEndpoint(req: NextRequest): Promise<Response | null> {
  const action = req.nextUrl.pathname.split("/")[3];
  if (action !== "callback" && action !== "signin") return null;
  let account: string | null = null;
  if ((req.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    const username = (await req.clone().formData().catch(() => null))?.get("username");
    account = typeof username === "string" && username.trim() !== "" ? username : null;
  }
  try {
    await enforceSignInLimits(await getDb(), clientIp(req.headers), account);
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const limited = errorResponse(429, error.detail);
    limited.headers.set("retry-after", String(error.retryAfterSeconds));
    return limited;
  }
}
