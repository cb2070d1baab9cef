import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { enforceSignInLimits, RateLimitedError } from "./index";

/**
 * The sign-in page's limits, per client and per account (null when the account is not known
 * yet, as for a provider's sign-in). Over a limit the browser goes back to the sign-in page,
 * which says how long to wait.
 */
export async function limitSignIn(account: string | null, callbackUrl: string): Promise<void> {
  try {
    await enforceSignInLimits(await getDb(), clientIp(await headers()), account);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      redirect(`/signin?error=RateLimited&retryAfter=${error.retryAfterSeconds}&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    }
    throw error;
  }
}
