"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth";
import { DEMO_PROVIDER_ID, OIDC_PROVIDER_ID } from "@/lib/auth/config";
import { clientIp } from "@/lib/http/client-ip";
import { safeReturnPath } from "@/lib/http/return-path";
import { enforceSignInLimits, RateLimitedError } from "@/lib/rate-limit";

/** Per client and per account; over the limit, back to the sign-in page with a message. */
async function limitSignIn(account: string | null, callbackUrl: string): Promise<void> {
  try {
    await enforceSignInLimits(await getDb(), clientIp(await headers()), account);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      redirect(`/signin?error=RateLimited&retryAfter=${error.retryAfterSeconds}&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    }
    throw error;
  }
}

export async function demoSignInAction(formData: FormData) {
  const callbackUrl = safeReturnPath(formData.get("callbackUrl"));
  const username = String(formData.get("username") ?? "");
  await limitSignIn(username, callbackUrl);
  try {
    await signIn(DEMO_PROVIDER_ID, { username, redirectTo: callbackUrl });
  } catch (error) {
    // signIn throws a redirect on success; only Auth.js errors mean "refused".
    if (error instanceof AuthError) {
      redirect(`/signin?error=${encodeURIComponent(error.type)}&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    }
    throw error;
  }
}

export async function oidcSignInAction(formData: FormData) {
  const callbackUrl = safeReturnPath(formData.get("callbackUrl"));
  await limitSignIn(null, callbackUrl);
  await signIn(OIDC_PROVIDER_ID, { redirectTo: callbackUrl });
}
