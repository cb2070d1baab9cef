"use server";

import { redirect } from "next/navigation";
import { backToSignInIfUnavailable } from "@/lib/actions/unavailable";
import { OIDC_PROVIDER_ID, OPENEDX_PROVIDER_ID } from "@/lib/auth/config";
import { startProviderSignIn } from "@/lib/auth/http";
import { safeReturnPath } from "@/lib/http/return-path";
import { limitSignIn } from "@/lib/rate-limit/sign-in-form";

/** Sends the browser to the OpenID Connect provider or the Open edX LMS. */
export async function providerSignInAction(formData: FormData) {
  const provider = formData.get("provider");
  if (provider !== OIDC_PROVIDER_ID && provider !== OPENEDX_PROVIDER_ID) redirect("/signin");
  const callbackUrl = safeReturnPath(formData.get("callbackUrl"));
  try {
    await limitSignIn(null, callbackUrl);
  } catch (error) {
    backToSignInIfUnavailable(error, callbackUrl);
    throw error;
  }
  redirect(await startProviderSignIn(provider, callbackUrl));
}
